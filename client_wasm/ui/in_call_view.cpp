// The in-call layout (in_call_view.hpp).
#include "in_call_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "chat_panel.hpp"
#include "icons.hpp"
#include "identity_text.hpp"
#include "quality_mark.hpp"
#include "safety_badge.hpp"
#include "stats_panel.hpp"
#include "tap_to_hear.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {

constexpr ImU32 white = IM_COL32(255, 255, 255, 255);
constexpr ImU32 shade = IM_COL32(0, 0, 0, 150);

ImU32 color(ImVec4 c) { return ImGui::ColorConvertFloat4ToU32(c); }

// A notice (someone tried to call) or an open menu keeps the controls shown: there is
// something to act on.
float shown_alpha(model const& m, bool menu_open) {
    return m.notice.empty() && !menu_open ? std::clamp(m.controls_alpha, 0.f, 1.f) : 1.f;
}

bool word_break(char c) { return c == ' ' || c == '.' || c == '_' || c == '-'; }

// One round button with a glyph; its rectangle is recorded under `label`.
bool round_button(char const* label, ImVec2 pos, float size, ImU32 fill, float alpha,
                  void (*glyph)(ImDrawList*, ImVec2, ImVec2, ImU32), bool off, char const* tip,
                  model const& m, frame_output& out) {
    ImGui::SetCursorScreenPos(pos);
    bool pressed = ImGui::InvisibleButton(label, ImVec2(size, size));
    bool hovered = ImGui::IsItemHovered();
    record(out, label, tip);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 c(pos.x + size * 0.5f, pos.y + size * 0.5f);
    ImU32 body = hovered ? icons::faded(fill, 1.f) : fill;
    dl->AddCircleFilled(c, size * 0.5f, icons::faded(body, alpha), 32);
    float inset = size * 0.22f;
    ImVec2 g0(pos.x + inset, pos.y + inset);
    ImVec2 g1(pos.x + size - inset, pos.y + size - inset);
    glyph(dl, g0, g1, icons::faded(white, alpha));
    if (off)
        icons::slash(dl, g0, g1, icons::faded(white, alpha),
                     icons::faded(fill | IM_COL32_A_MASK, alpha));
    // Tooltips name the key; a finger has no hover, so phones go without.
    if (hovered && !m.touch && alpha > 0.5f) ImGui::SetTooltip("%s", tip);
    return pressed;
}

void initials_circle(ImDrawList* dl, std::string const& name, ImVec2 c, float r) {
    dl->AddCircleFilled(c, r, IM_COL32(70, 90, 130, 255), 48);
    std::string text = initials(name);
    ImFont* font = ImGui::GetFont();
    float size = r * 0.8f;
    ImVec2 t = font->CalcTextSizeA(size, FLT_MAX, 0.f, text.c_str());
    dl->AddText(font, size, ImVec2(std::floor(c.x - t.x * 0.5f), std::floor(c.y - t.y * 0.5f)),
                white, text.c_str());
}

// The partner's microphone is off: a red disc with a slashed microphone.
void muted_mark(ImDrawList* dl, ImVec2 pos, float size) {
    ImVec2 c(pos.x + size * 0.5f, pos.y + size * 0.5f);
    dl->AddCircleFilled(c, size * 0.5f, color(theme::danger()), 24);
    float inset = size * 0.2f;
    ImVec2 g0(pos.x + inset, pos.y + inset);
    ImVec2 g1(pos.x + size - inset, pos.y + size - inset);
    icons::microphone(dl, g0, g1, white);
    icons::slash(dl, g0, g1, white, color(theme::danger()));
}

// A line of news over the video, centred above `bottom`; returns where the next goes.
float pill(model const& m, char const* text, float left, float width, float bottom) {
    float s = m.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 size = ImGui::CalcTextSize(text);
    float pad = std::round(10 * s);
    ImVec2 a(std::floor(left + (width - size.x) * 0.5f - pad), bottom - size.y - pad);
    ImVec2 b(a.x + size.x + 2 * pad, bottom);
    dl->AddRectFilled(a, b, IM_COL32(20, 22, 26, 230), (b.y - a.y) * 0.5f);
    dl->AddText(ImVec2(a.x + pad, a.y + pad * 0.5f), white, text);
    return a.y - std::round(8 * s);
}

