// The call itself, made for video as every call app is: the partner's video fills the
// window (letterboxed), their name and the call's duration over the top, a bar of round
// buttons over the bottom (Microphone, Camera, Flip camera, Devices, Fullscreen, Chat, Hang Up),
// and the self-view, small and mirrored, in a corner the person drags it to. The partner's muted microphone shows as
// a mark on their video, their camera off as their initials in a circle. The overlay fades
// with model::controls_alpha; a faded button still works, as in those apps.
#pragma once

#include <string>
#include <string_view>

#include "chat_panel.hpp"
#include "transfer_panel.hpp"
#include "devices_menu.hpp"
#include "model.hpp"

namespace duet::ui {

// "mm:ss", or "h:mm:ss" from an hour.
std::string clock_text(int seconds);
// Up to two letters from a name's words ("Ada Lovelace" -> "AL", "zoé" -> "Z"), the
// first code point of each, ASCII letters upper-cased.
std::string initials(std::string_view name);

enum class corner { top_left, top_right, bottom_left, bottom_right };

class in_call_view {
  public:
    void draw(model const& m, frame_output& out);
    corner self_view_corner() const { return corner_; }

  private:
    void self_view(model const& m, ImVec2 area_min, ImVec2 area_max, frame_output& out);
    void control_bar(model const& m, ImVec2 display, float bottom, frame_output& out);

    corner corner_ = corner::top_right;
    devices_menu devices_;
    chat_panel chat_;
    transfer_panel transfers_;
    widget_rect devices_button_;  // where the last frame drew the Devices button
};

}  // namespace duet::ui
