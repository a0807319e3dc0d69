// The browser's clocks and callbacks: requestAnimationFrame, timeouts, microtasks and the
// high-resolution clock, as plain function pointers. platform::frame_loop and
// platform::timers build their rules on these.
#pragma once

namespace duet::web::scheduler {

using callback = void (*)(void* user);
// Returns nonzero to be called again at the next frame (html5.h's contract); ours return 0.
using frame_callback = int (*)(double now_ms, void* user);

// performance.now(), in milliseconds.
double now();

long request_animation_frame(frame_callback fn, void* user);
void cancel_animation_frame(long request);

long set_timeout(callback fn, double delay_ms, void* user);
void clear_timeout(long handle);

// Runs `fn(user)` as soon as the current browser callback returns (js/scheduler.js).
void queue_microtask(callback fn, void* user);

}  // namespace duet::web::scheduler
