// The safety code during a call (call/safety_code): "Safety code 482 915" under the partner's
// name, small, for the two people to read to each other; hovering explains what to do with
// it. Recorded as "Safety code" with the code as its text. It stays when the controls fade,
// as the partner's muted mark does: it is news about the call, read while talking.
#pragma once

#include "model.hpp"

namespace duet::ui {

// Draws it with its top-left at (`left`, `top`) and returns the y below it; nothing (and
// `top` back) while there is no code.
float safety_badge(model const& m, float left, float top, frame_output& out);

}  // namespace duet::ui
