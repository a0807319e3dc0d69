// "Tap to hear": the browser refused to play the partner's sound before the person touched
// the page (autoplay policy, iOS Safari's above all), so the call plays muted. A clear
// button in the middle of the video says so; pressing it (or any tap, as before) starts the
// sound inside that press, and the button goes when the browser says the sound plays.
// Recorded as "Tap to hear" whatever the language. It stays when the controls fade: the
// person cannot hear the call until they act.
#pragma once

#include "model.hpp"

namespace duet::ui {

// Over the video in `min`..`max` (screen pixels), while model::audio_blocked.
void tap_to_hear(model const& m, ImVec2 min, ImVec2 max, frame_output& out);

}  // namespace duet::ui
