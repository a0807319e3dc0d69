// The screen for screen readers and the keyboard (web/dom_mirror): what it mirrors, and a
// mirrored widget pressed exactly as a click on the canvas presses it.
#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "ui/identity_text.hpp"
#include "ui/help_overlay.hpp"
#include "ui/presence_list.hpp"
#include "words/word.hpp"

namespace duet {

namespace {

// Top to bottom, then left to right: the order a sighted person reads the screen in, and the
// one Tab follows. Rows within a few pixels of each other count as one.
bool reads_before(web::dom_mirror::item const& a, web::dom_mirror::item const& b) {
    if (std::abs(a.y - b.y) > 4) return a.y < b.y;
    return a.x < b.x;
}

}  // namespace

void app::update_mirror(std::vector<ui::widget_rect> const& widgets) {
    widgets_ = widgets;
    using words::word;
    auto lang = model_.lang;
    web::dom_mirror::screen s;
    s.lang = std::string(words::tag(lang));
    bool login = model_.current == ui::screen::login;
    s.heading = login ? words::say(word::app_title, lang)
                      : words::say_who(word::status_signed_in, lang, model_.name);
    s.status = login ? model_.error : model_.status;
    // The partner's newest chat message is read out politely, until the status line changes.
    if (model_.status != chat_status_seen_) {
        chat_status_seen_ = model_.status;
        chat_announcement_.clear();
    }
    // The partner's sound refused: said once, as the newest news, and withdrawn once it plays.
    std::string blocked = words::say(word::audio_blocked, lang);
    if (model_.audio_blocked && !sound_announced_) {
        chat_announcement_ = blocked;
        chat_status_seen_ = model_.status;
    } else if (!model_.audio_blocked && sound_announced_ && chat_announcement_ == blocked) {
        chat_announcement_.clear();
    }
    sound_announced_ = model_.audio_blocked;
    if (!login && !chat_announcement_.empty()) s.status = chat_announcement_;
    s.typing_in = typing_in_;
    if (model_.call_state == call::state::ringing_in) {
        s.alert = words::say_who(word::incoming_alert, lang, model_.partner);
        // Who the caller's account says they are, or that nothing vouches for the name.
        if (std::string who = ui::partner_identity_text(model_); !who.empty())
            s.alert += " " + who;
    } else {
        s.alert = model_.notice;
    }
    if (model_.help_open) {
        s.dialog = words::say(word::help_title, lang);
        for (auto const& r : ui::help_rows) {
            s.dialog_lines.push_back(std::string(r.keys) + ": " + words::say(r.what, lang));
        }
    }
    float scale = canvas_.scale() > 0 ? canvas_.scale() : 1.f;
    std::string const online_prefix = ui::presence_label("");  // the online list's entries
    for (auto const& w : widgets) {
        if (w.kind == ui::widget_kind::picture || w.text.empty()) continue;
        auto role = w.kind == ui::widget_kind::field ? web::dom_mirror::kind::field
                                                     : web::dom_mirror::kind::button;
        web::dom_mirror::item item{w.label, w.text, role, w.enabled};
        item.x = std::round(w.min.x / scale);
        item.y = std::round(w.min.y / scale);
        item.w = std::round((w.max.x - w.min.x) / scale);
        item.h = std::round((w.max.y - w.min.y) / scale);
        if (w.label.starts_with(online_prefix)) {
            item.list = "Online";
            item.list_name = words::say(word::online_list, lang);
        }
        s.items.push_back(std::move(item));
    }
    std::stable_sort(s.items.begin(), s.items.end(), reads_before);
    mirror_.show(s);
}

// A click at the widget's centre through the same input queue the pointer feeds, inside
// the activating event: what needs a user gesture (fullscreen, audio) gets one.
void app::activate_widget(std::string const& id) {
    auto it = std::find_if(widgets_.begin(), widgets_.end(),
                           [&](ui::widget_rect const& w) { return w.label == id; });
    if (it == widgets_.end()) return;  // gone since the mirror was drawn
    float x = (it->min.x + it->max.x) * 0.5f;
    float y = (it->min.y + it->max.y) * 0.5f;
    using platform::input_event;
    input_.push({input_event::kind::mouse_pos, x, y});
    input_.push({input_event::kind::mouse_button, x, y, 0, true});
    input_.push({input_event::kind::mouse_button, x, y, 0, false});
    gesture();
}

void app::on_keyboard_focus(std::string const& id) {
    // Tab (or Shift+Tab) out of the field being typed into, to another mirrored widget: the
    // field stops taking text, as a click elsewhere stops it (what was typed stays), so the
    // ring and window.duet.focus follow the keyboard. Outside a frame: ImGui only forgets
    // its active widget (SetWindowFocus(nullptr) clears it; no window is focused instead).
    if (!id.empty() && !typing_in_.empty() && id != typing_in_ && !in_frame_) {
        ImGui::SetWindowFocus(nullptr);
    }
    if (model_.keyboard_focus == id) return;
    model_.keyboard_focus = id;
    wake();
}

}  // namespace duet
