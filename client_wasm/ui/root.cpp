// The one full-screen window, and the model's screen in it (root.hpp).
#include "root.hpp"

#include <imgui.h>

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
    ImGui::End();
    return out;
}

}  // namespace duet::ui
