// Connecting or in a call, the video takes the window (ui/in_call_view). Otherwise: the
// remote video large, the local preview small in its corner (mirrored), a field
// for who to call (hint "username to call"), "Call", "Hang Up" (or "Cancel" while our ring
// is unanswered), the status line, a notice of missed calls, and who is online. An incoming
// call shows over the video (ui/incoming_call); a lost server connection, as a banner on it.
#pragma once

#include "in_call_view.hpp"
#include "model.hpp"

namespace duet::ui {

class call_screen {
  public:
    void draw(model const& m, frame_output& out);

  private:
    char callee_[256] = "";
    in_call_view in_call_;  // connecting or in a call: the video takes the window
};

}  // namespace duet::ui
