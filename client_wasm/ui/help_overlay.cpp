// The shortcuts' overlay and the button that opens it (help_overlay.hpp).
#include "help_overlay.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

float help_button_side(model const& m) {
    return std::max(ImGui::GetFrameHeight(), (m.touch ? theme::touch_target_css : 0.f) * m.scale);
}

void help_button(model const& m, ImVec2 at, frame_output& out) {
    float side = help_button_side(m);
    ImGui::SetCursorScreenPos(ImVec2(std::floor(at.x), std::floor(at.y)));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, side * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    bool pressed = ImGui::Button("?###Help", ImVec2(side, side));
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (ImGui::IsItemHovered() && !m.touch) {
        ImGui::SetTooltip("%s", words::say(words::word::help_title, m.lang));
    }
    record(out, "Help", words::say(words::word::help, m.lang));
    if (pressed) out.intents.toggle_help = true;
}

void help_overlay(model const& m, frame_output& out) {
    float s = m.scale;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(display);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0.55f));
    ImGui::Begin(
        "###help", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();

    float margin = 16 * s;
    float pad = 20 * s;
    float width = std::min(display.x - 2 * margin, 560 * s);
    float x = std::floor((display.x - width) * 0.5f);
    float keys_w = 0;
    for (auto const& r : help_rows) keys_w = std::max(keys_w, ImGui::CalcTextSize(r.keys).x);
    float text_x = x + pad + keys_w + 16 * s;
    // Too narrow for two columns (a phone held upright): each key above its meaning.
    bool stacked = width - (text_x - x) - pad < 160 * s;
    float top = std::max(margin, std::floor(display.y * 0.12f));

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorPos(ImVec2(x + pad, top + pad));
    ImGui::TextUnformatted(words::say(words::word::help_title, m.lang));
    ImGui::Dummy(ImVec2(0, 4 * s));
    for (auto const& r : help_rows) {
        ImGui::SetCursorPosX(x + pad);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::primary_text());
        ImGui::TextUnformatted(r.keys);
        ImGui::PopStyleColor();
        if (!stacked) ImGui::SameLine(text_x);
        if (stacked) ImGui::SetCursorPosX(x + pad + 12 * s);
        ImGui::PushTextWrapPos(x + width - pad);
        ImGui::TextUnformatted(words::say(r.what, m.lang));
        ImGui::PopTextWrapPos();
    }
    ImGui::Dummy(ImVec2(0, 4 * s));
    float button_w = button_width(words::word::close_help, m.lang, 120 * s);
    ImGui::SetCursorPosX(x + width - pad - button_w);
    // Only the overlay's own widget: the screen underneath is out of reach while it is open.
    out.widgets.clear();
    out.active_text_field.reset();
    if (action_button(words::word::close_help, m, ImVec2(button_w, 0), theme::primary(), true,
                      out)) {
        out.intents.toggle_help = true;
    }
    float bottom = ImGui::GetItemRectMax().y + pad;
    dl->ChannelsSetCurrent(0);
    ImVec2 origin = ImGui::GetWindowPos();
    dl->AddRectFilled(ImVec2(origin.x + x, origin.y + top), ImVec2(origin.x + x + width, bottom),
                      ImGui::GetColorU32(theme::background()), 10 * s);
    dl->AddRect(ImVec2(origin.x + x, origin.y + top), ImVec2(origin.x + x + width, bottom),
                ImGui::GetColorU32(ImGuiCol_Border), 10 * s, 0, std::max(1.f, s));
    dl->ChannelsMerge();
    ImGui::End();
}

}  // namespace duet::ui
