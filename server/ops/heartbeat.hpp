// The server-wide heartbeat: one timer for every connection's deadlines, instead of a wait
// pending per connection. Beast's own idle timer would keep one per connection and re-arm
// it, cancel and all, on every message read; here each connection keeps only when it was
// last heard from.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "net/beast.hpp"

namespace duet {

// A connection the heartbeat visits.
class heartbeat_target {
  public:
    using clock = std::chrono::steady_clock;

    // Runs the connection's deadlines against `now`: the login deadline, a ping after half
    // the idle timeout without a word, the end after all of it. Callable from any thread.
    virtual void heartbeat(clock::time_point now) = 0;

  protected:
    ~heartbeat_target() = default;
};

// Beats every `period` until stopped; each beat hands `beat` the time, and `beat` visits the
// targets (the server: every signaling session in its session list).
class heartbeat : public std::enable_shared_from_this<heartbeat> {
  public:
    using clock = heartbeat_target::clock;
    using visit = std::function<void(clock::time_point now)>;

    // A quarter of the shorter timeout apart, so each deadline is met within a quarter of
    // itself; never less than 10 ms.
    static std::chrono::milliseconds period_for(std::chrono::milliseconds login_timeout,
                                                std::chrono::milliseconds idle_timeout);

    heartbeat(net::any_io_executor executor, std::chrono::milliseconds period, visit beat);

    void run();
    void stop();

  private:
    void schedule();
    void on_beat(error_code ec);

    net::steady_timer timer_;
    std::chrono::milliseconds period_;
    visit beat_;
};

}  // namespace duet
