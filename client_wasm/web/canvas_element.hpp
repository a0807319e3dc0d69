// The <canvas> the app draws on, as the browser sees it: its CSS size, the screen's
// devicePixelRatio, its backing-store size, its cursor, and the window's resize event.
// platform::canvas decides what the sizes mean.
#pragma once

#include <functional>
#include <string>

namespace duet::web {

class canvas_element {
  public:
    // `on_resize` runs when the window resizes.
    canvas_element(std::string selector, std::function<void()> on_resize);
    ~canvas_element();
    canvas_element(canvas_element const&) = delete;
    canvas_element& operator=(canvas_element const&) = delete;

    std::string const& selector() const { return selector_; }
    void css_size(double& width, double& height) const;
    static double device_pixel_ratio();
    void set_backing_size(int width, int height);
    // A CSS cursor keyword ("default", "text", "pointer", ...).
    void set_cursor(char const* css);

    // For the C trampoline only.
    void notify_resize() const {
        if (on_resize_) on_resize_();
    }

  private:
    std::string selector_;
    std::function<void()> on_resize_;
};

}  // namespace duet::web
