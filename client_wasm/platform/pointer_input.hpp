// Mouse, wheel and touch on the canvas, turned into ImGui input.
//
// Touch: a tap is a click at the finger (press and release, then the pointer leaves so no
// hover sticks); a drag past a few pixels scrolls like a wheel instead, and clicks nothing.
// Pinch-zoom and page scrolling are off (touch-action: none in the shell), so every touch
// is ours.
#pragma once

#include <functional>
#include <string>

#include "input_queue.hpp"

namespace duet::platform {

class canvas;

class pointer_input {
  public:
    // `on_input` runs after any event is queued (request a frame). `on_gesture` runs inside
    // the handler of a press or tap, after queueing: a text field can only open the
    // on-screen keyboard from within a user gesture, so the app runs frames right there.
    pointer_input(canvas const& target, input_queue& queue, std::function<void()> on_input,
                  std::function<void()> on_gesture);
    ~pointer_input();
    pointer_input(pointer_input const&) = delete;
    pointer_input& operator=(pointer_input const&) = delete;

    bool touch_seen() const { return touch_seen_; }
    // Wheel steps per CSS pixel of finger travel: one step per line of text.
    void set_line_height_css(float px) { line_height_css_ = px > 1 ? px : 1; }

    // html5.h callbacks; public only for the C trampolines.
    bool on_mouse(int type, float css_x, float css_y, int button, modifiers mods);
    bool on_wheel(float dx, float dy, int delta_mode);
    void on_touch(int type, int id, float css_x, float css_y);
    void release_buttons();

  private:
    void push_pos(float css_x, float css_y);

    canvas const& canvas_;
    input_queue& queue_;
    std::function<void()> on_input_;
    std::function<void()> on_gesture_;
    float line_height_css_ = 20;
    bool touch_seen_ = false;
    // The one finger we follow; others are ignored.
    bool touching_ = false;
    int touch_id_ = -1;
    bool scrolling_ = false;
    float touch_start_x_ = 0;
    float touch_start_y_ = 0;
    float touch_last_y_ = 0;
    float touch_last_x_ = 0;
};

}  // namespace duet::platform
