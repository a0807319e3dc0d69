#include "canvas.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cmath>

namespace duet::platform {

namespace {

// clang-format off
EM_JS(void, duet_set_cursor, (char const* selector, char const* cursor), {
    var el = document.querySelector(UTF8ToString(selector));
    if (el) el.style.cursor = UTF8ToString(cursor);
});
// clang-format on

EM_BOOL on_resize(int, EmscriptenUiEvent const*, void* user) {
    static_cast<canvas*>(user)->notify_change();
    return EM_FALSE;
}

}  // namespace

canvas::canvas(std::string selector, std::function<void()> on_change)
    : selector_(std::move(selector)), on_change_(std::move(on_change)) {
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_resize);
}

canvas::~canvas() {
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, nullptr);
}

bool canvas::update() {
    double w = 0;
    double h = 0;
    emscripten_get_element_css_size(selector_.c_str(), &w, &h);
    double dpr = emscripten_get_device_pixel_ratio();
    if (!(dpr > 0)) dpr = 1;
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    int pw = static_cast<int>(std::lround(w * dpr));
    int ph = static_cast<int>(std::lround(h * dpr));
    bool changed = pw != pixel_width_ || ph != pixel_height_ || w != css_width_ || h != css_height_;
    if (!changed) return false;
    css_width_ = w;
    css_height_ = h;
    pixel_width_ = pw;
    pixel_height_ = ph;
    scale_ = static_cast<float>(pw / w);
    emscripten_set_canvas_element_size(selector_.c_str(), pw, ph);
    return true;
}

}  // namespace duet::platform

namespace duet::platform {

void canvas::set_cursor(int imgui_cursor) {
    if (imgui_cursor == cursor_) return;
    cursor_ = imgui_cursor;
    char const* css = "default";
    switch (imgui_cursor) {
        case ImGuiMouseCursor_None:
            css = "none";
            break;
        case ImGuiMouseCursor_TextInput:
            css = "text";
            break;
        case ImGuiMouseCursor_Hand:
            css = "pointer";
            break;
        case ImGuiMouseCursor_ResizeNS:
            css = "ns-resize";
            break;
        case ImGuiMouseCursor_ResizeEW:
            css = "ew-resize";
            break;
        case ImGuiMouseCursor_NotAllowed:
            css = "not-allowed";
            break;
        default:
            break;
    }
    duet_set_cursor(selector_.c_str(), css);
}

}  // namespace duet::platform
