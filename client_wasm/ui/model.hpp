// What the screens read, and what they record. The UI never calls the browser and never
// owns call state: the app fills a model before each frame and acts on the intents after.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "call_machine.hpp"

namespace duet::ui {

enum class screen { loading, login, call };

struct video_view {
    ImTextureID texture = nullptr;
    int width = 0;  // 0 until a frame has been uploaded
    int height = 0;
    bool has_image() const { return width > 0 && height > 0; }
};

struct model {
    screen current = screen::login;
    call::state call_state = call::state::idle;
    std::string name;    // signed in as
    std::string peer;    // in a call with, or calling
    std::string status;  // the call screen's status line
    std::string error;   // the login screen's message
    bool signing_in = false;
    video_view local;
    video_view remote;
    float scale = 1;     // ImGui pixels per CSS pixel
    bool touch = false;  // a coarse pointer: bigger targets, no autofocus
    // For the text fields' ImGuiInputTextFlags_CallbackAlways: how typed text gets in.
    ImGuiInputTextCallback text_callback = nullptr;
    void* text_callback_data = nullptr;
};

struct intents {
    std::optional<std::string> sign_in;
    std::optional<std::string> call;
    bool hang_up = false;
};

// A widget's rectangle, in ImGui pixels, under its visible label or hint.
struct widget_rect {
    std::string label;
    ImVec2 min;
    ImVec2 max;
};

struct frame_output {
    ui::intents intents;
    std::vector<widget_rect> widgets;
    std::optional<widget_rect> active_text_field;  // where the keyboard's input goes
};

}  // namespace duet::ui
