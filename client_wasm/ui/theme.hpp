// Colours and sizes. Sizes are in CSS pixels times the scale, so a button is as big on a
// DPR-3 phone as on a desktop, and bigger still under a finger (44 CSS px at least: the
// touch target of WCAG 2.5.5 and Apple's guidelines).
//
// Two palettes, dark and light, following the system's `prefers-color-scheme`. Every text
// colour is chosen to reach WCAG AA (4.5:1) on the colour it is drawn over; the contrast
// test (tests/client_wasm/theme.tests.cpp) computes it from these very colours.
#pragma once

#include <imgui.h>

namespace duet::ui::theme {

enum class scheme { dark, light };

// The name window.duet shows ("dark", "light").
constexpr char const* to_string(scheme s) { return s == scheme::light ? "light" : "dark"; }

// Base text size in CSS pixels.
float font_size_css(bool touch);
// The smallest side of anything pressed with a finger, in CSS pixels.
constexpr float touch_target_css = 44;

// ImGui's style for `s`; also makes `s` the palette the colour functions below answer from
// (ImGui's style is one per context too: the two change together).
void apply(ImGuiStyle& style, float scale, bool touch, scheme s = scheme::dark);
scheme current();

ImVec4 background();
ImVec4 primary();       // Sign in; white text on it
ImVec4 primary_text();  // a key's name in the help overlay, on the background
ImVec4 success();       // Call
ImVec4 danger();        // Hang Up, Decline, Cancel
ImVec4 danger_text();   // an error, on the background
ImVec4 warning();       // busy, the reconnecting banner: dark text on it
ImVec4 warning_text();  // a notice, on a field
ImVec4 neutral();       // Mute ring, Dismiss
ImVec4 muted_text();
ImVec4 on_video_text();  // a note drawn on the black of a video box, in either theme

}  // namespace duet::ui::theme
