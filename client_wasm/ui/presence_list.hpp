// Who else is online, with a dot for each: green available, amber busy. Tapping an available
// name calls it. Drawn as a side column on wide screens, under the controls on phones; the
// server may turn presence off (--no-presence), and then there is no list at all.
//
// A server with presence windows (login `presenceWindow`) sends only the first names of those
// that match a search, so the list has a search field above it ("Search people"), a header
// that claims no total it does not know ("Online" once the window leaves people out or
// answers a search), and, when the window left people out, a line under it saying so. The field records what is typed (`search_typed`, sent once the
// keys pause) and Enter (`search`, sent at once); Esc empties it and goes back to everyone.
#pragma once

#include <imgui.h>

#include <string>

#include "model.hpp"
#include "protocol/protocol.hpp"

namespace duet::ui {

// The widget label of a name's entry in window.duet.
std::string presence_label(std::string const& name);

class presence_list {
  public:
    // Draws the list in the box at `min` (window-local pixels) of `size`. Only entries wholly
    // in view are recorded as widgets.
    void draw(model const& m, ImVec2 min, ImVec2 size, bool can_call, frame_output& out);

    // The height the list needs at least (the header, the field with a window, three rows).
    static float min_height(model const& m);

  private:
    void search_field(model const& m, float width, frame_output& out);
    void entries(model const& m, ImVec2 size, bool can_call, frame_output& out);

    char search_[protocol::to_server::max_search_bytes + 1] = "";
    std::string reported_;  // the field's text as last recorded in an intent
};

}  // namespace duet::ui
