// How many frames a change of the model is worth, as a pure rule tested natively
// (tests/client_wasm/redraw_rule.tests.cpp). The call's figures change once a second in a
// call, a file's progress a few times a second while it moves; they must cost at most that
// one frame each, not the two a settling change gets: with software WebGL a frame holds the
// main thread that the file's bytes need too (docs/file_transfer.md).
#pragma once

#include "ui/model.hpp"

namespace duet::pacing {

// 0: the screen would show the same. 1: only the call's health moved (figures, quality,
// levels) or a file's progress: one frame draws it, and while video plays that frame is
// already coming. 2: anything else: ImGui needs a frame or two to settle after a change
// (hover, focus, layout).
int frames_for_change(ui::model const& shown, ui::model const& now);

}  // namespace duet::pacing
