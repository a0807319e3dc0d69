// html5.h for the canvas, and js/canvas_element.js for what it lacks (the cursor).
#include "canvas_element.hpp"

#include <emscripten/html5.h>

extern "C" void duet_set_cursor(char const* selector, char const* cursor);

namespace duet::web {

namespace {

EM_BOOL on_resize(int, EmscriptenUiEvent const*, void* user) {
    static_cast<canvas_element*>(user)->notify_resize();
    return EM_FALSE;
}

}  // namespace

canvas_element::canvas_element(std::string selector, std::function<void()> on_resize_fn)
    : selector_(std::move(selector)), on_resize_(std::move(on_resize_fn)) {
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_resize);
}

canvas_element::~canvas_element() {
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, nullptr);
}

void canvas_element::css_size(double& width, double& height) const {
    width = 0;
    height = 0;
    emscripten_get_element_css_size(selector_.c_str(), &width, &height);
}

double canvas_element::device_pixel_ratio() { return emscripten_get_device_pixel_ratio(); }

void canvas_element::set_backing_size(int width, int height) {
    emscripten_set_canvas_element_size(selector_.c_str(), width, height);
}

void canvas_element::set_cursor(char const* css) { duet_set_cursor(selector_.c_str(), css); }

}  // namespace duet::web
