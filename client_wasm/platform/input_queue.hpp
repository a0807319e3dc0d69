// Browser input, queued and fed to ImGui a frame at a time.
//
// ImGui 1.86 reads input as state (io.MouseDown, io.KeysDown), not as events, so a click
// whose press and release land between two frames would be lost. The queue "trickles":
// a frame takes events until one would repeat a button or key already changed in it, and
// the rest wait for the next frame (the scheme ImGui 1.87 later built into its own queue).
//
// Text does not go through io.InputQueueCharacters: it arrives as edits (insert, delete
// before the cursor, replace a composition) that the active text field applies through its
// InputText callback, so an IME composition can replace its own text in one frame.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

namespace duet::platform {

// Our indices into io.KeysDown; io.KeyMap maps ImGui's keys onto them.
enum class key : int {
    none = 0,
    tab,
    left,
    right,
    up,
    down,
    page_up,
    page_down,
    home,
    end,
    insert,
    del,
    backspace,
    space,
    enter,
    escape,
    a,
    c,
    v,
    x,
    y,
    z,
    count
};

struct modifiers {
    bool ctrl = false;
    bool shift = false;
    bool alt = false;
    bool super = false;
};

struct text_edit {
    int delete_before = 0;  // code points before the cursor (or the selection, if any)
    std::string insert;     // UTF-8
};

struct input_event {
    enum class kind { mouse_pos, mouse_button, wheel, key, edit } type = kind::mouse_pos;
    float x = 0;  // ImGui pixels for mouse_pos; wheel steps for wheel
    float y = 0;
    int button = 0;
    bool down = false;
    key k = key::none;
    modifiers mods;
    text_edit edit;
};

class input_queue {
  public:
    // A stuck page must not hoard events; a person cannot produce this many between frames.
    static constexpr std::size_t capacity = 1024;

    static void install_key_map(ImGuiIO& io);

    void push(input_event e);
    // Applies this frame's share to `io`; text edits go to `edits`. True if events remain.
    bool apply(ImGuiIO& io, std::vector<text_edit>& edits);
    bool empty() const { return events_.empty(); }

  private:
    std::deque<input_event> events_;
};

// For ImGui::InputText*: applies this frame's edits to the active field. user_data must
// point at the std::vector<text_edit> the queue filled; the edits are consumed.
int apply_text_edits(ImGuiInputTextCallbackData* data);

}  // namespace duet::platform
