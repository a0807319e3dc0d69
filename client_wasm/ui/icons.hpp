// The in-call buttons' glyphs, drawn with ImGui's draw list so they need no icon font (the
// atlas holds only the glyphs the page shows as text) and scale with the button.
#pragma once

#include <imgui.h>

namespace duet::ui::icons {

// Each draws into the square `min`..`max` (screen pixels) in `color`.
void microphone(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
void camera(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
void hang_up(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
void fullscreen(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
// Three sliders: the Devices menu.
void devices(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
// Two arrows chasing round: Flip camera.
void flip(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
// A screen with an arrow up out of it: Share screen.
void share_screen(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
// The diagonal bar across a glyph that is switched off.
void slash(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color, ImU32 outline);

// `color` with its alpha scaled by `alpha` (0..1): the overlay fades as a whole.
ImU32 faded(ImU32 color, float alpha);

}  // namespace duet::ui::icons
