// A handful of one-shot timers, each known by a small number: the call machine's timeouts
// (call::timer). Starting one that runs restarts it; cancelling is immediate, so a cancelled
// timer never fires afterwards.
#pragma once

#include <array>
#include <functional>

namespace duet::platform {

class timers {
  public:
    static constexpr int count = 8;

    explicit timers(std::function<void(int which)> on_fire);
    ~timers();
    timers(timers const&) = delete;
    timers& operator=(timers const&) = delete;

    void start(int which, double delay_ms);
    void cancel(int which);
    bool running(int which) const;

    // For the C trampoline only.
    struct slot {
        timers* owner = nullptr;
        int which = 0;
        long handle = 0;
        bool armed = false;
    };
    void fire(slot& s);

  private:
    std::function<void(int)> on_fire_;
    std::array<slot, count> slots_;
};

}  // namespace duet::platform
