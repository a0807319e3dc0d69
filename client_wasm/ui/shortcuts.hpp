// The in-call keyboard: M toggles the microphone, V the camera, S the stats panel, C the chat
// panel (when the partner's page has chat), Esc hangs
// up (or cancels a ring not yet answered). The tooltips of in_call_view name the same keys.
// `?` opens and closes the list of them (ui/help_overlay) on any screen. Keys mean nothing
// outside a call, and nothing while a text field takes the typing.
#pragma once

#include <string_view>

#include "model.hpp"

namespace duet::ui {

// The intents a key pressed now records; none for a key that means nothing now.
intents shortcut_intents(std::string_view key, model const& m, bool typing);

}  // namespace duet::ui
