// The incoming-call panel over the video (incoming_call.hpp).
#include "incoming_call.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "identity_text.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

void incoming_call(model const& m, ImVec2 min, ImVec2 max, frame_output& out) {
    float s = m.scale;
    ImGuiStyle const& style = ImGui::GetStyle();
    float gap = style.ItemSpacing.y;
    float row = ImGui::GetFrameHeight();
    float text = ImGui::GetTextLineHeight();
    float pad = std::round(14 * s);
    float box_w = max.x - min.x;
    float box_h = max.y - min.y;
    float w = std::floor(std::min(box_w - 2 * std::round(8 * s), 380 * s));

    // Full: "Incoming call", the name, who the account says it is (with a provider),
    // [Accept][Decline], [Mute ring]. In a short box (a phone on its side), one line and the
    // three buttons in a row.
    std::string identity = partner_identity_text(m);
    float wrap = w - 2 * pad;  // an account's name and email may take two lines
    float identity_h =
        identity.empty() ? 0 : ImGui::CalcTextSize(identity.c_str(), nullptr, false, wrap).y;
    float full_h = 2 * pad + 2 * text + identity_h + gap + row + gap + row;
    bool compact = full_h > box_h - 2 * std::round(4 * s);
    float h = compact ? 2 * pad + text + gap + row : full_h;
    h = std::min(h, box_h);
    ImVec2 pmin(std::floor(min.x + (box_w - w) * 0.5f), std::floor(min.y + (box_h - h) * 0.5f));
    ImVec2 pmax(pmin.x + w, pmin.y + h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pmin, pmax, IM_COL32(20, 22, 26, 235), 10 * s);
    dl->AddRect(pmin, pmax, ImGui::GetColorU32(theme::success()), 10 * s, 0, std::max(1.f, 2 * s));

    float x = pmin.x + pad;
    float inner = w - 2 * pad;
    float y = pmin.y + pad;
    ImGui::PushClipRect(pmin, pmax, true);
    if (compact) {
        std::string line = words::say_who(words::word::who_is_calling, m.lang, m.partner);
        if (!identity.empty()) line += "  " + identity;
        dl->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_Text), line.c_str());
        y += text + gap;
    } else {
        dl->AddText(ImVec2(x, y), ImGui::GetColorU32(theme::muted_text()),
                    words::say(words::word::incoming_call, m.lang));
        y += text;
        dl->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_Text), m.partner.c_str());
        y += text;
        if (!identity.empty()) {
            bool verified = m.partner_identity->verified;
            dl->AddText(nullptr, 0.f, ImVec2(x, y),
                        ImGui::GetColorU32(verified ? theme::success() : theme::warning()),
                        identity.c_str(), nullptr, wrap);
            y += identity_h;
        }
        y += gap;
    }
    ImGui::PopClipRect();

    using words::word;
    word mute_label = m.ring_muted ? word::unmute_ring : word::mute_ring;
    float spacing = style.ItemSpacing.x;
    if (compact) {
        float third = std::floor((inner - 2 * spacing) / 3);
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (action_button(word::accept, m, ImVec2(third, 0), theme::success(), true, out)) {
            out.intents.accept = true;
        }
        ImGui::SameLine();
        if (action_button(word::decline, m, ImVec2(third, 0), theme::danger(), true, out)) {
            out.intents.decline = true;
        }
        ImGui::SameLine();
        if (action_button(mute_label, m, ImVec2(inner - 2 * (third + spacing), 0),
                          theme::neutral(), true, out)) {
            out.intents.toggle_ring_mute = true;
        }
        return;
    }
    float half = std::floor((inner - spacing) * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (action_button(word::accept, m, ImVec2(half, 0), theme::success(), true, out)) {
        out.intents.accept = true;
    }
    ImGui::SameLine();
    if (action_button(word::decline, m, ImVec2(inner - half - spacing, 0), theme::danger(), true,
                      out)) {
        out.intents.decline = true;
    }
    ImGui::SetCursorScreenPos(ImVec2(x, y + row + gap));
    if (action_button(mute_label, m, ImVec2(inner, 0), theme::neutral(), true, out)) {
        out.intents.toggle_ring_mute = true;
    }
}

}  // namespace duet::ui
