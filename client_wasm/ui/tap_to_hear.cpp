// The Tap to hear button (tap_to_hear.hpp).
#include "tap_to_hear.hpp"

#include <algorithm>
#include <cmath>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

void tap_to_hear(model const& m, ImVec2 min, ImVec2 max, frame_output& out) {
    if (!m.audio_blocked) return;
    float s = m.scale;
    // Big enough to be found at a glance and pressed by a thumb (44 CSS px at least).
    float h = std::max(ImGui::GetFrameHeight() * 1.4f, std::round(48 * s));
    float w =
        std::min(button_width(words::word::tap_to_hear, m.lang, 200 * s) + 2 * h, max.x - min.x);
    ImVec2 a(std::floor((min.x + max.x - w) * 0.5f), std::floor((min.y + max.y - h) * 0.5f));
    ImGui::SetCursorScreenPos(a);
    if (action_button(words::word::tap_to_hear, m, ImVec2(w, h), theme::primary(), true, out)) {
        out.intents.hear_audio = true;
    }
}

}  // namespace duet::ui
