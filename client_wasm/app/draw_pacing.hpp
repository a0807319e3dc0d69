// When to draw while a call is being set up, and how often video is worth a draw: the
// pacing rules as a pure function of a clock the caller passes in (milliseconds), so they
// are tested natively (tests/client_wasm/draw_pacing.tests.cpp). No browser, no GL.
#pragma once

#include "call/call_machine.hpp"

namespace duet::pacing {

// Two 30 fps cameras (self-view and remote) arrive out of step; drawing each of their frames
// separately would be 60 draws a second for 30 frames of each. Spaced this far apart, a draw
// usually takes both.
inline constexpr double min_video_frame_interval_ms = 30;

// While a call is being set up (accepted, until its first remote frame), each signaling
// step (offer, answer, candidates, each WebRTC operation's result) waits for the main thread,
// and a software-GL draw holds that for tens of milliseconds. Setup takes a fraction of a
// second, so its draws (the self-view, "Connecting...", even a hover) are spaced this far
// apart.
inline constexpr double setup_draw_interval_ms = 250;
inline constexpr double first_frame_wait_ms = 1000;
// Uploading a camera frame costs the main thread 5 to 15 ms with software WebGL even through a
// 2D canvas (web/js/video_element.js), and the browser then reads the canvas back to composite
// it: for the first second of a setup the self-view keeps its last frame.
inline constexpr double self_view_hold_ms = 1000;
// While a call rings (either way) the self-view is the only thing moving, and each of its
// frames costs an upload and a whole redraw: 20 to 30 ms of main thread with software GL at
// a 30 fps camera's rate, in front of the socket's messages and the press that answers.
// Every other camera frame (about 15 fps) is enough for a preview; a frame arriving a little
// early (camera jitter) still counts as the next one.
inline constexpr double ringing_self_view_interval_ms = 55;

// In a call the overlay (name, duration, buttons) fades after this long without input, over
// this long, as in every call app; any input brings it back.
inline constexpr double controls_idle_ms = 3000;
inline constexpr double controls_fade_ms = 300;

class draw_pacing {
  public:
    // The call's state after each step of the machine; `waiting_for_remote` is true while
    // the remote video has shown no frame yet.
    void on_call_state(call::state s, double now);
    void on_drawn(double now) { last_draw_ = now; }
    void on_local_upload(double now) { last_local_upload_ = now; }

    // Accepted, and not yet showing the remote video: connecting, or connected and waiting
    // for the first frame (a partner without a camera sends none, so not for long).
    bool setting_up(bool waiting_for_remote, double now) const;
    // How long an animation frame should wait before it draws; 0 or less: draw now.
    double frame_delay(bool waiting_for_remote, double now) const;
    // Whether a new self-view frame is uploaded now, or skipped (the view holds still):
    // all of them outside a call, about half while ringing, few while the call is set up.
    bool take_local_frame(bool waiting_for_remote, double now) const;
    // After a video frame was uploaded: how long until the frame that shows it (0 or less:
    // the next animation frame). Not for the remote video's first frame: that one is drawn
    // at the next animation frame whatever is pending.
    double delay_after_upload(double now) const;

    // A tap, click, key or mouse move.
    void on_input(double now) { last_input_ = now; }
    // prefers-reduced-motion: the controls go at once when they go, with no fade.
    void set_reduced_motion(bool on) { fade_ms_ = on ? 0 : controls_fade_ms; }
    // 1 while the in-call controls show, falling to 0 as they fade; 1 outside a call.
    float controls_alpha(double now) const;
    // Whole seconds since the call connected; -1 outside a call.
    int call_seconds(double now) const;
    // How long until the in-call overlay looks different with no input and no video (the
    // fade's next step, the clock's next second); less than 0: never. `video_flowing`: the
    // partner's video draws often anyway, so the clock rides on its frames.
    double overlay_delay(double now, bool video_flowing) const;

  private:
    call::state state_ = call::state::idle;
    double last_draw_ = 0;
    double in_call_since_ = 0;
    double connecting_since_ = 0;
    double last_local_upload_ = 0;
    double last_input_ = 0;
    double fade_ms_ = controls_fade_ms;
};

}  // namespace duet::pacing
