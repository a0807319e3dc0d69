// The chat panel (chat_panel.hpp).
#include "chat_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {

constexpr ImGuiWindowFlags panel_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoFocusOnAppearing;

bool showing(model const& m) { return m.chat.available && m.chat.open && m.chat.conversation; }

char const* notice_text(chat::conversation const& c, model const& m, std::string& buffer) {
    using words::word;
    switch (c.current_notice()) {
        case chat::notice::none:
            return nullptr;
        case chat::notice::too_long:
            buffer = words::fill(words::say(word::chat_too_long, m.lang),
                                 {{"count", std::to_string(c.refused_bytes())}});
            return buffer.c_str();
        case chat::notice::not_connected:
            return words::say(word::chat_not_connected, m.lang);
        case chat::notice::dropped:
            buffer = words::say_who(word::chat_dropped, m.lang, c.partner());
            return buffer.c_str();
    }
    return nullptr;
}

}  // namespace

float chat_panel::side_width(model const& m, float display_width) {
    float s = m.scale;
    if (!showing(m) || display_width < side_from_css * s) return 0;
    return std::floor(std::clamp(display_width * 0.3f, 260 * s, 360 * s));
}

bool chat_panel::begin(model const& m, ImVec2 min, ImVec2 max) {
    ImGui::SetNextWindowPos(min);
    ImGui::SetNextWindowSize(ImVec2(max.x - min.x, max.y - min.y));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.09f, 0.10f, 0.12f, 0.94f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * m.scale, 10 * m.scale));
    bool shown = ImGui::Begin("##chat_panel", nullptr, panel_flags);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    return shown;
}

void chat_panel::messages(model const& m, float height) {
    auto const& c = *m.chat.conversation;
    ImGui::BeginChild("##chat_messages", ImVec2(0, std::max(height, ImGui::GetTextLineHeight())));
    ImVec4 mine = theme::primary();
    for (auto const& e : c.entries()) {
        // The line over each message: its time and who wrote it.
        std::string when = chat::clock_hhmm(e.at_ms, e.utc_offset_minutes);  // short: no allocation
        ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
        ImGui::TextUnformatted(when.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, e.mine ? mine : ImVec4(1, 1, 1, 1));
        ImGui::TextUnformatted(e.from.c_str());
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextUnformatted(e.text.c_str(), e.text.c_str() + e.text.size());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    }
    // A new message scrolls to the end, once: scrolled back, the person reads in peace.
    if (scrolled_for_ != m.chat.revision) {
        ImGui::SetScrollHereY(1.f);
        scrolled_for_ = m.chat.revision;
    }
    ImGui::EndChild();
}

void chat_panel::draw(model const& m, ImVec2 min, ImVec2 max, frame_output& out) {
    // Opened by the person now (not shown again by a new call with the panel left open, which
    // must not take the keys M and V away from the controls).
    bool opened = m.chat.open && !was_open_;
    was_open_ = m.chat.open;
    if (!showing(m)) return;
    auto const& c = *m.chat.conversation;
    bool shown = begin(m, min, max);
    if (shown) {
        using words::word;
        float width = ImGui::GetContentRegionAvail().x;
        ImGui::PushTextWrapPos(0.f);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
        std::string direct = words::say_who(word::chat_direct, m.lang, c.partner());
        ImGui::TextUnformatted(direct.c_str());
        ImGui::PopStyleColor();
        std::string buffer;
        if (char const* n = notice_text(c, m, buffer)) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme::warning());
            ImGui::TextUnformatted(n);
            ImGui::PopStyleColor();
        }
        ImGui::PopTextWrapPos();
        ImGuiStyle const& style = ImGui::GetStyle();
        float row = ImGui::GetFrameHeight();
        messages(m, ImGui::GetContentRegionAvail().y - row - style.ItemSpacing.y);
        float send = button_width(word::chat_send, m.lang, 64 * m.scale);
        // Desktop: type at once when the panel opens; a phone's keyboard waits for a tap.
        bool entered = text_field(word::chat_message, draft_, sizeof draft_,
                                  width - send - style.ItemSpacing.x, m, out, opened && !m.touch);
        if (entered) ImGui::SetKeyboardFocusHere(-1);  // Enter sends and keeps typing here
        ImGui::SameLine();
        bool pressed =
            action_button(word::chat_send, m, ImVec2(send, 0), theme::primary(), true, out);
        if ((entered || pressed) && draft_[0] != '\0') {
            out.intents.send_chat = std::string(draft_);
            // Refused for its length, the text stays to be shortened.
            if (std::strlen(draft_) <= chat::max_text_bytes) draft_[0] = '\0';
        }
    }
    ImGui::End();
}

void chat_panel::draw_history(model const& m, ImVec2 min, ImVec2 max, frame_output& out) {
    auto const* c = m.chat.conversation;
    if (!c || c->entries().empty()) return;
    if (begin(m, min, max)) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
        std::string title = words::say_who(words::word::chat_history, m.lang, c->partner());
        ImGui::TextUnformatted(title.c_str());
        ImGui::PopStyleColor();
        messages(m, ImGui::GetContentRegionAvail().y);
    }
    ImGui::End();
    // For the tests: where the messages are (a picture, not a control).
    out.widgets.push_back({"Chat history", min, max, {}, widget_kind::picture});
}

void chat_glyph(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color) {
    float w = b.x - a.x;
    float h = b.y - a.y;
    ImVec2 top(a.x + w * 0.05f, a.y + h * 0.12f);
    ImVec2 bottom(b.x - w * 0.05f, a.y + h * 0.72f);
    dl->AddRectFilled(top, bottom, color, h * 0.16f);
    // The bubble's tail, down to the left.
    dl->AddTriangleFilled(ImVec2(a.x + w * 0.22f, bottom.y - 1),
                          ImVec2(a.x + w * 0.48f, bottom.y - 1),
                          ImVec2(a.x + w * 0.18f, a.y + h * 0.95f), color);
}

void unread_badge(ImDrawList* dl, ImVec2 min, ImVec2 max, int count, float scale) {
    if (count <= 0) return;
    char text[8];
    std::snprintf(text, sizeof text, "%d", std::min(count, 99));
    float r = std::round(9 * scale);
    ImVec2 c(max.x - r * 0.6f, min.y + r * 0.6f);
    dl->AddCircleFilled(c, r, ImGui::GetColorU32(theme::danger()), 20);
    ImVec2 size = ImGui::CalcTextSize(text);
    float k = std::min(1.f, 1.5f * r / std::max(size.y, 1.f));
    ImFont* font = ImGui::GetFont();
    float px = ImGui::GetFontSize() * k;
    ImVec2 t = font->CalcTextSizeA(px, 1e9f, 0.f, text);
    dl->AddText(font, px, ImVec2(std::floor(c.x - t.x * 0.5f), std::floor(c.y - t.y * 0.5f)),
                IM_COL32(255, 255, 255, 255), text);
}

}  // namespace duet::ui
