// Mouse, wheel and touch from html5.h's C callbacks, as ImGui input (pointer_input.hpp).
#include "pointer_input.hpp"

#include <emscripten/html5.h>

#include <cfloat>
#include <cmath>

#include "canvas.hpp"

namespace duet::platform {

namespace {

// Finger travel that turns a tap into a scroll, in CSS pixels (Android's touch slop is 8dp).
constexpr float touch_slop_css = 10;

modifiers mods_of(EmscriptenMouseEvent const* e) {
    return {e->ctrlKey != 0, e->shiftKey != 0, e->altKey != 0, e->metaKey != 0};
}

EM_BOOL mouse_cb(int type, EmscriptenMouseEvent const* e, void* user) {
    // The DOM numbers buttons left, middle, right; ImGui left, right, middle.
    int button = e->button == 1 ? 2 : e->button == 2 ? 1 : e->button;
    return static_cast<pointer_input*>(user)->on_mouse(type, float(e->clientX), float(e->clientY),
                                                       button, mods_of(e));
}

// The window lost focus with a button held (alt-tab mid-drag): its release will go elsewhere.
EM_BOOL blur_cb(int, EmscriptenFocusEvent const*, void* user) {
    static_cast<pointer_input*>(user)->release_buttons();
    return EM_FALSE;
}

EM_BOOL wheel_cb(int, EmscriptenWheelEvent const* e, void* user) {
    return static_cast<pointer_input*>(user)->on_wheel(float(e->deltaX), float(e->deltaY),
                                                       int(e->deltaMode));
}

EM_BOOL touch_cb(int type, EmscriptenTouchEvent const* e, void* user) {
    auto* self = static_cast<pointer_input*>(user);
    for (int i = 0; i < e->numTouches; ++i) {
        auto const& t = e->touches[i];
        if (!t.isChanged) continue;
        self->on_touch(type, int(t.identifier), float(t.clientX), float(t.clientY));
    }
    return EM_TRUE;  // always ours: no emulated mouse events after it, no zoom
}

}  // namespace

pointer_input::pointer_input(canvas const& target, input_queue& queue,
                             std::function<void()> on_input, std::function<void()> on_gesture)
    : canvas_(target),
      queue_(queue),
      on_input_(std::move(on_input)),
      on_gesture_(std::move(on_gesture)) {
    char const* c = canvas_.selector().c_str();
    emscripten_set_mousedown_callback(c, this, EM_FALSE, mouse_cb);
    // Moves and releases anywhere in the window, so a drag that leaves the canvas ends.
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, mouse_cb);
    emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, mouse_cb);
    emscripten_set_mouseleave_callback(c, this, EM_FALSE, mouse_cb);
    emscripten_set_wheel_callback(c, this, EM_FALSE, wheel_cb);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, blur_cb);
    emscripten_set_touchstart_callback(c, this, EM_FALSE, touch_cb);
    emscripten_set_touchmove_callback(c, this, EM_FALSE, touch_cb);
    emscripten_set_touchend_callback(c, this, EM_FALSE, touch_cb);
    emscripten_set_touchcancel_callback(c, this, EM_FALSE, touch_cb);
}

pointer_input::~pointer_input() {
    char const* c = canvas_.selector().c_str();
    emscripten_set_mousedown_callback(c, nullptr, EM_FALSE, nullptr);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, nullptr);
    emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, nullptr);
    emscripten_set_mouseleave_callback(c, nullptr, EM_FALSE, nullptr);
    emscripten_set_wheel_callback(c, nullptr, EM_FALSE, nullptr);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, nullptr);
    emscripten_set_touchstart_callback(c, nullptr, EM_FALSE, nullptr);
    emscripten_set_touchmove_callback(c, nullptr, EM_FALSE, nullptr);
    emscripten_set_touchend_callback(c, nullptr, EM_FALSE, nullptr);
    emscripten_set_touchcancel_callback(c, nullptr, EM_FALSE, nullptr);
}

void pointer_input::push_pos(float css_x, float css_y) {
    input_event e;
    e.type = input_event::kind::mouse_pos;
    e.x = css_x * canvas_.scale();
    e.y = css_y * canvas_.scale();
    queue_.push(e);
}

