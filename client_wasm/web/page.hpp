// What the page shows the outside world: window.duet (the test contract), performance
// marks, and the console.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "event_sink.hpp"

namespace duet::web::page {

// Replaces window.duet with a frozen copy of this JSON object.
void publish_state(std::string const& json_text);
void mark(char const* name);
// A performance.measure from `start_ms` (performance.now()) to now.
void measure(char const* name, double start_ms);
// The app drew its first frame: the shell's progress bar goes.
void ready();
// The app cannot run; the shell shows `text` in plain words.
void fatal(std::string const& text);
// Whether the primary pointer is coarse (a finger): bigger targets from the first frame.
bool coarse_pointer();
// The person asked their system for less motion: nothing fades or slides.
bool prefers_reduced_motion();
// The system prefers a light page (prefers-color-scheme: light); dark otherwise.
bool prefers_light();
// Runs `on_change(light)` each time that preference changes. Once per page; the listener
// lives as long as the page.
void watch_color_scheme(std::function<void(bool light)> on_change);
// Runs `on_hide` when the page is being unloaded, synchronously, so that what it sends on a
// WebSocket still leaves. Once per page; the handler lives as long as the page.
void on_page_hide(std::function<void()> on_hide);
// Reports the shortcut keys (M, V, S, Esc, ?) pressed outside any text field as
// key_pressed events. Once per page; the listener lives as long as the page.
void watch_shortcut_keys(event_sink& sink);
// Inside a press only: browsers grant fullscreen to a user gesture.
void toggle_fullscreen();
bool can_fullscreen();
bool fullscreen();
// The browser's languages, best first (navigator.languages), as BCP 47 tags.
std::vector<std::string> preferred_languages();
// The document's `lang` attribute: what screen readers and fonts take the page's text to be.
void set_document_language(std::string const& tag);
// A small setting kept across visits (localStorage); empty when absent or storage is off
// (a private window may refuse it: the setting is then simply not remembered).
std::string setting(char const* key);
void save_setting(char const* key, std::string const& value);
// Leaves the page for `path` on this origin: the provider's sign-in (/auth/login), which
// comes back to the start page, or the start page itself.
void navigate(std::string const& path);
void log_info(std::string const& text);
void log_error(std::string const& text);

}  // namespace duet::web::page
