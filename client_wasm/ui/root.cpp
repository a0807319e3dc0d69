// The one full-screen window, and the model's screen in it (root.hpp).
#include "root.hpp"

#include <imgui.h>

#include <algorithm>

#include "help_overlay.hpp"

namespace duet::ui {

frame_output root::draw(model const& m) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin(
        "duet", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
            ImGuiWindowFlags_NoBringToFrontOnFocus |
            ImGuiWindowFlags_NoBackground);  // glClear paints it: one full-screen pass less
    frame_output out;
    switch (m.current) {
        case screen::call:
            call_.draw(m, out);
            break;
        case screen::login:
            login_.draw(m, out);
            break;
    }
    if (m.current == screen::login && !m.help_open) {
        // Left of the language button in the top corner.
        float s = m.scale;
        float side = help_button_side(m);
        ImVec2 at(ImGui::GetIO().DisplaySize.x - 16 * s - side, 16 * s);
        for (auto const& w : out.widgets) {
            if (w.label == "Language") at = ImVec2(w.min.x - 8 * s - side, w.min.y);
        }
        help_button(m, at, out);
    }
    ImGui::End();
    if (m.help_open) help_overlay(m, out);
    // The keyboard's place (a Tab onto the widget's DOM mirror), ringed as browsers ring a
    // focused control; drawn over everything, on the rectangle this frame recorded.
    for (auto const& w : out.widgets) {
        if (w.label != m.keyboard_focus || m.keyboard_focus.empty()) continue;
        float pad = 3 * m.scale;
        ImGui::GetForegroundDrawList()->AddRect(
            ImVec2(w.min.x - pad, w.min.y - pad), ImVec2(w.max.x + pad, w.max.y + pad),
            IM_COL32(255, 200, 60, 255), 6 * m.scale, 0, std::max(2.f, 2 * m.scale));
    }
    return out;
}

}  // namespace duet::ui