// "You are sharing your screen" and its Stop sharing button, over the video above `bottom`;
// kept when the rest fades: the person must always see that their screen is out.
float sharing_banner(model const& m, float left, float width, float bottom, frame_output& out) {
    float s = m.scale;
    char const* text = words::say(words::word::sharing_your_screen, m.lang);
    float row = ImGui::GetFrameHeight();
    float pad = std::round(8 * s);
    float stop = button_width(words::word::stop_sharing, m.lang, 0);
    float w = std::min(ImGui::CalcTextSize(text).x + stop + 3 * pad, width - 2 * pad);
    ImVec2 a(std::floor(left + (width - w) * 0.5f), bottom - row - 2 * pad);
    ImVec2 b(a.x + w, bottom);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(20, 22, 26, 230), 6 * s);
    ImVec4 clip(a.x, a.y, b.x - stop - 2 * pad, b.y);
    dl->AddText(nullptr, 0.f, ImVec2(a.x + pad, a.y + pad + (row - ImGui::GetTextLineHeight()) * 0.5f),
                white, text, nullptr, 0.f, &clip);
    ImGui::SetCursorScreenPos(ImVec2(b.x - stop - pad, a.y + pad));
    if (action_button(words::word::stop_sharing, m, ImVec2(stop, 0), theme::danger(), true, out)) {
        out.intents.stop_sharing = true;
    }
    return a.y - std::round(8 * s);
}

}  // namespace

std::string clock_text(int seconds) {
    seconds = std::max(seconds, 0);
    char buffer[32];
    if (seconds >= 3600) {
        std::snprintf(buffer, sizeof buffer, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                      seconds % 60);
    } else {
        std::snprintf(buffer, sizeof buffer, "%02d:%02d", seconds / 60, seconds % 60);
    }
    return buffer;
}

std::string initials(std::string_view name) {
    std::string out;
    int letters = 0;
    bool at_start = true;
    for (std::size_t i = 0; i < name.size() && letters < 2;) {
        auto byte = static_cast<unsigned char>(name[i]);
        std::size_t len = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
        len = std::min(len, name.size() - i);
        if (word_break(name[i])) {
            at_start = true;
        } else if (at_start) {
            std::string letter(name.substr(i, len));
            if (letter[0] >= 'a' && letter[0] <= 'z') letter[0] = char(letter[0] - 'a' + 'A');
            out += letter;
            ++letters;
            at_start = false;
        }
        i += len;
    }
    return out.empty() ? "?" : out;
}

