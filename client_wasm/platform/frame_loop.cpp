#include "frame_loop.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

namespace duet::platform {

namespace {

EM_BOOL animation_frame(double now, void* user) {
    static_cast<frame_loop*>(user)->run_frame(now);
    return EM_FALSE;  // one-shot: the next frame is requested only if needed
}

void delayed(void* user) { static_cast<frame_loop*>(user)->run_delayed(); }

// A microtask runs as soon as the current browser callback returns, and unlike timers it is
// not throttled in background tabs (where Chrome wakes timers once a second).
// clang-format off
EM_JS(void, duet_queue_microtask, (void* loop), {
    queueMicrotask(function () { _duet_frame_loop_tick(loop); });
});
// clang-format on

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void duet_frame_loop_tick(void* loop) {
    static_cast<frame_loop*>(loop)->run_tick();
}

frame_loop::frame_loop(std::function<void(double)> on_frame, std::function<void()> on_tick)
    : on_frame_(std::move(on_frame)), on_tick_(std::move(on_tick)) {}

frame_loop::~frame_loop() {
    if (frame_pending_) emscripten_cancel_animation_frame(frame_request_);
    if (delayed_pending_) emscripten_clear_timeout(delayed_request_);
}

void frame_loop::request_frame() {
    if (frame_pending_) return;
    frame_pending_ = true;
    frame_request_ = emscripten_request_animation_frame(animation_frame, this);
}

void frame_loop::request_frame_after(double delay_ms) {
    if (frame_pending_ || delayed_pending_) return;
    if (delay_ms <= 0) return request_frame();
    delayed_pending_ = true;
    delayed_request_ = emscripten_set_timeout(delayed, delay_ms, this);
}

void frame_loop::run_delayed() {
    delayed_pending_ = false;
    request_frame();
}

void frame_loop::request_tick() {
    if (tick_pending_) return;
    tick_pending_ = true;
    duet_queue_microtask(this);
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
