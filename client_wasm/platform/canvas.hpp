// The full-window canvas: CSS size, devicePixelRatio and a backing store of CSS size x DPR,
// so one ImGui pixel is one device pixel and text is rasterised at the screen's resolution.
#pragma once

#include <functional>
#include <string>

#include "web/canvas_element.hpp"

namespace duet::platform {

class canvas {
  public:
    // `on_change` runs when the window resizes (the caller then requests a frame). The
    // backing store is sized at once, before anyone creates a WebGL context on the canvas:
    // a context made at the default 300x150 and resized after reallocates its drawing buffer
    // (twice: width, then height), which software GL does on the main thread's time to the
    // first frame.
    canvas(std::string selector, std::function<void()> on_change);
    ~canvas();
    canvas(canvas const&) = delete;
    canvas& operator=(canvas const&) = delete;

    // Reads the current size and ratio, resizing the backing store; true if anything changed.
    bool update();

    std::string const& selector() const { return element_.selector(); }
    int pixel_width() const { return pixel_width_; }
    int pixel_height() const { return pixel_height_; }
    double css_width() const { return css_width_; }
    double css_height() const { return css_height_; }
    // Backing pixels per CSS pixel: devicePixelRatio, as the backing store rounded it.
    float scale() const { return scale_; }

    // The CSS cursor over the canvas, from ImGui's wish (ImGuiMouseCursor); set on change.
    void set_cursor(int imgui_cursor);

  private:
    web::canvas_element element_;
    int pixel_width_ = 0;
    int pixel_height_ = 0;
    double css_width_ = 0;
    double css_height_ = 0;
    float scale_ = 1;
    int cursor_ = -2;
};

}  // namespace duet::platform