void in_call_view::draw(model const& m, frame_output& out) {
    float s = m.scale;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    // The open chat takes a column at the right of a wide screen: the video keeps the rest.
    float chat_side = chat_panel::side_width(m, display.x);
    display.x -= chat_side;
    ImVec2 origin = ImGui::GetWindowPos();
    ImVec2 vmin = origin;
    ImVec2 vmax(origin.x + display.x, origin.y + display.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float alpha = shown_alpha(m, devices_.open() || (m.chat.available && m.chat.open));
    float text = ImGui::GetTextLineHeight();
    float margin = std::round(12 * s);

    // A shared screen comes in with the camera off: it is shown all the same.
    bool showing_video = m.remote.has_image() && (!m.remote_camera_off || m.remote_sharing);
    if (showing_video) {
        out.remote_video_shown = video_box(m.remote, vmin, vmax, false, 0);
    } else {
        fill_opaque(dl, vmin, vmax, IM_COL32(24, 26, 32, 255));
        float r = std::round(std::min(display.x, display.y) * 0.16f);
        ImVec2 c((vmin.x + vmax.x) * 0.5f, (vmin.y + vmax.y) * 0.5f - r * 0.3f);
        initials_circle(dl, m.partner, c, r);
        // Published (window.duet.remotePlaceholder) so a test sees what stands for the video.
        out.widgets.push_back({"Partner initials", ImVec2(c.x - r, c.y - r),
                               ImVec2(c.x + r, c.y + r), initials(m.partner),
                               widget_kind::picture});
        using words::word;
        std::string note = m.call_state == call::state::connecting
                               ? words::say(word::connecting_short, m.lang)
                           : m.remote_camera_off
                               ? words::say_who(word::partner_camera_off, m.lang, m.partner)
                               : words::say(word::waiting_for_video, m.lang);
        centered_text(dl, ImVec2(vmin.x, c.y + r), ImVec2(vmax.x, c.y + r + 3 * text), note.c_str(),
                      color(theme::on_video_text()));
    }

    // Over the top: who, and for how long; the reconnecting banner under it.
    float top_h = std::round(text * 2.2f);
    dl->AddRectFilledMultiColor(vmin, ImVec2(vmax.x, vmin.y + top_h * 1.4f),
                                icons::faded(shade, alpha), icons::faded(shade, alpha), 0, 0);
    std::string title = m.partner;
    if (std::string who = partner_identity_text(m); !who.empty()) title += "  " + who;
    if (m.call_seconds >= 0) title += "  " + clock_text(m.call_seconds);
    float mark = std::round(text * 1.3f);
    float title_x = vmin.x + margin + (m.remote_muted ? mark + std::round(8 * s) : 0);
    dl->AddText(ImVec2(title_x, vmin.y + std::floor((top_h - text) * 0.5f)),
                icons::faded(white, std::max(alpha, 0.f)), title.c_str());
    // The muted mark stays when the rest fades: it is news about the call, not a control.
    if (m.remote_muted)
        muted_mark(dl, ImVec2(vmin.x + margin, vmin.y + (top_h - mark) * 0.5f), mark);
    float top = vmin.y + top_h;
    top = safety_badge(m, vmin.x + margin, top, out);
    if (m.reconnecting) {
        float banner = std::round(text + 10 * s);
        dl->AddRectFilled(ImVec2(vmin.x, top), ImVec2(vmax.x, top + banner),
                          color(theme::warning()));
        centered_text(dl, ImVec2(vmin.x, top), ImVec2(vmax.x, top + banner),
                      words::say(words::word::reconnecting, m.lang), IM_COL32(33, 37, 41, 255));
        top += banner;
    }

    // Over the bottom: the buttons, then above them the hint and a notice.
    float button = std::round((m.touch ? 60 : 52) * s);
    float bar_top = vmax.y - margin - button;
    control_bar(m, display, bar_top, out);
    float above = bar_top - std::round(10 * s);
    float row = ImGui::GetFrameHeight();
    if (!m.devices.notice.empty()) above = pill(m, m.devices.notice.c_str(), vmin.x, display.x, above);
    if (!m.notice.empty()) {
        ImGuiStyle const& style = ImGui::GetStyle();
        float w = std::min(display.x - 2 * margin, 520 * s);
        float dismiss = std::round(button_width(words::word::dismiss, m.lang, 96 * s));
        ImVec2 a(std::floor(vmin.x + (display.x - w) * 0.5f), above - row);
        ImVec2 b(a.x + w, above);
        dl->AddRectFilled(a, b, IM_COL32(20, 22, 26, 230), 6 * s);
        ImVec4 clip(a.x, a.y, b.x - dismiss - style.ItemSpacing.x, b.y);
        dl->AddText(nullptr, 0.f, ImVec2(a.x + style.FramePadding.x, a.y + (row - text) * 0.5f),
                    color(theme::warning()), m.notice.c_str(), nullptr, 0.f, &clip);
        ImGui::SetCursorScreenPos(ImVec2(b.x - dismiss, a.y));
        if (action_button(words::word::dismiss, m, ImVec2(dismiss, 0), theme::neutral(), true,
                          out)) {
            out.intents.dismiss_notice = true;
        }
        above = a.y - std::round(8 * s);
    }
    if (m.muted_hint) {
        above = pill(m, words::say(words::word::you_are_muted, m.lang), vmin.x, display.x, above);
    }
    if (m.sharing) above = sharing_banner(m, vmin.x, display.x, above, out);

    // The Stats button holds the top-right corner, so the self-view's corners start below it.
    self_view(m, ImVec2(vmin.x + margin, top + margin + stats_button_room(m)),
              ImVec2(vmax.x - margin, above), out);
    // The call's health last, over the video and the self-view but above the buttons, so the
    // open panel never hides Hang Up.
    quality_mark(m, vmin, ImVec2(vmax.x, bar_top), top, out);
    stats_panel(m, vmin, ImVec2(vmax.x, bar_top - std::round(8 * s)), top, out);
    tap_to_hear(m, ImVec2(vmin.x, top), ImVec2(vmax.x, bar_top), out);
    // The files in their own window at the top left, under the menus and the chat.
    transfers_.draw(m, ImVec2(vmin.x + margin, top + margin),
                    std::min(display.x - 2 * margin, 440 * s), out);
    // Last, so it is over everything; its bottom just above the bar.
    devices_.draw(m, ImVec2(vmin.x + display.x * 0.5f, bar_top - std::round(8 * s)),
                  display.x - 2 * margin, devices_button_.min, devices_button_.max, out);
    // The chat in its own window over the rest: beside the video, or over it above the bar.
    if (chat_side > 0) {
        chat_.draw(m, ImVec2(vmax.x, vmin.y), ImVec2(vmax.x + chat_side, vmax.y), out);
    } else {
        chat_.draw(m, ImVec2(vmin.x + margin, top + margin),
                   ImVec2(vmax.x - margin, bar_top - std::round(8 * s)), out);
    }
}

void in_call_view::control_bar(model const& m, ImVec2 display, float top, frame_output& out) {
    float s = m.scale;
    float alpha = shown_alpha(m, devices_.open() || (m.chat.available && m.chat.open));
    float button = std::round((m.touch ? 60 : 52) * s);
    float gap = std::round((m.touch ? 16 : 14) * s);
    float margin = std::round(12 * s);
    bool share = m.can_share && !m.sharing;  // while sharing, its banner has Stop sharing
    int count = 4 + (m.can_fullscreen ? 1 : 0) + (m.devices.can_flip ? 1 : 0) + (share ? 1 : 0) +
                (m.chat.available ? 1 : 0);
    // A narrow phone: the buttons shrink to fit one row, as small as a finger allows.
    float fit = std::floor((display.x - 2 * margin - float(count - 1) * gap) / float(count));
    button = std::max(std::min(button, fit), std::round(40 * s));
    float width = float(count) * button + float(count - 1) * gap;
    float x = ImGui::GetWindowPos().x + std::floor((display.x - width) * 0.5f);
    ImU32 on = IM_COL32(60, 64, 72, 210);
    ImU32 off = color(theme::danger());
    off = (off & ~IM_COL32_A_MASK) | (ImU32(230) << IM_COL32_A_SHIFT);

    using words::word;
    auto tip = [&](word w) { return words::say(w, m.lang); };
    if (round_button("Microphone", ImVec2(x, top), button, m.mic ? on : off, alpha,
                     icons::microphone, !m.mic,
                     tip(m.mic ? word::tip_mute_mic : word::tip_unmute_mic), m, out)) {
        out.intents.toggle_mic = true;
    }
    x += button + gap;
    if (round_button("Camera", ImVec2(x, top), button, m.camera ? on : off, alpha, icons::camera,
                     !m.camera, tip(m.camera ? word::tip_camera_off : word::tip_camera_on), m,
                     out)) {
        out.intents.toggle_camera = true;
    }
    x += button + gap;
    if (m.devices.can_flip) {
        if (round_button("Flip camera", ImVec2(x, top), button, on, alpha, icons::flip, false,
                         tip(word::flip_camera), m, out)) {
            out.intents.flip_camera = true;
        }
        x += button + gap;
    }
    if (share) {
        if (round_button("Share screen", ImVec2(x, top), button, on, alpha, icons::share_screen,
                         false, tip(word::tip_share_screen), m, out)) {
            out.intents.share_screen = true;
        }
        x += button + gap;
    }
    if (round_button("Devices", ImVec2(x, top), button, devices_.open() ? off : on, alpha,
                     icons::devices, false, tip(word::tip_devices), m, out)) {
        devices_.toggle();
    }
    devices_button_ = out.widgets.back();
    x += button + gap;
    if (m.can_fullscreen) {
        if (round_button("Fullscreen", ImVec2(x, top), button, on, alpha, icons::fullscreen, false,
                         tip(word::tip_fullscreen), m, out)) {
            out.intents.toggle_fullscreen = true;
        }
        x += button + gap;
    }
    if (m.chat.available) {
        if (round_button("Chat", ImVec2(x, top), button, m.chat.open ? off : on, alpha, chat_glyph,
                         false, tip(word::tip_chat), m, out)) {
            out.intents.toggle_chat = true;
        }
        if (!m.chat.open && m.chat.unread > 0) {
            // News, not a control: the badge stays when the bar fades.
            widget_rect& chat = out.widgets.back();
            unread_badge(ImGui::GetWindowDrawList(), chat.min, chat.max, m.chat.unread, s);
            chat.text += ", " + words::fill(words::say(word::chat_unread, m.lang),
                                            {{"count", std::to_string(m.chat.unread)}});
        }
        x += button + gap;
    }
    ImU32 red = color(theme::danger());
    if (round_button("Hang Up", ImVec2(x, top), button, red, std::max(alpha, 0.f), icons::hang_up,
                     false, tip(word::tip_hang_up), m, out) &&
        m.allowed.hang_up) {
        out.intents.hang_up = true;
    }
}

void in_call_view::self_view(model const& m, ImVec2 area_min, ImVec2 area_max, frame_output& out) {
    if (!m.local.has_image() && m.camera) return;  // no camera at all: nothing to show
    float s = m.scale;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    bool portrait = display.y > display.x;
    float w = std::clamp(display.x * (portrait ? 0.28f : 0.2f), 72 * s, 240 * s);
    float aspect = m.local.has_image() ? float(m.local.width) / float(m.local.height) : 4.f / 3.f;
    float h = std::floor(w / aspect);
    h = std::min(h, std::max((area_max.y - area_min.y) * 0.5f, 40 * s));
    w = std::floor(h * aspect);
    auto place = [&](corner c) {
        bool left = c == corner::top_left || c == corner::bottom_left;
        bool upper = c == corner::top_left || c == corner::top_right;
        return ImVec2(left ? area_min.x : area_max.x - w, upper ? area_min.y : area_max.y - h);
    };
    ImVec2 pos = place(corner_);
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton("Self view", ImVec2(w, h));
    record(out, "Self view", {}, widget_kind::picture);
    // Dragged, it follows the pointer; let go, it snaps to the nearest corner.
    if (ImGui::IsItemActive()) {
        ImVec2 d = ImGui::GetMouseDragDelta(0, 0.f);
        pos = ImVec2(pos.x + d.x, pos.y + d.y);
    }
    if (ImGui::IsItemDeactivated()) {
        // Where the picture's centre was let go: where it was, moved as the pointer moved.
        ImGuiIO const& io = ImGui::GetIO();
        ImVec2 dropped(pos.x + w * 0.5f + io.MousePos.x - io.MouseClickedPos[0].x,
                       pos.y + h * 0.5f + io.MousePos.y - io.MouseClickedPos[0].y);
        bool left = dropped.x < (area_min.x + area_max.x) * 0.5f;
        bool upper = dropped.y < (area_min.y + area_max.y) * 0.5f;
        corner_ = upper ? (left ? corner::top_left : corner::top_right)
                        : (left ? corner::bottom_left : corner::bottom_right);
        pos = place(corner_);
    }
    ImVec2 end(pos.x + w, pos.y + h);
    float rounding = 8 * s;
    if (m.camera && m.local.has_image()) {
        out.local_video_shown = video_box(m.local, pos, end, true, rounding);
    } else {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(pos, end, IM_COL32(40, 44, 52, 255), rounding);
        centered_text(dl, pos, end, words::say(words::word::camera_off, m.lang),
                      color(theme::on_video_text()));
    }
    ImGui::GetWindowDrawList()->AddRect(pos, end, IM_COL32(255, 255, 255, 110), rounding, 0,
                                        std::max(1.f, s));
    if (m.mic) self_level(m, pos, end);
}

}  // namespace duet::ui
