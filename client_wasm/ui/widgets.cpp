// The shared widget shapes, each recording its rectangle (widgets.hpp).
#include "widgets.hpp"

#include "draw_hints.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace duet::ui {

void record(frame_output& out, std::string label, std::string text, widget_kind kind) {
    out.widgets.push_back({std::move(label), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                           std::move(text), kind});
}

std::string imgui_label(words::word w, words::language lang) {
    return std::string(words::say(w, lang)) + "###" + words::say(w, words::language::english);
}

float button_width(words::word w, words::language lang, float min_width) {
    float text = ImGui::CalcTextSize(words::say(w, lang)).x;
    return std::max(text + 2 * ImGui::GetStyle().FramePadding.x, min_width);
}

void centered_text(ImDrawList* dl, ImVec2 min, ImVec2 max, char const* text, ImU32 color) {
    ImVec2 size = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2(std::floor((min.x + max.x - size.x) * 0.5f),
                       std::floor((min.y + max.y - size.y) * 0.5f)),
                color, text);
}

bool text_field(words::word hint_word, char* buffer, std::size_t size, float width, model const& m,
                frame_output& out, bool autofocus) {
    return text_field(words::say(hint_word, words::language::english), hint_word, buffer, size,
                      width, m, out, autofocus);
}

bool text_field(std::string const& english, words::word hint_word, char* buffer, std::size_t size,
                float width, model const& m, frame_output& out, bool autofocus) {
    char const* hint = words::say(hint_word, m.lang);
    std::string id = "##" + english;
    ImGui::SetNextItemWidth(width);
    if (autofocus) ImGui::SetKeyboardFocusHere();
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
    if (m.text_callback != nullptr) flags |= ImGuiInputTextFlags_CallbackAlways;
    bool entered = ImGui::InputTextWithHint(id.c_str(), hint, buffer, size, flags, m.text_callback,
                                            m.text_callback_data);
    record(out, english, hint, widget_kind::field);
    if (ImGui::IsItemActive()) out.active_text_field = out.widgets.back();
    return entered;
}

bool action_button(words::word label, model const& m, ImVec2 size, ImVec4 color, bool enabled,
                   frame_output& out) {
    return action_button(words::say(label, words::language::english), words::say(label, m.lang), m,
                         size, color, enabled, out);
}

bool action_button(std::string const& id, std::string const& shown, model const&, ImVec2 size,
                   ImVec4 color, bool enabled, frame_output& out) {
    auto shade = [&](float k) { return ImVec4(color.x * k, color.y * k, color.z * k, color.w); };
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, shade(1.15f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, shade(0.85f));
    ImGui::PushStyleColor(ImGuiCol_Border, shade(0.8f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::BeginDisabled(!enabled);
    bool pressed = ImGui::Button((shown + "###" + id).c_str(), size);
    ImGui::EndDisabled();
    ImGui::PopStyleColor(5);
    record(out, id, shown);
    out.widgets.back().enabled = enabled;
    return pressed && enabled;
}

ImVec2 video_box(video_view const& view, ImVec2 min, ImVec2 max, bool mirrored, float rounding) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 const black = IM_COL32(0, 0, 0, 255);
    if (!view.has_image()) {
        dl->AddRectFilled(min, max, black, rounding);
        return ImVec2(0, 0);
    }
    float bw = max.x - min.x;
    float bh = max.y - min.y;
    float aspect = float(view.width) / float(view.height);
    float w = bw;
    float h = bw / aspect;
    if (h > bh) {
        h = bh;
        w = bh * aspect;
    }
    ImVec2 p0(min.x + (bw - w) * 0.5f, min.y + (bh - h) * 0.5f);
    ImVec2 p1(p0.x + w, p0.y + h);
    // A self-view is shown as a mirror, as people expect to see themselves.
    ImVec2 uv0 = mirrored ? ImVec2(1, 0) : ImVec2(0, 0);
    ImVec2 uv1 = mirrored ? ImVec2(0, 1) : ImVec2(1, 1);
    if (rounding > 0) {
        // Soft corners need blending; a rounded box (the self-view, the preview) is small.
        dl->AddRectFilled(min, max, black, rounding);
        dl->AddImageRounded(view.texture, p0, p1, uv0, uv1, IM_COL32_WHITE, rounding);
        return ImVec2(w, h);
    }
    // Square corners (the partner's video in a call, most of the screen): black only where
    // the picture leaves the box, and nothing blended. Painting the whole box black under the
    // picture and blending the picture over it cost software WebGL two full-screen passes.
    dl->AddCallback(opaque_begin, nullptr);
    auto bar = [&](ImVec2 a, ImVec2 b) {
        if (b.x - a.x >= 0.5f && b.y - a.y >= 0.5f) dl->AddRectFilled(a, b, black);
    };
    bar(min, ImVec2(max.x, p0.y));
    bar(ImVec2(min.x, p1.y), max);
    bar(ImVec2(min.x, p0.y), ImVec2(p0.x, p1.y));
    bar(ImVec2(p1.x, p0.y), ImVec2(max.x, p1.y));
    dl->AddImage(view.texture, p0, p1, uv0, uv1);
    dl->AddCallback(opaque_end, nullptr);
    return ImVec2(w, h);
}

void fill_opaque(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour) {
    dl->AddCallback(opaque_begin, nullptr);
    dl->AddRectFilled(min, max, colour | IM_COL32_A_MASK);
    dl->AddCallback(opaque_end, nullptr);
}

bool pressed_outside(ImVec2 min, ImVec2 size, ImVec2 button_min, ImVec2 button_max) {
    auto inside = [](ImVec2 p, ImVec2 a, ImVec2 b) {
        return p.x >= a.x && p.y >= a.y && p.x < b.x && p.y < b.y;
    };
    ImVec2 at = ImGui::GetIO().MousePos;
    return ImGui::IsMouseClicked(0) && !inside(at, min, ImVec2(min.x + size.x, min.y + size.y)) &&
           !inside(at, button_min, button_max);
}

}  // namespace duet::ui
