#include "call_screen.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {

// Below this width (CSS pixels) the field takes its own row above the two buttons.
constexpr float narrow_width_css = 560;

}  // namespace

void call_screen::draw(model const& m, frame_output& out) {
    float s = m.scale;
    ImGuiStyle const& style = ImGui::GetStyle();
    ImVec2 display = ImGui::GetIO().DisplaySize;
    bool narrow = display.x < narrow_width_css * s;
    float margin = std::round((narrow ? 8 : 16) * s);
    float gap = style.ItemSpacing.y;
    float row = ImGui::GetFrameHeight();
    float text = ImGui::GetTextLineHeight();
    float width = display.x - 2 * margin;

    // Controls first: the video gets what is left, keeping its aspect ratio.
    float controls = (narrow ? 2 * row + gap : row) + gap + 2 * text;
    float room = std::max(display.y - 2 * margin - gap - controls, 80 * s);
    float aspect =
        m.remote.has_image() ? float(m.remote.width) / float(m.remote.height) : 4.f / 3.f;
    float box_h = std::floor(std::min(room, width / aspect));
    ImVec2 box_min(margin, margin);
    ImVec2 box_max(margin + width, margin + box_h);
    ImVec2 origin = ImGui::GetCursorScreenPos();  // window scroll, if the page overflows
    ImVec2 bmin(origin.x + box_min.x, origin.y + box_min.y);
    ImVec2 bmax(origin.x + box_max.x, origin.y + box_max.y);
    float rounding = 6 * s;
    video_box(m.remote, bmin, bmax, false, rounding);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!m.remote.has_image()) {
        char const* note = m.call_state == call::state::calling   ? "Connecting..."
                           : m.call_state == call::state::in_call ? "Waiting for video..."
                           : m.call_state == call::state::ended   ? "Call ended"
                                                                  : "No call";
        ImVec2 size = ImGui::CalcTextSize(note);
        dl->AddText(ImVec2(std::floor((bmin.x + bmax.x - size.x) * 0.5f),
                           std::floor((bmin.y + bmax.y - size.y) * 0.5f)),
                    ImGui::GetColorU32(theme::muted_text()), note);
    }

    // The self-view in the top-right corner of the remote video, as in the tutorial.
    if (m.local.has_image()) {
        float inset = std::round(10 * s);
        float pw = std::clamp(width * (narrow ? 0.3f : 0.22f), 90 * s, 260 * s);
        float ph = pw * float(m.local.height) / float(m.local.width);
        ph = std::min(ph, box_h * 0.45f);
        pw = ph * float(m.local.width) / float(m.local.height);
        ImVec2 pmax(bmax.x - inset, bmin.y + inset + ph);
        ImVec2 pmin(pmax.x - pw, bmin.y + inset);
        video_box(m.local, pmin, pmax, true, rounding * 0.6f);
        dl->AddRect(pmin, pmax, IM_COL32(255, 255, 255, 90), rounding * 0.6f, 0, std::max(1.f, s));
    }

    // Controls under the video.
    float y = box_max.y + gap;
    bool can_call = m.call_state == call::state::idle || m.call_state == call::state::ended;
    bool can_hang_up = !can_call;
    bool call_pressed = false;
    bool entered = false;
    bool hang_up = false;
    ImGui::SetCursorPos(ImVec2(margin, y));
    if (narrow) {
        entered = text_field("username to call", callee_, sizeof callee_, width, m, out);
        float half = std::floor((width - style.ItemSpacing.x) * 0.5f);
        ImGui::SetCursorPos(ImVec2(margin, y + row + gap));
        call_pressed = action_button("Call", ImVec2(half, 0), theme::success(), can_call, out);
        ImGui::SameLine();
        hang_up = action_button("Hang Up", ImVec2(width - half - style.ItemSpacing.x, 0),
                                theme::danger(), can_hang_up, out);
    } else {
        float button = std::round(120 * s);
        float field = width - 2 * (button + style.ItemSpacing.x);
        entered = text_field("username to call", callee_, sizeof callee_, field, m, out);
        ImGui::SameLine();
        call_pressed = action_button("Call", ImVec2(button, 0), theme::success(), can_call, out);
        ImGui::SameLine();
        hang_up = action_button("Hang Up", ImVec2(button, 0), theme::danger(), can_hang_up, out);
    }
    if (call_pressed || (entered && can_call)) out.intents.call = std::string(callee_);
    if (hang_up) out.intents.hang_up = true;

    ImGui::SetCursorPosX(margin);
    ImGui::PushTextWrapPos(margin + width);
    ImGui::TextUnformatted(m.status.c_str());
    ImGui::PopTextWrapPos();
}

}  // namespace duet::ui
