// What the page shows the outside world: window.duet (the test contract), performance
// marks, and the console.
#pragma once

#include <functional>
#include <string>

namespace duet::web::page {

// Replaces window.duet with a frozen copy of this JSON object.
void publish_state(std::string const& json_text);
void mark(char const* name);
// The app drew its first frame: the shell's progress bar goes.
void ready();
// The app cannot run; the shell shows `text` in plain words.
void fatal(std::string const& text);
// Whether the primary pointer is coarse (a finger): bigger targets from the first frame.
bool coarse_pointer();
// Runs `on_hide` when the page is being unloaded, synchronously, so that what it sends on a
// WebSocket still leaves. Once per page; the handler lives as long as the page.
void on_page_hide(std::function<void()> on_hide);
// Runs `on_key` with KeyboardEvent.key for each key in `keys` pressed on the page (not
// repeated, no Ctrl, Alt or Meta) while no text is being typed: single-key shortcuts.
void on_shortcut_key(std::string const& keys, std::function<void(std::string const&)> on_key);
void log_info(std::string const& text);
void log_error(std::string const& text);

}  // namespace duet::web::page
