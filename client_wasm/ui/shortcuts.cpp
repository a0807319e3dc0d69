// The in-call keys (shortcuts.hpp).
#include "shortcuts.hpp"

namespace duet::ui {

intents shortcut_intents(std::string_view key, model const& m, bool typing) {
    intents i;
    if (typing) return i;
    // The help overlay is open and closed from any screen; while open it is a modal dialog:
    // Esc closes it and nothing else, and the call's keys wait.
    if (key == "?") {
        i.toggle_help = true;
        return i;
    }
    if (m.help_open) {
        i.toggle_help = key == "Escape";
        return i;
    }
    if (m.current != screen::call) return i;
    bool in_call = m.call_state == call::state::connecting || m.call_state == call::state::in_call;
    if (key == "Escape") {
        if (m.allowed.cancel) {
            i.cancel = true;
        } else if (in_call && m.allowed.hang_up) {
            i.hang_up = true;
        }
        return i;
    }
    if (!in_call) return i;
    if (key == "m" || key == "M") i.toggle_mic = true;
    if (key == "v" || key == "V") i.toggle_camera = true;
    if (key == "s" || key == "S") i.toggle_stats = true;
    if ((key == "c" || key == "C") && m.chat.available) i.toggle_chat = true;
    return i;
}

}  // namespace duet::ui
