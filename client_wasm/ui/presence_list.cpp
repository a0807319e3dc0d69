// Who is online, each entry a button that calls them (presence_list.hpp).
#include "presence_list.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {
using protocol::to_client::availability;
}  // namespace

std::string presence_label(std::string const& name) { return "presence:" + name; }

void presence_list(model const& m, ImVec2 min, ImVec2 size, bool can_call, frame_output& out) {
    float s = m.scale;
    float text = ImGui::GetTextLineHeight();
    float gap = ImGui::GetStyle().ItemSpacing.y;
    float row = ImGui::GetFrameHeight();
    if (size.y < text + gap + row || size.x < 40 * s) return;  // no room for even one name

    ImGui::SetCursorPos(min);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
    std::string count = std::to_string(m.presence.size());
    std::string header = words::fill(words::say(words::word::online_count, m.lang),
                                     {{"count", count}});
    ImGui::TextUnformatted(m.presence.empty() ? words::say(words::word::no_one_online, m.lang)
                                              : header.c_str());
    ImGui::PopStyleColor();
    if (m.presence.empty()) return;

    ImGui::SetCursorPos(ImVec2(min.x, min.y + text + gap));
    ImVec2 child(size.x, size.y - text - gap);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, std::round(2 * s)));
    ImGui::BeginChild("##presence", child, false, ImGuiWindowFlags_NoSavedSettings);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 clip_min = ImGui::GetWindowPos();
    ImVec2 clip_max(clip_min.x + child.x, clip_min.y + child.y);
    float width = ImGui::GetContentRegionAvail().x;
    float rounding = 6 * s;

    ImGuiListClipper clipper;  // a crowd online costs only the rows in view
    clipper.Begin(int(m.presence.size()), row + ImGui::GetStyle().ItemSpacing.y);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            auto const& u = m.presence[std::size_t(i)];
            bool available = u.status == availability::available;
            ImGui::PushID(i);
            bool clicked = ImGui::InvisibleButton("##entry", ImVec2(width, row));
            ImVec2 a = ImGui::GetItemRectMin();
            ImVec2 b = ImGui::GetItemRectMax();
            bool active = available && can_call;
            if (ImGui::IsItemHovered() && active) {
                dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBgHovered), rounding);
            } else {
                dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg), rounding);
            }
            float dot = std::round(5 * s);
            float pad = std::round(12 * s);
            ImVec2 centre(a.x + pad + dot, std::floor((a.y + b.y) * 0.5f));
            dl->AddCircleFilled(
                centre, dot, ImGui::GetColorU32(available ? theme::success() : theme::warning()));
            float name_x = centre.x + dot + pad * 0.75f;
            char const* tag = available ? "" : words::say(words::word::busy_tag, m.lang);
            float tag_w = ImGui::CalcTextSize(tag).x;
            ImVec4 name_color = active || !available ? ImGui::GetStyle().Colors[ImGuiCol_Text]
                                                     : theme::muted_text();
            ImVec4 clip(name_x, a.y, b.x - pad - tag_w - pad * 0.5f, b.y);
            dl->AddText(nullptr, 0.f, ImVec2(name_x, std::floor((a.y + b.y - text) * 0.5f)),
                        ImGui::GetColorU32(name_color), u.name.c_str(), nullptr, 0.f, &clip);
            if (!available) {
                dl->AddText(ImVec2(b.x - pad - tag_w, std::floor((a.y + b.y - text) * 0.5f)),
                            ImGui::GetColorU32(theme::muted_text()), tag);
            }
            bool in_view = a.y >= clip_min.y - 0.5f && b.y <= clip_max.y + 0.5f &&
                           a.x >= clip_min.x - 0.5f && b.x <= clip_max.x + 0.5f;
            if (in_view) {
                // Read as "bob" or "bob, busy": the dot's colour says nothing to a reader.
                record(out, presence_label(u.name),
                       available ? u.name : u.name + ", " + words::say(words::word::busy_tag, m.lang));
            }
            if (clicked && active) out.intents.call = u.name;
            ImGui::PopID();
        }
    }
    clipper.End();
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

}  // namespace duet::ui
