// The call's health at a glance, over the remote video's top-left corner: a quality mark
// (three bars, as Jitsi's connection indicator and a phone's signal) and the partner's name
// with a meter of their voice; and the meter drawn on the self-view for this side's voice.
#pragma once

#include "model.hpp"

namespace duet::ui {

// In a call with measured figures: the mark, the name and the partner's level, from `top`
// (below a banner) in the box `video_min`..`video_max`. Records the mark in out.health.
void quality_mark(model const& m, ImVec2 video_min, ImVec2 video_max, float top, frame_output& out);

// A horizontal meter filled to `level` (linear amplitude 0..1, as getStats' audioLevel),
// drawn on a -60..0 dB scale as sound meters are: speech fills about half.
void level_meter(ImDrawList* dl, ImVec2 min, ImVec2 max, double level);
// The meter's fill, 0..1, for a level: what level_meter draws.
float level_fill(double level);

// This side's level on the self-view (`min`..`max`), with "You", in a call.
void self_level(model const& m, ImVec2 min, ImVec2 max);

}  // namespace duet::ui
