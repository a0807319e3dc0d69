// The screen as a screen reader and the keyboard find it: a small DOM copy of the current
// screen over the canvas, which is otherwise one opaque picture to assistive technology.
//
// The app hands it what the ImGui screens recorded (each widget's English id, the text it
// shows, its kind and rectangle) with the screen's heading, status line and any alert; the
// JS half (js/dom_mirror.js) keeps one element per widget (a <button>, or an <input> for a
// text field) at the widget's place, in reading order, and changes only what changed; the
// entries of a list (the online list) are items of a named <ul>, each holding its button. The
// elements are invisible and let the pointer through to the canvas; a screen reader, a
// touch-exploring finger and Tab reach them. Activating one (a click, Enter, Space, a screen
// reader's double tap) calls `on_activate` with the widget's id inside that event, so the app
// can press the ImGui widget exactly as a click on the canvas would. `on_focus` reports the
// id of the element holding the keyboard focus (empty when none), for the focus ring.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace duet::web {

template <class Kind>
class event_owner;

class dom_mirror {
  public:
    enum class kind { button, field };
    struct item {
        std::string id;    // the widget's English label: stable whatever the language
        std::string text;  // its accessible name, as shown
        kind role = kind::button;
        bool enabled = true;
        float x = 0, y = 0, w = 0, h = 0;  // CSS pixels, viewport-relative
        // The list it is an entry of (the online list), by a stable id, and the list's
        // accessible name; empty: none. A list's entries read one after the other.
        std::string list;
        std::string list_name;
        bool operator==(item const&) const = default;
    };
    struct screen {
        std::string lang;     // BCP 47
        std::string heading;  // what this screen is
        std::string status;   // announced politely when it changes
        std::string alert;    // announced at once (an incoming call)
        // The field the app's own text input types into now: that input carries its name,
        // so its mirror steps aside (hidden, out of the Tab order) rather than be a twin.
        std::string typing_in;
        // A modal dialog over the screen (the help overlay): its name, and the lines it
        // reads; the items are then the dialog's own. Empty: none.
        std::string dialog;
        std::vector<std::string> dialog_lines;
        std::vector<item> items;
        bool operator==(screen const&) const = default;
    };

    dom_mirror(std::function<void(std::string const& id)> on_activate,
               std::function<void(std::string const& id)> on_focus);
    ~dom_mirror();
    dom_mirror(dom_mirror const&) = delete;
    dom_mirror& operator=(dom_mirror const&) = delete;

    // Cheap when nothing changed: compared here, before anything crosses to JS.
    void show(screen const& s);

  private:
    enum class js_event : int;
    std::unique_ptr<event_owner<js_event>> owner_;
    screen shown_;
    bool installed_ = false;
};

}  // namespace duet::web
