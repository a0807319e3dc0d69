// The sign-in form (login_screen.hpp).
#include "login_screen.hpp"

#include <algorithm>
#include <cmath>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

void login_screen::draw(model const& m, frame_output& out) {
    float s = m.scale;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    float margin = 16 * s;
    float width = std::min(display.x - 2 * margin, 420 * s);
    float x = std::floor((display.x - width) * 0.5f);
    // High enough that a phone's keyboard, opening below, leaves the field and button seen.
    float y = std::clamp(display.y * 0.18f, margin, 160 * s);

    ImGui::SetCursorPos(ImVec2(x, y));
    ImGui::PushTextWrapPos(x + width);
    ImGui::TextUnformatted("WebRTC Video Demo");
    ImGui::SetCursorPosX(x);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
    ImGui::TextUnformatted("Please sign in");
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, 8 * s));

    // Desktop: type at once, as the tutorial's autofocus did. A phone's keyboard opens only
    // on a tap, so there the field waits for one.
    bool autofocus = !focused_once_ && !m.touch;
    focused_once_ = true;
    ImGui::SetCursorPosX(x);
    bool entered = text_field("Login", name_, sizeof name_, width, m, out, autofocus);
    ImGui::SetCursorPosX(x);
    bool clicked = action_button("Sign in", ImVec2(width, 0), theme::primary(), !m.signing_in, out);
    if ((entered || clicked) && !m.signing_in) out.intents.sign_in = std::string(name_);

    if (m.signing_in) {
        ImGui::SetCursorPosX(x);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
        ImGui::TextUnformatted("Signing in...");
        ImGui::PopStyleColor();
    } else if (!m.error.empty()) {
        ImGui::SetCursorPosX(x);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::danger());
        ImGui::TextUnformatted(m.error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
}

}  // namespace duet::ui
