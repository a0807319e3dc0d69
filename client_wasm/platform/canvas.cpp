// The canvas's size rules: CSS size x DPR, rounded, and ImGui's cursor as CSS (canvas.hpp).
#include "canvas.hpp"

#include <imgui.h>

#include <cmath>

namespace duet::platform {

canvas::canvas(std::string selector, std::function<void()> on_change)
    : element_(std::move(selector), std::move(on_change)) {
    update();
}

canvas::~canvas() = default;

bool canvas::update() {
    double w = 0;
    double h = 0;
    element_.css_size(w, h);
    double dpr = web::canvas_element::device_pixel_ratio();
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
    element_.set_backing_size(pw, ph);
    return true;
}

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
    element_.set_cursor(css);
}

}  // namespace duet::platform
