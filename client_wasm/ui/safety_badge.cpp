// The safety code's line (safety_badge.hpp).
#include "safety_badge.hpp"

#include <cmath>
#include <string>

#include "icons.hpp"
#include "widgets.hpp"

namespace duet::ui {

float safety_badge(model const& m, float left, float top, float alpha, frame_output& out) {
    if (m.safety_code.empty()) return top;
    float s = m.scale;
    std::string label = words::say(words::word::safety_code, m.lang);
    std::string text = label + "  " + m.safety_code;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 size = ImGui::CalcTextSize(text.c_str());
    float pad = std::round(6 * s);
    ImVec2 a(left, top);
    ImVec2 b(a.x + size.x + 2 * pad, a.y + size.y + pad);
    dl->AddRectFilled(a, b, icons::faded(IM_COL32(20, 22, 26, 200), alpha), (b.y - a.y) * 0.5f);
    dl->AddText(ImVec2(a.x + pad, a.y + pad * 0.5f), icons::faded(IM_COL32(255, 255, 255, 255), alpha),
                text.c_str());
    ImGui::SetCursorScreenPos(a);
    ImGui::InvisibleButton("Safety code", ImVec2(b.x - a.x, b.y - a.y));
    record(out, "Safety code", text, widget_kind::picture);
    if (ImGui::IsItemHovered() && !m.touch && alpha > 0.5f) {
        std::string tip = words::say_who(words::word::safety_code_tip, m.lang, m.partner);
        ImGui::SetTooltip("%s", tip.c_str());
    }
    return b.y + std::round(6 * s);
}

}  // namespace duet::ui
