// The Invite button and its window (invite_panel.hpp).
#include "invite_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

void invite_panel::draw(model const& m, ImVec2 corner, float max_width, frame_output& out) {
    if (m.invite_link.empty()) {
        open_ = false;
        return;
    }
    using words::word;
    float w = button_width(word::invite, m.lang, 0);
    float h = ImGui::GetFrameHeight();
    ImVec2 at(corner.x - w, corner.y - h);
    ImGui::SetCursorScreenPos(at);
    if (action_button(word::invite, m, ImVec2(w, 0), open_ ? theme::primary() : theme::neutral(),
                      true, out)) {
        open_ = !open_;
    }
    if (open_) {
        float gap = std::round(8 * m.scale);
        draw_window(m, ImVec2(corner.x, at.y - gap), max_width, at, ImVec2(corner.x, corner.y),
                    out);
    }
}

void invite_panel::draw_window(model const& m, ImVec2 corner, float max_width, ImVec2 button_min,
                               ImVec2 button_max, frame_output& out) {
    using words::word;
    float s = m.scale;
    if (encoded_ != m.invite_link) {
        encoded_ = m.invite_link;
        qr_ = qr_encode(encoded_);
    }
    float width = std::min(320 * s, max_width);
    ImGui::SetNextWindowPos(corner, ImGuiCond_Always, ImVec2(1.f, 1.f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, FLT_MAX));
    ImGui::Begin("##invite", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    float inner = ImGui::GetContentRegionAvail().x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
    ImGui::TextColored(theme::muted_text(), "%s", words::say(word::invite_hint, m.lang));
    ImGui::TextUnformatted(m.invite_link.c_str());
    ImGui::PopTextWrapPos();
    record(out, "Invite link", m.invite_link, widget_kind::picture);

    float spacing = ImGui::GetStyle().ItemSpacing.x;
    int buttons = m.can_web_share ? 2 : 1;
    float bw = std::floor((inner - float(buttons - 1) * spacing) / float(buttons));
    if (action_button(word::copy_link, m, ImVec2(bw, 0), theme::primary(), true, out)) {
        out.intents.copy_invite = true;
    }
    if (m.can_web_share) {
        ImGui::SameLine();
        if (action_button(word::share_link, m, ImVec2(bw, 0), theme::neutral(), true, out)) {
            out.intents.share_invite = true;
        }
    }
    if (m.invite_copied) ImGui::TextColored(theme::muted_text(), "%s", words::say(word::link_copied, m.lang));

    if (qr_) {
        float side = std::min(inner, 240 * s);
        ImVec2 pos = ImGui::GetCursorScreenPos();
        pos.x += std::floor((inner - side) * 0.5f);
        float drawn = draw_qr(ImGui::GetWindowDrawList(), *qr_, pos, side);
        ImGui::SetCursorScreenPos(pos);
        ImGui::Dummy(ImVec2(drawn, drawn));
        record(out, "Invite code", m.invite_link, widget_kind::picture);
    }
    ImVec2 min = ImGui::GetWindowPos();
    ImVec2 size = ImGui::GetWindowSize();
    ImGui::End();
    // A press anywhere else closes it, as the Devices menu; the Invite button toggles it.
    if (pressed_outside(min, size, button_min, button_max)) open_ = false;
}

}  // namespace duet::ui
