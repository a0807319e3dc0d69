// The keyboard, through an offscreen <input> element.
//
// A canvas cannot open a phone's on-screen keyboard, and IMEs need a real text field. So
// while ImGui wants text, an invisible <input> over the active field holds the focus: its
// keys go to ImGui as key presses (Enter, arrows, shortcuts) and its text as edits (see
// input_queue.hpp), desktop and phone alike. It always holds one sentinel character so a
// phone keyboard's backspace still has something to delete and fires an input event.
#pragma once

#include <bitset>
#include <functional>
#include <string>

#include "input_queue.hpp"
#include "web/text_input_element.hpp"

namespace duet::platform {

struct css_rect {
    float x = 0;
    float y = 0;
    float w = 0;
    float h = 0;
};

class text_input {
  public:
    text_input(input_queue& queue, std::function<void()> on_input);
    ~text_input();
    text_input(text_input const&) = delete;
    text_input& operator=(text_input const&) = delete;

    // Focuses the element while ImGui wants text and blurs it otherwise. Inside a user
    // gesture (a tap) the focus is renewed, which is what opens a phone's keyboard.
    // `label`: the field's name as shown, which a screen reader reads for the input.
    void sync(bool want_text, css_rect field, bool in_gesture, std::string const& label = {});

    // Installs ImGui's clipboard hooks: copy also goes to the system clipboard (paste arrives
    // as text through the element, like typing).
    void install_clipboard(ImGuiIO& io);

    // What the element reported.
    bool on_key(std::string const& name, bool down, int mods);
    void on_edit(int delete_before, std::string const& text);
    // The element lost the focus: every key it saw go down is released.
    void release_keys();

  private:
    input_queue& queue_;
    std::function<void()> on_input_;
    std::string clipboard_;
    web::text_input_element element_;
    std::bitset<static_cast<std::size_t>(key::count)> held_;
};

}  // namespace duet::platform
