// At most one pending frame, delayed frames and logic ticks, over web::scheduler.
#include "frame_loop.hpp"

#include "web/scheduler.hpp"

namespace duet::platform {

namespace sched = web::scheduler;

namespace {

int animation_frame(double now, void* user) {
    static_cast<frame_loop*>(user)->run_frame(now);
    return 0;  // one-shot: the next frame is requested only if needed
}

void delayed(void* user) { static_cast<frame_loop*>(user)->run_delayed(); }

void tick(void* user) { static_cast<frame_loop*>(user)->run_tick(); }

}  // namespace

frame_loop::frame_loop(std::function<void(double)> on_frame, std::function<void()> on_tick)
    : on_frame_(std::move(on_frame)), on_tick_(std::move(on_tick)) {}

frame_loop::~frame_loop() {
    if (frame_pending_) sched::cancel_animation_frame(frame_request_);
    if (delayed_pending_) sched::clear_timeout(delayed_request_);
}

void frame_loop::request_frame() {
    if (frame_pending_) return;
    frame_pending_ = true;
    frame_request_ = sched::request_animation_frame(animation_frame, this);
}

void frame_loop::request_frame_after(double delay_ms) {
    if (frame_pending_) return;
    if (delay_ms <= 0) return request_frame();
    double due = sched::now() + delay_ms;
    // The sooner of two requests wins: a video frame due in 20 ms must not wait behind the
    // call clock's next second.
    if (delayed_pending_) {
        if (due >= delayed_due_) return;
        sched::clear_timeout(delayed_request_);
    }
    delayed_pending_ = true;
    delayed_due_ = due;
    delayed_request_ = sched::set_timeout(delayed, delay_ms, this);
}

void frame_loop::run_delayed() {
    delayed_pending_ = false;
    request_frame();
}

void frame_loop::request_tick() {
    if (tick_pending_) return;
    tick_pending_ = true;
    // A microtask, not a timer: timers are throttled in background tabs.
    sched::queue_microtask(tick, this);
}

void frame_loop::run_frame(double now) {
    frame_pending_ = false;
    if (on_frame_) on_frame_(now);
}

void frame_loop::run_tick() {
    tick_pending_ = false;
    if (on_tick_) on_tick_();
}

}  // namespace duet::platform
