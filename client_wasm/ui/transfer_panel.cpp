// The call screen's files (transfer_panel.hpp).
#include "transfer_panel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "theme.hpp"
#include "transfer/figures.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {

using transfer::direction;
using transfer::state;
using words::word;

constexpr ImGuiWindowFlags panel_flags =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
    ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_AlwaysAutoResize;

// The finished ones shown under the moving ones: the newest few (the rest are on window.duet).
constexpr int finished_shown = 3;

std::string say(word w, model const& m, transfer::item const& it) {
    return words::fill(
        words::say(w, m.lang),
        {{"who", m.partner}, {"name", it.name}, {"size", transfer::format_bytes(it.size)}});
}

std::string line_of(model const& m, transfer::item const& it) {
    bool out = it.dir == direction::out;
    switch (it.now) {
        case state::waiting:
            return say(out ? word::file_waiting : word::file_offered, m, it);
        case state::queued:
            return say(word::file_queued, m, it);
        case state::active:
            return say(out ? word::file_sending : word::file_receiving, m, it);
        case state::done:
            return say(out ? word::file_sent : word::file_received, m, it);
        case state::declined:
            return say(word::file_declined, m, it);
        case state::cancelled:
            return say(word::file_cancelled, m, it);
        case state::failed:
            return say(word::file_failed, m, it);
    }
    return {};
}

std::string notice_of(model const& m, transfer::exchange const& x) {
    auto w = word::file_not_available;
    switch (x.current_notice()) {
        case transfer::notice::none:
            return {};
        case transfer::notice::not_available:
            w = word::file_not_available;
            break;
        case transfer::notice::too_many:
            w = word::file_too_many;
            break;
        case transfer::notice::bad_offer:
            w = word::file_bad_offer;
            break;
        case transfer::notice::unknown_id:
            w = word::file_unknown;
            break;
        case transfer::notice::busy:
            w = word::file_busy;
            break;
        case transfer::notice::mismatch:
            w = word::file_mismatch;
            break;
        case transfer::notice::too_much_data:
            w = word::file_too_much;
            break;
        case transfer::notice::read_failed:
            w = word::file_read_failed;
            break;
    }
    std::string who = m.partner.empty() ? "?" : m.partner;
    return words::fill(words::say(w, m.lang), {{"who", who}, {"name", x.notice_name()}});
}

std::string progress_of(model const& m, transfer::item const& it) {
    auto left = it.rate.seconds_left(it.sent, it.size);
    return words::fill(words::say(word::file_progress, m.lang),
                       {{"count", transfer::format_bytes(it.sent)},
                        {"size", transfer::format_bytes(it.size)},
                        {"rate", transfer::format_rate(it.rate.bytes_per_second())},
                        {"time", left ? transfer::format_duration(*left) : "?"}});
}

}  // namespace

void transfer_panel::item_row(model const& m, transfer::item const& it, float width,
                              frame_output& out) {
    ImGui::PushID(int(it.id * 2 + (it.dir == direction::in ? 1 : 0)));
    ImGui::PushStyleColor(ImGuiCol_Text,
                          it.now == state::failed ? theme::warning() : ImVec4(1, 1, 1, 1));
    std::string line = line_of(m, it);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    float gap = ImGui::GetStyle().ItemSpacing.x;
    float s = m.scale;
    if (it.now == state::active) {
        float fraction = it.size ? float(double(it.sent) / double(it.size)) : 1.f;
        std::string figures = progress_of(m, it);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme::primary());
        ImGui::ProgressBar(fraction, ImVec2(width, 0), figures.c_str());
        ImGui::PopStyleColor();
        record(out, "File progress", line + ": " + figures, widget_kind::picture);
    }
    bool in_waiting = it.dir == direction::in && it.now == state::waiting;
    if (in_waiting) {
        float w = button_width(word::file_accept, m.lang, 120 * s);
        if (action_button(word::file_accept, m, ImVec2(w, 0), theme::primary(), true, out)) {
            out.intents.accept_file = it.id;
        }
        ImGui::SameLine(0, gap);
    }
    if (in_waiting) {
        float w = button_width(word::file_decline, m.lang, 120 * s);
        if (action_button(word::file_decline, m, ImVec2(w, 0), theme::neutral(), true, out)) {
            out.intents.decline_file = it.id;
        }
    } else if (!transfer::finished(it.now)) {
        float w = button_width(word::file_cancel, m.lang, 120 * s);
        if (action_button(word::file_cancel, m, ImVec2(w, 0), theme::neutral(), true, out)) {
            out.intents.cancel_file = std::pair(it.dir, it.id);
        }
    } else if (!it.url.empty()) {
        float w = button_width(word::file_save, m.lang, 120 * s);
        if (action_button(word::file_save, m, ImVec2(w, 0), theme::primary(), true, out)) {
            out.intents.save_file = it.id;
        }
    }
    ImGui::PopID();
}

void transfer_panel::draw(model const& m, ImVec2 top_left, float width, frame_output& out) {
    auto const* x = m.transfers.exchange;
    if (!x || (!m.transfers.available && x->items().empty())) return;
    float s = m.scale;
    ImGui::SetNextWindowPos(top_left);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(width, 1e6f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.09f, 0.10f, 0.12f, 0.88f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * s, 8 * s));
    bool shown = ImGui::Begin("##transfer_panel", nullptr, panel_flags);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (shown) {
        float inner = std::max(width - 20 * s, 120 * s);
        // First, so that it stays put whatever the list below does (the window sizes itself
        // to the list a frame late; a button under it would be pressed where it was).
        if (m.transfers.available) {
            float w = button_width(word::file_send, m.lang, 120 * s);
            if (action_button(word::file_send, m, ImVec2(w, 0), theme::primary(), true, out)) {
                out.intents.send_file = true;
            }
        }
        std::string notice = notice_of(m, *x);
        if (!notice.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme::warning());
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
            ImGui::TextUnformatted(notice.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            float w = button_width(word::dismiss, m.lang, 96 * s);
            ImGui::PushID("file_notice");
            if (action_button(word::dismiss, m, ImVec2(w, 0), theme::neutral(), true, out)) {
                out.intents.dismiss_file_notice = true;
            }
            ImGui::PopID();
        }
        // The newest finished few, then every one still moving or waiting, oldest first.
        auto const& items = x->items();
        std::size_t finished_from = items.size();
        for (int n = 0; finished_from > 0 && n < finished_shown;) {
            if (transfer::finished(items[--finished_from].now)) ++n;
        }
        for (std::size_t i = finished_from; i < items.size(); ++i) {
            if (transfer::finished(items[i].now)) item_row(m, items[i], inner, out);
        }
        for (auto const& it : items) {
            if (!transfer::finished(it.now)) item_row(m, it, inner, out);
        }
    }
    ImGui::End();
}

}  // namespace duet::ui
