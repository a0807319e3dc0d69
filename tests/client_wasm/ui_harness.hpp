// ImGui with no backend, for the screens: a context with a built font atlas, frames run
// from NewFrame to Render (nothing is drawn), and presses simulated through io's mouse
// state across frames, as a person's click arrives (ImGui 1.86 reads input as state).
#pragma once

#include <imgui.h>

#include <cfloat>
#include <optional>
#include <string>

#include "ui/model.hpp"
#include "ui/root.hpp"
#include "ui/theme.hpp"

namespace duet::test {

class ui_harness {
  public:
    explicit ui_harness(ImVec2 display = ImVec2(1280, 800), bool touch = false) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        io.DisplaySize = display;
        ui::theme::apply(ImGui::GetStyle(), 1.f, touch);
        unsigned char* pixels = nullptr;
        int w = 0;
        int h = 0;
        io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);  // builds the atlas
    }
    ~ui_harness() { ImGui::DestroyContext(); }
    ui_harness(ui_harness const&) = delete;
    ui_harness& operator=(ui_harness const&) = delete;

    ui::frame_output frame(ui::model const& m) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.f / 60.f;
        ImGui::NewFrame();
        ui::frame_output out = root_.draw(m);
        ImGui::Render();
        last_ = out;
        return out;
    }

    // The widget the last frame recorded under `label`.
    std::optional<ui::widget_rect> widget(std::string const& label) const {
        for (auto const& w : last_.widgets) {
            if (w.label == label) return w;
        }
        return std::nullopt;
    }

    // Moves the mouse over `label`'s widget, presses, releases: what the frame of the
    // release recorded (a button fires on release). Runs a frame first to find the widget.
    ui::frame_output press(ui::model const& m, std::string const& label) {
        frame(m);
        auto w = widget(label);
        if (!w) return {};
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2((w->min.x + w->max.x) * 0.5f, (w->min.y + w->max.y) * 0.5f);
        frame(m);  // hover
        io.MouseDown[0] = true;
        frame(m);
        io.MouseDown[0] = false;
        auto out = frame(m);
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        return out;
    }

    // Presses `label`'s widget and drags it by (dx, dy) before letting go, in steps.
    ui::frame_output drag(ui::model const& m, std::string const& label, ImVec2 by) {
        frame(m);
        auto w = widget(label);
        if (!w) return {};
        ImGuiIO& io = ImGui::GetIO();
        ImVec2 start((w->min.x + w->max.x) * 0.5f, (w->min.y + w->max.y) * 0.5f);
        io.MousePos = start;
        frame(m);
        io.MouseDown[0] = true;
        frame(m);
        for (int i = 1; i <= 4; ++i) {
            io.MousePos = ImVec2(start.x + by.x * float(i) / 4, start.y + by.y * float(i) / 4);
            frame(m);
        }
        io.MouseDown[0] = false;
        auto out = frame(m);
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame(m);
        return out;
    }

  private:
    ui::root root_;
    ui::frame_output last_;
};

// alice in a call with bob (or in state `s` of one), both cameras showing 640x480.
inline ui::model in_call_model(call::state s = call::state::in_call) {
    ui::model m;
    m.current = ui::screen::call;
    m.call_state = s;
    m.role = call::role::caller;
    m.allowed = call::allowed_in(s, call::role::caller);
    m.name = "alice";
    m.partner = "bob";
    m.local = {nullptr, 640, 480};
    m.remote = {nullptr, 640, 480};
    return m;
}

inline bool none(ui::intents const& i) {
    return !i.sign_in && !i.call && !i.hang_up && !i.cancel && !i.accept && !i.decline &&
           !i.toggle_ring_mute && !i.dismiss_notice && !i.toggle_mic && !i.toggle_camera &&
           !i.toggle_fullscreen && !i.toggle_stats && !i.switch_language;
}

}  // namespace duet::test
