// The call's figures for whoever wants more than the quality mark: a "Stats" button in the
// remote video's top-right corner (the S key does the same), and while it is open a panel
// over the video plotting the last 60 s, one point a second: bitrate sent and received
// (audio and video), round trip, loss, jitter, frames per second; then the resolution,
// codec and how the pair connected, in words.
#pragma once

#include "model.hpp"

namespace duet::ui {

// The height the button takes at the top of the video, with its inset (0 outside a call):
// what sits in that corner (the self-view) goes below it.
float stats_button_room(model const& m);

// The button, from `top` (below a banner) in the box `video_min`..`video_max`, and the
// panel when m.health.panel_open. The panel's captions go to out.health.lines.
void stats_panel(model const& m, ImVec2 video_min, ImVec2 video_max, float top, frame_output& out);

}  // namespace duet::ui