bool pointer_input::on_mouse(int type, float css_x, float css_y, int button, modifiers mods) {
    switch (type) {
        case EMSCRIPTEN_EVENT_MOUSEMOVE:
            push_pos(css_x, css_y);
            on_input_();
            return false;
        case EMSCRIPTEN_EVENT_MOUSELEAVE: {
            input_event e;
            e.x = e.y = -FLT_MAX;
            queue_.push(e);
            on_input_();
            return false;
        }
        case EMSCRIPTEN_EVENT_MOUSEDOWN:
        case EMSCRIPTEN_EVENT_MOUSEUP: {
            bool down = type == EMSCRIPTEN_EVENT_MOUSEDOWN;
            push_pos(css_x, css_y);
            input_event e;
            e.type = input_event::kind::mouse_button;
            e.button = button;
            e.down = down;
            e.mods = mods;
            queue_.push(e);
            on_input_();
            on_gesture_();
            // Cancelling the press keeps the browser from moving focus to the canvas, which
            // would take it from the text input that carries the keyboard.
            return down;
        }
        default:
            return false;
    }
}

void pointer_input::release_buttons() {
    for (int b = 0; b < 3; ++b) {
        input_event e;
        e.type = input_event::kind::mouse_button;
        e.button = b;
        e.down = false;
        queue_.push(e);
    }
    touching_ = false;
    on_input_();
}

bool pointer_input::on_wheel(float dx, float dy, int delta_mode) {
    // Pixels, lines or pages, to ImGui's steps of about one line; positive ImGui = up.
    float per_step = delta_mode == DOM_DELTA_PIXEL  ? 100.f
                     : delta_mode == DOM_DELTA_LINE ? 3.f
                                                    : 1.f;
    input_event e;
    e.type = input_event::kind::wheel;
    e.x = -dx / per_step;
    e.y = -dy / per_step;
    queue_.push(e);
    on_input_();
    return true;
}

void pointer_input::on_touch(int type, int id, float css_x, float css_y) {
    touch_seen_ = true;
    switch (type) {
        case EMSCRIPTEN_EVENT_TOUCHSTART:
            if (touching_) return;
            touching_ = true;
            touch_id_ = id;
            scrolling_ = false;
            touch_start_x_ = touch_last_x_ = css_x;
            touch_start_y_ = touch_last_y_ = css_y;
            return;
        case EMSCRIPTEN_EVENT_TOUCHMOVE: {
            if (!touching_ || id != touch_id_) return;
            if (!scrolling_ &&
                std::hypot(css_x - touch_start_x_, css_y - touch_start_y_) > touch_slop_css) {
                scrolling_ = true;
                push_pos(touch_start_x_, touch_start_y_);  // scroll what is under the finger
            }
            if (scrolling_) {
                input_event e;
                e.type = input_event::kind::wheel;
                // The content follows the finger: moving up scrolls down (negative wheel).
                e.x = (css_x - touch_last_x_) / line_height_css_;
                e.y = (css_y - touch_last_y_) / line_height_css_;
                queue_.push(e);
                on_input_();
            }
            touch_last_x_ = css_x;
            touch_last_y_ = css_y;
            return;
        }
        case EMSCRIPTEN_EVENT_TOUCHEND:
        case EMSCRIPTEN_EVENT_TOUCHCANCEL: {
            if (!touching_ || id != touch_id_) return;
            touching_ = false;
            bool tap = !scrolling_ && type == EMSCRIPTEN_EVENT_TOUCHEND;
            if (tap) {
                push_pos(css_x, css_y);
                input_event press;
                press.type = input_event::kind::mouse_button;
                press.down = true;
                queue_.push(press);
                input_event release = press;
                release.down = false;
                queue_.push(release);
            }
            input_event away;
            away.x = away.y = -FLT_MAX;  // no hover is left behind by a finger
            queue_.push(away);
            on_input_();
            if (tap) on_gesture_();
            return;
        }
        default:
            return;
    }
}

}  // namespace duet::platform
