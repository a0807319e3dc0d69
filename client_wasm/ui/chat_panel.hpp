// The chat panel: beside the video on a wide screen, over it on a narrow one (a phone), with
// the line "Messages go directly to <partner>", the messages (time HH:MM, sender, text),
// a Message field and Send (Enter sends too). After the call, the last call's messages stay
// on the call screen, read only, until the next call starts. It reads model::chat and records
// intents; the rules (limits, unread, history) are common/chat/conversation.
#pragma once

#include <imgui.h>

#include <cstdint>

#include "chat/frame.hpp"
#include "model.hpp"

namespace duet::ui {

class chat_panel {
  public:
    // From this width (CSS pixels) the open panel sits beside the video.
    static constexpr float side_from_css = 720;

    // The width the open panel takes beside the video: 0 while closed or unavailable, and
    // on a narrow screen, where it goes over the video instead.
    static float side_width(model const& m, float display_width);

    // In a call: the open panel in min..max (screen pixels).
    void draw(model const& m, ImVec2 min, ImVec2 max, frame_output& out);
    // After a call: its messages, read only, in min..max.
    void draw_history(model const& m, ImVec2 min, ImVec2 max, frame_output& out);

  private:
    bool begin(model const& m, ImVec2 min, ImVec2 max);
    void messages(model const& m, float height);

    // Room for more than the limit, so an over-long message can be typed and refused
    // with a notice rather than cut short without one.
    char draft_[4 * chat::max_text_bytes] = "";
    std::uint64_t scrolled_for_ = 0;  // the conversation revision last scrolled to the end
    bool was_open_ = false;
};

// The Chat button's glyph: a speech bubble.
void chat_glyph(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
// The unread count as a red badge on the top-right of the button at min..max.
void unread_badge(ImDrawList* dl, ImVec2 min, ImVec2 max, int count, float scale);

}  // namespace duet::ui
