// html5.h's event loop, and js/scheduler.js for the microtask it lacks.
#include "scheduler.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

extern "C" {
void duet_queue_microtask(duet::web::scheduler::callback fn, void* user);

// Called by js/scheduler.js.
EMSCRIPTEN_KEEPALIVE void duet_run_microtask(duet::web::scheduler::callback fn, void* user) {
    fn(user);
}
}

namespace duet::web::scheduler {

double now() { return emscripten_get_now(); }

long request_animation_frame(frame_callback fn, void* user) {
    return emscripten_request_animation_frame(fn, user);
}

void cancel_animation_frame(long request) { emscripten_cancel_animation_frame(request); }

long set_timeout(callback fn, double delay_ms, void* user) {
    return emscripten_set_timeout(fn, delay_ms, user);
}

void clear_timeout(long handle) { emscripten_clear_timeout(handle); }

void queue_microtask(callback fn, void* user) { duet_queue_microtask(fn, user); }

}  // namespace duet::web::scheduler
