// Who else is online, with a dot for each: green available, amber busy. Tapping an available
// name calls it. Drawn as a side column on wide screens, under the controls on phones; the
// server may turn presence off (--no-presence), and then there is no list at all.
#pragma once

#include <imgui.h>

#include "model.hpp"

namespace duet::ui {

// The widget label of a name's entry in window.duet.
std::string presence_label(std::string const& name);

// Draws the list in the box at `min` (window-local pixels) of `size`. Only entries wholly in
// view are recorded as widgets.
void presence_list(model const& m, ImVec2 min, ImVec2 size, bool can_call, frame_output& out);

}  // namespace duet::ui
