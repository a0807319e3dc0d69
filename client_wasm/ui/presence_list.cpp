// Who is online, each entry a button that calls them, and the search over a window
// (presence_list.hpp).
#include "presence_list.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {
using protocol::to_client::availability;
using words::word;

char const* header_text(model const& m, std::string& buffer) {
    if (m.presence.empty()) {
        // A search that finds no one is not "no one else is online".
        bool searching = m.presence_window > 0 && !m.presence_prefix.empty();
        return words::say(searching ? word::no_one_matches : word::no_one_online, m.lang);
    }
    // A window that leaves people out, or answers a search, shows some of those online: its
    // number is not how many are online. The first window holding everyone is everyone.
    bool everyone = m.presence_window == 0 || (!m.presence_more && m.presence_prefix.empty());
    if (!everyone) return words::say(word::online_list, m.lang);
    buffer = words::fill(words::say(word::online_count, m.lang),
                         {{"count", std::to_string(m.presence.size())}});
    return buffer.c_str();
}

}  // namespace

std::string presence_label(std::string const& name) { return "presence:" + name; }

float presence_list::min_height(model const& m) {
    float gap = ImGui::GetStyle().ItemSpacing.y;
    float row = ImGui::GetFrameHeight();
    float field = m.presence_window > 0 ? row + gap : 0;
    return ImGui::GetTextLineHeight() + gap + field + 3 * row;
}

void presence_list::draw(model const& m, ImVec2 min, ImVec2 size, bool can_call,
                         frame_output& out) {
    float s = m.scale;
    float text = ImGui::GetTextLineHeight();
    float gap = ImGui::GetStyle().ItemSpacing.y;
    float row = ImGui::GetFrameHeight();
    bool window = m.presence_window > 0;
    float field_h = window ? row + gap : 0;
    if (size.y < text + gap + field_h + row || size.x < 40 * s) return;  // no room for a name

    ImGui::SetCursorPos(min);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
    std::string buffer;
    char const* header = header_text(m, buffer);
    ImGui::TextUnformatted(header);
    ImGui::PopStyleColor();
    out.online_header = header;
    float y = min.y + text + gap;
    if (window) {
        // Shown even when nothing matches: it is how the search is changed back.
        ImGui::SetCursorPos(ImVec2(min.x, y));
        search_field(m, size.x, out);
        y += field_h;
    }
    if (m.presence.empty()) return;

    // With a window, the list takes only its rows, so the line under it sits close below.
    float more_h = 0;
    if (window && m.presence_more) {
        more_h =
            gap +
            ImGui::CalcTextSize(words::say(word::more_online, m.lang), nullptr, false, size.x).y;
    }
    float room = min.y + size.y - y - more_h;
    float rows = float(m.presence.size()) * (row + std::round(2 * s));
    float list_h = window ? std::min(room, rows) : room;
    ImGui::SetCursorPos(ImVec2(min.x, y));
    entries(m, ImVec2(size.x, std::max(list_h, row)), can_call, out);
    if (more_h > 0) {
        ImGui::SetCursorPos(ImVec2(min.x, y + std::max(list_h, row) + gap));
        ImGui::PushTextWrapPos(min.x + size.x);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
        ImGui::TextUnformatted(words::say(word::more_online, m.lang));
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        // A picture (read, not pressed) for window.duet: the tests find the line by it.
        record(out, "More online", words::say(word::more_online, m.lang), widget_kind::picture);
    }
}

void presence_list::search_field(model const& m, float width, frame_output& out) {
    bool entered = text_field(words::say(word::search_field, words::language::english),
                              word::search_hint, search_, sizeof search_, width, m, out);
    // Esc leaves the field (ImGui puts back what it held when it was entered); here it also
    // empties it, as a search box does, and the list goes back to the first names at once.
    bool escaped = ImGui::IsItemDeactivated() &&
                   ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
    if (escaped) search_[0] = '\0';
    if (reported_ != search_) {
        reported_ = search_;
        out.intents.search_typed = reported_;
    }
    if (entered || escaped) out.intents.search = reported_;
}

void presence_list::entries(model const& m, ImVec2 child, bool can_call, frame_output& out) {
    float s = m.scale;
    float text = ImGui::GetTextLineHeight();
    float row = ImGui::GetFrameHeight();
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
            char const* tag = available ? "" : words::say(word::busy_tag, m.lang);
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
                       available ? u.name : u.name + ", " + words::say(word::busy_tag, m.lang));
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
