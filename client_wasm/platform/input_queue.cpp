// The trickling input queue ImGui 1.86 needs (why: input_queue.hpp).
#include "input_queue.hpp"

#include <bitset>

namespace duet::platform {

void input_queue::install_key_map(ImGuiIO& io) {
    auto map = [&](ImGuiKey imgui_key, key k) { io.KeyMap[imgui_key] = static_cast<int>(k); };
    map(ImGuiKey_Tab, key::tab);
    map(ImGuiKey_LeftArrow, key::left);
    map(ImGuiKey_RightArrow, key::right);
    map(ImGuiKey_UpArrow, key::up);
    map(ImGuiKey_DownArrow, key::down);
    map(ImGuiKey_PageUp, key::page_up);
    map(ImGuiKey_PageDown, key::page_down);
    map(ImGuiKey_Home, key::home);
    map(ImGuiKey_End, key::end);
    map(ImGuiKey_Insert, key::insert);
    map(ImGuiKey_Delete, key::del);
    map(ImGuiKey_Backspace, key::backspace);
    map(ImGuiKey_Space, key::space);
    map(ImGuiKey_Enter, key::enter);
    map(ImGuiKey_Escape, key::escape);
    map(ImGuiKey_KeyPadEnter, key::enter);
    map(ImGuiKey_A, key::a);
    map(ImGuiKey_C, key::c);
    map(ImGuiKey_V, key::v);
    map(ImGuiKey_X, key::x);
    map(ImGuiKey_Y, key::y);
    map(ImGuiKey_Z, key::z);
}

void input_queue::push(input_event e) {
    // Consecutive moves collapse into the last: only where the pointer is matters.
    if (e.type == input_event::kind::mouse_pos && !events_.empty() &&
        events_.back().type == input_event::kind::mouse_pos) {
        events_.back() = e;
        return;
    }
    if (events_.size() >= capacity) events_.pop_front();
    events_.push_back(std::move(e));
}

bool input_queue::apply(ImGuiIO& io, std::vector<text_edit>& edits) {
    std::bitset<8> buttons_changed;
    std::bitset<static_cast<int>(key::count)> keys_changed;
    bool button_changed = false;
    bool edited = false;
    while (!events_.empty()) {
        auto& e = events_.front();
        switch (e.type) {
            case input_event::kind::mouse_pos:
                // After a press or release, a move waits: the click belongs where it happened.
                if (button_changed) return true;
                io.MousePos = ImVec2(e.x, e.y);
                break;
            case input_event::kind::mouse_button:
                if (e.button < 0 || e.button >= 5) break;
                if (buttons_changed[e.button]) return true;
                buttons_changed[e.button] = true;
                button_changed = true;
                io.MouseDown[e.button] = e.down;
                io.KeyCtrl = e.mods.ctrl;
                io.KeyShift = e.mods.shift;
                io.KeyAlt = e.mods.alt;
                io.KeySuper = e.mods.super;
                break;
            case input_event::kind::wheel:
                io.MouseWheelH += e.x;
                io.MouseWheel += e.y;
                break;
            case input_event::kind::key: {
                int k = static_cast<int>(e.k);
                if (k <= 0 || k >= static_cast<int>(key::count)) break;
                // ImGui handles keys before the text callback within a frame: a key typed
                // after some text must wait for the next frame to keep the order.
                if (keys_changed[k] || edited) return true;
                keys_changed[k] = true;
                io.KeysDown[k] = e.down;
                io.KeyCtrl = e.mods.ctrl;
                io.KeyShift = e.mods.shift;
                io.KeyAlt = e.mods.alt;
                io.KeySuper = e.mods.super;
                break;
            }
            case input_event::kind::edit:
                edits.push_back(std::move(e.edit));
                edited = true;
                break;
        }
        events_.pop_front();
    }
    return false;
}

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

int apply_text_edits(ImGuiInputTextCallbackData* data) {
    auto* edits = static_cast<std::vector<text_edit>*>(data->UserData);
    if (edits == nullptr || edits->empty()) return 0;
    for (auto const& edit : *edits) {
        int deletions = edit.delete_before;
        if (data->HasSelection() && (deletions > 0 || !edit.insert.empty())) {
            // Typing over a selection replaces it; a backspace deletes just the selection.
            int start = data->SelectionStart < data->SelectionEnd ? data->SelectionStart
                                                                  : data->SelectionEnd;
            int end = data->SelectionStart < data->SelectionEnd ? data->SelectionEnd
                                                                : data->SelectionStart;
            data->DeleteChars(start, end - start);
            data->CursorPos = start;
            if (deletions > 0) --deletions;
        }
        int pos = data->CursorPos;
        while (deletions > 0 && pos > 0) {
            int from = pos - 1;
            while (from > 0 && is_continuation(data->Buf[from])) --from;
            data->DeleteChars(from, pos - from);
            pos = from;
            --deletions;
        }
        data->CursorPos = pos;
        if (!edit.insert.empty()) {
            int before = data->BufTextLen;
            data->InsertChars(pos, edit.insert.c_str());
            data->CursorPos = pos + (data->BufTextLen - before);
        }
        data->SelectionStart = data->SelectionEnd = data->CursorPos;
    }
    edits->clear();
    return 0;
}

}  // namespace duet::platform
