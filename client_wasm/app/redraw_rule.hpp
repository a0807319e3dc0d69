// How many frames a change of the model is worth, as a pure rule tested natively
// (tests/client_wasm/redraw_rule.tests.cpp). The call's figures change once a second in a
// call; they must cost at most that one frame a second, not the two a settling change gets.
#pragma once

#include "ui/model.hpp"

namespace duet::pacing {

// 0: the screen would show the same. 1: only the call's health moved (figures, quality,
// levels): one frame draws it, and while video plays that frame is already coming. 2:
// anything else: ImGui needs a frame or two to settle after a change (hover, focus, layout).
int frames_for_change(ui::model const& shown, ui::model const& now);

}  // namespace duet::pacing
