// The phone ringing: over the video area, who calls, Accept, Decline, and Mute ring (which
// becomes Unmute ring). Nothing of the camera is shared until Accept.
#pragma once

#include <imgui.h>

#include "model.hpp"

namespace duet::ui {

// Draws the panel inside the box `min`..`max` (screen pixels).
void incoming_call(model const& m, ImVec2 min, ImVec2 max, frame_output& out);

}  // namespace duet::ui
