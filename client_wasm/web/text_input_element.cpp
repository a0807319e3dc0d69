// The C++ side of js/text_input.js: declarations of its functions, and the embind entry
// points its listeners call.
#include "text_input_element.hpp"

#include <emscripten/bind.h>

extern "C" {
void duet_text_input_install();
void duet_text_input_sync(int want, float x, float y, float w, float h, int gesture,
                          char const* label);
void duet_clipboard_write(char const* text);
}

namespace duet::web {

namespace {

text_input_element* current = nullptr;

bool on_key_js(std::string const& name, bool down, int mods) {
    auto* e = text_input_element::instance();
    return e != nullptr && e->events().on_key && e->events().on_key(name, down, mods);
}

void on_edit_js(int delete_before, std::string const& text) {
    auto* e = text_input_element::instance();
    if (e != nullptr && e->events().on_edit) e->events().on_edit(delete_before, text);
}

void on_blur_js() {
    auto* e = text_input_element::instance();
    if (e != nullptr && e->events().on_blur) e->events().on_blur();
}

}  // namespace

text_input_element::text_input_element(handlers h) : handlers_(std::move(h)) {
    current = this;
    duet_text_input_install();
}

text_input_element::~text_input_element() {
    if (current == this) current = nullptr;
}

text_input_element* text_input_element::instance() { return current; }

void text_input_element::sync(bool want, float x, float y, float w, float h, bool in_gesture,
                              std::string const& label) {
    duet_text_input_sync(want ? 1 : 0, x, y, w, h, in_gesture ? 1 : 0, label.c_str());
}

void text_input_element::write_clipboard(char const* text) { duet_clipboard_write(text); }

}  // namespace duet::web

EMSCRIPTEN_BINDINGS(duet_text_input) {
    emscripten::function("duet_text_key", &duet::web::on_key_js);
    emscripten::function("duet_text_edit", &duet::web::on_edit_js);
    emscripten::function("duet_text_blur", &duet::web::on_blur_js);
}
