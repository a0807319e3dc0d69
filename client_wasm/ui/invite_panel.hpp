// Invite, on the call screen: a button that opens a small window with the person's invite
// link (model::invite_link), Copy link (the Clipboard API, in the press), Share where the
// browser has Web Share (phones), and the same link as a QR code for a phone to scan off the
// screen. Recorded as "Invite", "Copy link", "Share" and "Invite code" (the QR, a picture).
#pragma once

#include <optional>
#include <string>

#include "model.hpp"
#include "qr_code.hpp"

namespace duet::ui {

class invite_panel {
  public:
    bool open() const { return open_; }
    void close() { open_ = false; }

    // The Invite button with its bottom-right corner at `corner`; the window above it, its
    // right edge there, no wider than `max_width`.
    void draw(model const& m, ImVec2 corner, float max_width, frame_output& out);

  private:
    void draw_window(model const& m, ImVec2 corner, float max_width, ImVec2 button_min,
                     ImVec2 button_max, frame_output& out);

    bool open_ = false;
    std::string encoded_;  // the link the QR code below was made from
    std::optional<qr_matrix> qr_;
};

}  // namespace duet::ui
