// The call screen's layout, and which of its buttons a call state allows (call_screen.hpp).
#include "call_screen.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "help_overlay.hpp"
#include "incoming_call.hpp"
#include "presence_list.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {

// Below this width (CSS pixels) the field takes its own row above the two buttons.
constexpr float narrow_width_css = 560;
// From this width the list of who is online is a column beside the video.
constexpr float side_panel_width_css = 720;

std::string video_note(model const& m) {
    using words::word;
    switch (m.call_state) {
        case call::state::ringing_out:
            return words::say_who(word::calling_who, m.lang, m.partner);
        case call::state::ringing_in:
            return {};  // the incoming-call panel is there
        case call::state::connecting:
            return words::say(word::connecting_short, m.lang);
        case call::state::in_call:
            return words::say(word::waiting_for_video, m.lang);
        case call::state::ended:
            return words::say(word::call_ended, m.lang);
        case call::state::idle:
            break;
    }
    return words::say(word::no_call, m.lang);
}

}  // namespace

void call_screen::draw(model const& m, frame_output& out) {
    if (m.call_state == call::state::connecting || m.call_state == call::state::in_call) {
        return in_call_.draw(m, out);
    }
    float s = m.scale;
    ImGuiStyle const& style = ImGui::GetStyle();
    ImVec2 display = ImGui::GetIO().DisplaySize;
    float margin = std::round((display.x < narrow_width_css * s ? 8 : 16) * s);
    float gap = style.ItemSpacing.y;
    float row = ImGui::GetFrameHeight();
    float text = ImGui::GetTextLineHeight();

    bool side_panel = m.presence_enabled && display.x >= side_panel_width_css * s;
    float panel_w = side_panel ? std::floor(std::clamp(display.x * 0.24f, 180 * s, 260 * s)) : 0;
    float width = display.x - 2 * margin - (side_panel ? panel_w + style.ItemSpacing.x : 0);
    bool narrow = width < narrow_width_css * s;
    bool below_list = m.presence_enabled && !side_panel;

    // Controls first: the video gets what is left, keeping its aspect ratio.
    float buttons_h = narrow ? 2 * row + gap : row;
    float controls = buttons_h + gap + 2 * text;
    float notice_h = m.notice.empty() ? 0 : gap + row;
    float list_min = below_list ? gap + presence_list::min_height(m) : 0;
    float room = std::max(display.y - 2 * margin - gap - controls - notice_h - list_min, 80 * s);
    float aspect =
        m.remote.has_image() ? float(m.remote.width) / float(m.remote.height) : 4.f / 3.f;
    float box_h = std::floor(std::min(room, width / aspect));
    ImVec2 box_min(margin, margin);
    ImVec2 box_max(margin + width, margin + box_h);
    ImVec2 origin = ImGui::GetCursorScreenPos();  // window scroll, if the page overflows
    ImVec2 bmin(origin.x + box_min.x, origin.y + box_min.y);
    ImVec2 bmax(origin.x + box_max.x, origin.y + box_max.y);
    float rounding = 6 * s;
    out.remote_video_shown = video_box(m.remote, bmin, bmax, false, rounding);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The last call's messages, over the video until the next call (below): its note is the
    // status line's too, so the messages take its place.
    bool history = m.call_state != call::state::ringing_in && m.chat.conversation &&
                   !m.chat.conversation->entries().empty();
    if (!m.remote.has_image() || m.call_state != call::state::in_call) {
        std::string note = video_note(m);
        if (!note.empty() && !history) {
            centered_text(dl, bmin, bmax, note.c_str(), ImGui::GetColorU32(theme::on_video_text()));
        }
    }

    // The signaling socket is down: the call goes on, but nothing new can be said.
    float banner_h = 0;
    if (m.reconnecting) {
        banner_h = std::round(text + 10 * s);
        ImVec2 b1(bmax.x, bmin.y + banner_h);
        dl->AddRectFilled(bmin, b1, ImGui::GetColorU32(theme::warning()), rounding,
                          ImDrawFlags_RoundCornersTop);
        centered_text(dl, bmin, b1, words::say(words::word::reconnecting, m.lang),
                      IM_COL32(33, 37, 41, 255));
    }

    // The self-view in the top-right corner of the remote video, as in the tutorial.
    if (m.local.has_image()) {
        float inset = std::round(10 * s);
        float pw = std::clamp(width * (narrow ? 0.3f : 0.22f), 90 * s, 260 * s);
        float ph = pw * float(m.local.height) / float(m.local.width);
        ph = std::min(ph, box_h * 0.45f);
        pw = ph * float(m.local.width) / float(m.local.height);
        float top = bmin.y + banner_h + inset;
        ImVec2 pmax(bmax.x - inset, top + ph);
        ImVec2 pmin(pmax.x - pw, top);
        out.local_video_shown = video_box(m.local, pmin, pmax, true, rounding * 0.6f);
        dl->AddRect(pmin, pmax, IM_COL32(255, 255, 255, 90), rounding * 0.6f, 0, std::max(1.f, s));
    }

    if (m.call_state == call::state::ringing_in) {
        incoming_call(m, bmin, bmax, out);
    } else {
        preview_buttons(m, bmin, bmax, out);
        float inset = std::round(10 * s);
        if (!m.help_open) help_button(m, ImVec2(bmin.x + inset, bmin.y + banner_h + inset), out);
        invite_.draw(m, ImVec2(bmax.x - inset, bmax.y - inset), bmax.x - bmin.x - 2 * inset, out);
    }
    if (history) {
        // The last call's messages stay until the next call starts: over the video's left
        // part, above the preview's button.
        float inset = std::round(10 * s);
        float w = narrow ? width - 2 * inset : std::min(width * 0.5f, 340 * s);
        // Below the "?" button, which shares that corner.
        float top = bmin.y + banner_h + 2 * inset + help_button_side(m);
        history_.draw_history(m, ImVec2(bmin.x + inset, top),
                              ImVec2(bmin.x + inset + w, bmax.y - 2 * inset - row), out);
    }

    // Controls under the video.
    bool can_call = m.allowed.call;
    bool caller_waiting = m.allowed.cancel;
    bool can_hang_up = m.allowed.hang_up;
    using words::word;
    word end_label = caller_waiting ? word::cancel : word::hang_up;
    bool end_enabled = caller_waiting || can_hang_up;

    float y = box_max.y + gap;
    bool call_pressed = false;
    bool entered = false;
    bool end_pressed = false;
    ImGui::SetCursorPos(ImVec2(margin, y));
    if (narrow) {
        entered = text_field(word::call_field, callee_, sizeof callee_, width, m, out);
        float half = std::floor((width - style.ItemSpacing.x) * 0.5f);
        ImGui::SetCursorPos(ImVec2(margin, y + row + gap));
        call_pressed =
            action_button(word::call, m, ImVec2(half, 0), theme::success(), can_call, out);
        ImGui::SameLine();
        end_pressed = action_button(end_label, m, ImVec2(width - half - style.ItemSpacing.x, 0),
                                    theme::danger(), end_enabled, out);
    } else {
        float button = std::round(120 * s);
        float field = width - 2 * (button + style.ItemSpacing.x);
        entered = text_field(word::call_field, callee_, sizeof callee_, field, m, out);
        ImGui::SameLine();
        call_pressed =
            action_button(word::call, m, ImVec2(button, 0), theme::success(), can_call, out);
        ImGui::SameLine();
        end_pressed =
            action_button(end_label, m, ImVec2(button, 0), theme::danger(), end_enabled, out);
    }
    if (call_pressed || (entered && can_call)) out.intents.call = std::string(callee_);
    if (end_pressed) {
        if (caller_waiting) {
            out.intents.cancel = true;
        } else {
            out.intents.hang_up = true;
        }
    }

    float status_y = y + buttons_h + gap;
    float status_w = width;
    if (m.account.me) {
        // Signed in through a provider: its Sign out at the end of the status line.
        float button = std::round(button_width(word::sign_out, m.lang, 96 * s));
        ImGui::SetCursorPos(ImVec2(margin + width - button, status_y));
        if (action_button(word::sign_out, m, ImVec2(button, 0), theme::neutral(), true, out))
            out.intents.sign_out = true;
        status_w -= button + style.ItemSpacing.x;
    }
    ImGui::SetCursorPos(ImVec2(margin, status_y));
    ImGui::PushTextWrapPos(margin + status_w);
    ImGui::TextUnformatted(m.status.c_str());
    ImGui::PopTextWrapPos();

    // Someone rang while we were busy: one line and a way to clear it.
    float next_y = status_y + 2 * text;
    if (!m.notice.empty()) {
        float ny = next_y + gap;
        float button = std::round(button_width(word::dismiss, m.lang, 96 * s));
        ImVec2 a(origin.x + margin, origin.y + ny);
        ImVec2 b(a.x + width, a.y + row);
        dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg), rounding);
        ImVec4 clip(a.x, a.y, b.x - button - style.ItemSpacing.x, b.y);
        dl->AddText(nullptr, 0.f, ImVec2(a.x + style.FramePadding.x, a.y + (row - text) * 0.5f),
                    ImGui::GetColorU32(theme::warning_text()), m.notice.c_str(), nullptr, 0.f,
                    &clip);
        ImGui::SetCursorPos(ImVec2(margin + width - button, ny));
        if (action_button(word::dismiss, m, ImVec2(button, 0), theme::neutral(), true, out)) {
            out.intents.dismiss_notice = true;
        }
        next_y = ny + row;
    }

    if (side_panel) {
        float x = margin + width + style.ItemSpacing.x;
        online_.draw(m, ImVec2(x, margin), ImVec2(panel_w, display.y - 2 * margin), can_call, out);
    } else if (below_list) {
        float ly = next_y + gap;
        online_.draw(m, ImVec2(margin, ly), ImVec2(width, display.y - margin - ly), can_call, out);
    }
}

void call_screen::preview_buttons(model const& m, ImVec2 video_min, ImVec2 video_max,
                                  frame_output& out) {
    float s = m.scale;
    float inset = std::round(10 * s);
    words::word label = m.media_requested ? words::word::devices : words::word::preview_camera;
    float w = button_width(label, m.lang, 0);
    float h = ImGui::GetFrameHeight();
    ImVec2 at(video_min.x + inset, video_max.y - inset - h);
    ImGui::SetCursorScreenPos(at);
    if (!m.media_requested) {
        if (action_button(label, m, ImVec2(w, 0), theme::neutral(), true, out)) {
            out.intents.preview = true;
        }
        return;
    }
    if (action_button(label, m, ImVec2(w, 0), theme::neutral(), true, out)) devices_.toggle();
    widget_rect button = out.widgets.back();
    float width = video_max.x - video_min.x;
    devices_.draw(m, ImVec2(video_min.x + width * 0.5f, at.y - inset), width - 2 * inset,
                  button.min, button.max, out);
}

}  // namespace duet::ui
