// The help overlay (`?`, or the "?" button): every keyboard shortcut, in the screen's
// language, over a dimmed screen. A pointer person has no other way to learn the keys, and a
// keyboard person no other way to learn that M, V and S exist. The same rows are what the
// DOM mirror reads out as the dialog's contents (app/accessibility.cpp), so the two never
// disagree; the keys themselves are ui/shortcuts and web/js/call_media.js.
#pragma once

#include <array>

#include "model.hpp"
#include "words/word.hpp"

namespace duet::ui {

struct help_row {
    char const* keys;  // as printed on a keyboard: the same in every language
    words::word what;
};

// Top to bottom as the overlay shows them.
inline constexpr std::array<help_row, 7> help_rows{{
    {"Tab / Shift+Tab", words::word::help_tab},
    {"Enter / Space", words::word::help_enter},
    {"Esc", words::word::help_escape},
    {"M", words::word::help_mic},
    {"V", words::word::help_camera},
    {"S", words::word::help_stats},
    {"?", words::word::help_toggle},
}};

// The small round "?" button (recorded as "Help"), its top-left corner at `at` (screen
// pixels): the login screen has it left of its language button, the call screen in the
// video's top-left corner (the self-view has the other).
void help_button(model const& m, ImVec2 at, frame_output& out);
// Its side: a frame's height, or a finger's 44 CSS px.
float help_button_side(model const& m);

// The overlay itself, above the root window: records only its own Close button, since the
// widgets underneath cannot be reached while it is open (a modal dialog).
void help_overlay(model const& m, frame_output& out);

}  // namespace duet::ui
