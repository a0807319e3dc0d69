// The Devices menu: the microphones, cameras and speakers the browser lists, the one in use
// marked, each pressed to switch to it (recorded as intents::choose_device). A small window
// above the control bar, opened and closed by the Devices button, closed by a choice or a
// press anywhere else. Its entries are published as "Microphone: <label>", "Camera: <label>",
// "Speaker: <label>" (the bar's own buttons hold the bare words).
#pragma once

#include <string>

#include "model.hpp"

namespace duet::ui {

// "Camera: fake_device_1": the label an entry is published under.
std::string device_entry_label(call::device_kind kind, std::string const& device_label);

class devices_menu {
  public:
    // The Devices button was pressed.
    void toggle() { open_ = !open_; }
    void close() { open_ = false; }
    bool open() const { return open_; }

    // Draws it while open, its bottom edge centred on `bottom_centre`, no wider than
    // `max_width`. `button_min`..`button_max`: the Devices button, whose press toggles the
    // menu rather than counting as a press elsewhere.
    void draw(model const& m, ImVec2 bottom_centre, float max_width, ImVec2 button_min,
              ImVec2 button_max, frame_output& out);

  private:
    bool open_ = false;
};

}  // namespace duet::ui
