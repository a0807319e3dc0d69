// The offscreen <input> that holds the keyboard's focus for the canvas, and the system
// clipboard (why an <input>: platform/text_input.hpp). Its listeners live in js/text_input.js
// and report here as plain C++ values; platform::text_input decides what they mean.
#pragma once

#include <functional>
#include <string>

namespace duet::web {

class text_input_element {
  public:
    struct handlers {
        // A key went down or up (KeyboardEvent.key; mods: 1 ctrl, 2 shift, 4 alt, 8 meta).
        // True if it was taken: the browser's default action is then prevented.
        std::function<bool(std::string const& key, bool down, int mods)> on_key;
        // Delete `delete_before` code points before the cursor, then insert `text`.
        std::function<void(int delete_before, std::string const& text)> on_edit;
        // The element lost the focus.
        std::function<void()> on_blur;
    };

    // One per page: the element is created once and kept.
    explicit text_input_element(handlers h);
    ~text_input_element();
    text_input_element(text_input_element const&) = delete;
    text_input_element& operator=(text_input_element const&) = delete;

    // Focuses the element over the CSS rect while `want` and blurs it otherwise; inside a
    // gesture the focus is renewed (what opens a phone's keyboard).
    // `label` names the element for screen readers (the field's hint as shown).
    void sync(bool want, float x, float y, float w, float h, bool in_gesture,
              std::string const& label);

    static void write_clipboard(char const* text);

    // For the embind trampolines only.
    static text_input_element* instance();
    handlers const& events() const { return handlers_; }

  private:
    handlers handlers_;
};

}  // namespace duet::web
