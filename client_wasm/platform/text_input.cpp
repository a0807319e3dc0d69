// What the offscreen input's keys and edits mean to ImGui (why the input: text_input.hpp).
#include "text_input.hpp"

#include <cstring>

namespace duet::platform {

namespace {

key key_named(std::string const& name, int mods) {
    static constexpr struct {
        char const* name;
        key k;
    } named[] = {
        {"Tab", key::tab},
        {"ArrowLeft", key::left},
        {"ArrowRight", key::right},
        {"ArrowUp", key::up},
        {"ArrowDown", key::down},
        {"PageUp", key::page_up},
        {"PageDown", key::page_down},
        {"Home", key::home},
        {"End", key::end},
        {"Insert", key::insert},
        {"Delete", key::del},
        {"Enter", key::enter},
        {"Escape", key::escape},
    };
    for (auto const& n : named) {
        if (name == n.name) return n.k;
    }
    // Shortcuts only; plain letters are text. Paste (ctrl+V) stays with the browser, whose
    // paste lands in the element as text.
    bool shortcut = (mods & (1 | 8)) != 0;
    if (shortcut && name.size() == 1) {
        switch (name[0] | 0x20) {
            case 'a':
                return key::a;
            case 'c':
                return key::c;
            case 'x':
                return key::x;
            case 'y':
                return key::y;
            case 'z':
                return key::z;
            default:
                break;
        }
    }
    return key::none;
}

char const* get_clipboard(void* user) { return static_cast<std::string*>(user)->c_str(); }

void set_clipboard(void* user, char const* text) {
    *static_cast<std::string*>(user) = text;
    web::text_input_element::write_clipboard(text);
}

}  // namespace

text_input::text_input(input_queue& queue, std::function<void()> on_input)
    : queue_(queue),
      on_input_(std::move(on_input)),
      element_({[this](std::string const& k, bool down, int mods) { return on_key(k, down, mods); },
                [this](int del, std::string const& text) { on_edit(del, text); },
                [this] { release_keys(); }}) {}

text_input::~text_input() = default;

void text_input::sync(bool want_text, css_rect field, bool in_gesture, std::string const& label) {
    element_.sync(want_text, field.x, field.y, field.w, field.h, in_gesture, label);
}

void text_input::install_clipboard(ImGuiIO& io) {
    io.ClipboardUserData = &clipboard_;
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;
}

bool text_input::on_key(std::string const& name, bool down, int mods) {
    // A release counts whatever the modifiers are now: ctrl may go up before the letter.
    key k = key_named(name, down ? mods : (mods | 1));
    if (k == key::none) return false;
    input_event e;
    e.type = input_event::kind::key;
    e.k = k;
    e.down = down;
    e.mods = {(mods & 1) != 0, (mods & 2) != 0, (mods & 4) != 0, (mods & 8) != 0};
    held_[static_cast<std::size_t>(k)] = down;
    queue_.push(e);
    on_input_();
    return true;
}

void text_input::release_keys() {
    bool any = false;
    for (std::size_t i = 0; i < held_.size(); ++i) {
        if (!held_[i]) continue;
        held_[i] = false;
        input_event e;
        e.type = input_event::kind::key;
        e.k = static_cast<key>(i);
        e.down = false;
        queue_.push(e);
        any = true;
    }
    if (any) on_input_();
}

void text_input::on_edit(int delete_before, std::string const& text) {
    if (delete_before <= 0 && text.empty()) return;
    input_event e;
    e.type = input_event::kind::edit;
    e.edit.delete_before = delete_before < 0 ? 0 : delete_before;
    e.edit.insert = text;
    queue_.push(e);
    on_input_();
}

}  // namespace duet::platform
