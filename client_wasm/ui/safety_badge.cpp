// The safety code's line (safety_badge.hpp).
#include "safety_badge.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "widgets.hpp"

namespace duet::ui {

float safety_badge(model const& m, float left, float top, frame_output& out) {
    if (m.safety_code.empty()) return top;
    float s = m.scale;
    std::string label = words::say(words::word::safety_code, m.lang);
    std::string text = label + "  " + m.safety_code;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 size = ImGui::CalcTextSize(text.c_str());
    float pad = std::round(6 * s);
    // At least the 24 CSS px of a target (WCAG 2.2): it is hovered for its explanation.
    float h = std::max(size.y + pad, std::round(24 * s));
    ImVec2 a(left, top);
    ImVec2 b(a.x + size.x + 2 * pad, a.y + h);
    dl->AddRectFilled(a, b, IM_COL32(20, 22, 26, 200), (b.y - a.y) * 0.5f);
    dl->AddText(ImVec2(a.x + pad, std::floor(a.y + (h - size.y) * 0.5f)), IM_COL32(255, 255, 255, 255),
                text.c_str());
    ImGui::SetCursorScreenPos(a);
    ImGui::InvisibleButton("Safety code", ImVec2(b.x - a.x, b.y - a.y));
    record(out, "Safety code", text, widget_kind::picture);
    if (ImGui::IsItemHovered() && !m.touch) {
        std::string tip = words::say_who(words::word::safety_code_tip, m.lang, m.partner);
        ImGui::SetTooltip("%s", tip.c_str());
    }
    return b.y + std::round(6 * s);
}

}  // namespace duet::ui
