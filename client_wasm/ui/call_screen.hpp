// Connecting or in a call, the video takes the window (ui/in_call_view). Otherwise: the
// remote video large, the local preview small in its corner (mirrored), a field
// for who to call (hint "username to call"), "Call", "Hang Up" (or "Cancel" while our ring
// is unanswered), the status line, a notice of missed calls, and who is online. An incoming
// call shows over the video (ui/incoming_call); a lost server connection, as a banner on it.
// Before a call, "Preview camera" over the video opens the camera on request (never by
// itself: a ring must not open it), and then "Devices" chooses among them. "Invite" in the
// video's other bottom corner shows the person's invite link and its QR code (ui/invite_panel).
// After a call, its chat messages stay over the video until the next call starts
// (ui/chat_panel).
#pragma once

#include "chat_panel.hpp"
#include "devices_menu.hpp"
#include "in_call_view.hpp"
#include "invite_panel.hpp"
#include "model.hpp"
#include "presence_list.hpp"

namespace duet::ui {

class call_screen {
  public:
    void draw(model const& m, frame_output& out);

  private:
    char callee_[256] = "";
    in_call_view in_call_;  // connecting or in a call: the video takes the window
    devices_menu devices_;  // the preview's, before a call
    chat_panel history_;    // the last call's messages, after it
    invite_panel invite_;   // Invite, over the video's bottom-right corner
    presence_list online_;  // who is online, and its search with a window
    void preview_buttons(model const& m, ImVec2 video_min, ImVec2 video_max, frame_output& out);
};

}  // namespace duet::ui
