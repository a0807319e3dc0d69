// Renders only when something changed: callers request a frame (input, a new video frame, a
// state change, an animation) and at most one requestAnimationFrame is pending. An idle
// page schedules nothing and uses no CPU.
#pragma once

#include <functional>

namespace duet::platform {

class frame_loop {
  public:
    frame_loop(std::function<void(double)> on_frame, std::function<void()> on_tick);
    ~frame_loop();
    frame_loop(frame_loop const&) = delete;
    frame_loop& operator=(frame_loop const&) = delete;

    void request_frame();
    // A frame, but not before `delay_ms` from now (pacing for video that arrives faster
    // than it is worth drawing).
    void request_frame_after(double delay_ms);
    // Logic without drawing, as soon as the current callback returns. Browsers pause
    // requestAnimationFrame in hidden tabs, and an incoming call must still be answered there.
    void request_tick();

    void run_frame(double now);
    void run_tick();
    void run_delayed();

  private:
    std::function<void(double)> on_frame_;
    std::function<void()> on_tick_;
    long frame_request_ = 0;
    bool frame_pending_ = false;
    bool tick_pending_ = false;
    bool delayed_pending_ = false;
    long delayed_request_ = 0;
    double delayed_due_ = 0;
};

}  // namespace duet::platform
