// The few widget shapes the screens share, each recording its rectangle for window.duet.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <string>

#include "model.hpp"
#include "words/word.hpp"

namespace duet::ui {

// A single-line field showing `hint` (in the model's language) while empty. True when Enter
// was pressed in it. Recorded under the English hint.
bool text_field(words::word hint, char* buffer, std::size_t size, float width, model const& m,
                frame_output& out, bool autofocus = false);
// The same, recorded under `id` (a stable English label) rather than its hint.
bool text_field(std::string const& id, words::word hint, char* buffer, std::size_t size,
                float width, model const& m, frame_output& out, bool autofocus = false);

// A filled button showing `label` in the model's language, recorded under its English; a
// disabled one is drawn dimmed and never returns true.
bool action_button(words::word label, model const& m, ImVec2 size, ImVec4 color, bool enabled,
                   frame_output& out);

// The same, for a label whose words are filled in (the provider's name): `id` is what it is
// recorded under, `shown` what it shows.
bool action_button(std::string const& id, std::string const& shown, model const& m, ImVec2 size,
                   ImVec4 color, bool enabled, frame_output& out);

// The ImGui label showing `w` in `lang` under an id that is its English, so that a widget
// keeps its state (and its window.duet entry) when the language changes.
std::string imgui_label(words::word w, words::language lang);
// The width `w` needs as a button in `lang`, at least `min_width`.
float button_width(words::word w, words::language lang, float min_width);

// `view` letterboxed into the box at `min`..`max` (screen pixels), on black. Returns the size
// of the picture drawn (0 x 0 without one). With square corners the picture is opaque.
ImVec2 video_box(video_view const& view, ImVec2 min, ImVec2 max, bool mirrored, float rounding);

// A rectangle of one opaque colour with square corners, drawn over what is under it without
// blending (ui/draw_hints): what covers most of the screen costs software WebGL one write
// per pixel, not a read and a write.
void fill_opaque(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour);

void record(frame_output& out, std::string label, std::string text = {},
            widget_kind kind = widget_kind::button);

// A press this frame outside the window at `min` of `size` and outside the button
// `button_min`..`button_max` that opens it: what closes a menu (the button toggles it itself).
bool pressed_outside(ImVec2 min, ImVec2 size, ImVec2 button_min, ImVec2 button_max);

// Text centred in the box `min`..`max` (screen pixels), drawn without a widget.
void centered_text(ImDrawList* dl, ImVec2 min, ImVec2 max, char const* text, ImU32 color);

}  // namespace duet::ui
