// Colours and sizes. Sizes are in CSS pixels times the scale, so a button is as big on a
// DPR-3 phone as on a desktop, and bigger still under a finger.
#pragma once

#include <imgui.h>

namespace duet::ui::theme {

// Base text size in CSS pixels.
float font_size_css(bool touch);
void apply(ImGuiStyle& style, float scale, bool touch);

ImVec4 background();
ImVec4 primary();  // Sign in
ImVec4 success();  // Call
ImVec4 danger();   // Hang Up, Decline, Cancel, errors
ImVec4 warning();  // busy, the reconnecting banner
ImVec4 neutral();  // Mute ring, Dismiss
ImVec4 muted_text();

}  // namespace duet::ui::theme
