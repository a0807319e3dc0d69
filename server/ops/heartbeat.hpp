#pragma once

#include <chrono>

namespace duet {

// A connection the listener's heartbeat visits: a quarter of the shorter of the login and
// idle timeouts apart, one timer for the whole server. Each connection keeps only when it was
// last heard from. Beast's own idle timer would instead keep a wait pending per connection
// and re-arm it, cancel and all, on every message read.
class heartbeat_target {
  public:
    using clock = std::chrono::steady_clock;

    // Runs the connection's deadlines against `now`: the login deadline, a ping after half
    // the idle timeout without a word, the end after all of it. Callable from any thread.
    virtual void heartbeat(clock::time_point now) = 0;

  protected:
    ~heartbeat_target() = default;
};

}  // namespace duet
