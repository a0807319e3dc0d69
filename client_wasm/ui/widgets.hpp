// The few widget shapes the screens share, each recording its rectangle for window.duet.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <string>

#include "model.hpp"

namespace duet::ui {

// A single-line field showing `hint` while empty. True when Enter was pressed in it.
bool text_field(char const* hint, char* buffer, std::size_t size, float width, model const& m,
                frame_output& out, bool autofocus = false);

// A filled button; a disabled one is drawn dimmed and never returns true.
bool action_button(char const* label, ImVec2 size, ImVec4 color, bool enabled, frame_output& out);

// `view` letterboxed into the box at `min`..`max` (screen pixels), on black.
void video_box(video_view const& view, ImVec2 min, ImVec2 max, bool mirrored, float rounding);

void record(frame_output& out, std::string label);

// Text centred in the box `min`..`max` (screen pixels), drawn without a widget.
void centered_text(ImDrawList* dl, ImVec2 min, ImVec2 max, char const* text, ImU32 color);

}  // namespace duet::ui
