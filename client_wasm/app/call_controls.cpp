// The in-call controls' wiring: the microphone and camera switched through web/, the state
// message on the call's control channel, the shortcut keys, and the overlay's own redraws
// (the fade and the call clock). The rules are call/media_controls, ui/shortcuts and
// draw_pacing; this only carries them out.
#include <algorithm>
#include <type_traits>

#include "app.hpp"
#include "ui/shortcuts.hpp"
#include "web/page.hpp"
#include "web/scheduler.hpp"

namespace duet {

namespace {
using web::scheduler::now;
// The remote video counts as flowing while its frames are this close together.
constexpr double video_flowing_ms = 250;
}  // namespace

void app::handle_control(web::event& e) {
    std::visit(
        [&](auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, web::camera_started>) {
                local_video_.set_source(media_.stream());
                send_video();
                sync_devices();
            } else if constexpr (std::is_same_v<T, web::microphone_started>) {
                if (pc_) pc_->replace_audio(media_);
                sync_devices();
            } else if constexpr (std::is_same_v<T, web::share_started>) {
                set_sharing(true);
            } else if constexpr (std::is_same_v<T, web::share_ended>) {
                set_sharing(false);
            } else if constexpr (std::is_same_v<T, web::devices_listed>) {
                on_devices_listed(std::move(v.lists));
            } else if constexpr (std::is_same_v<T, web::camera_failed>) {
                auto s = controls_.local();
                s.camera = false;
                apply_media(controls_.set_local(s));
            } else if constexpr (std::is_same_v<T, web::control_open>) {
                if (!pc_ || pc_->id() != v.pc) return;
                if (auto text = controls_.on_channel_open()) pc_->send_control(*text);
            } else if constexpr (std::is_same_v<T, web::control_message>) {
                if (!pc_ || pc_->id() != v.pc || !controls_.on_message(v.text)) return;
                sync_model();
            } else if constexpr (std::is_same_v<T, web::channel_open> ||
                                 std::is_same_v<T, web::channel_message> ||
                                 std::is_same_v<T, web::channel_closed>) {
                if (v.which == web::channel::chat) on_chat_channel(v);
                if (v.which == web::channel::file) on_file_channel(v);
            } else if constexpr (std::is_same_v<T, web::file_picked> ||
                                 std::is_same_v<T, web::file_progress> ||
                                 std::is_same_v<T, web::file_read> ||
                                 std::is_same_v<T, web::file_read_failed>) {
                on_file_event(v);
            } else if constexpr (std::is_same_v<T, web::mic_level>) {
                // One level, two readers: the meter takes the loudest since the last stats
                // sample with the next (health.cpp), as the partner's audioLevel is a recent
                // one and not an instant; the hint rule takes every one while muted.
                local_level_ = std::max(local_level_, v.level);
                if (controls_.local().mic) return;
                controls_.on_local_level(v.level, now());
                sync_model();
            } else if constexpr (std::is_same_v<T, web::auth_reply>) {
                on_auth_reply(v);
            } else if constexpr (std::is_same_v<T, web::key_pressed>) {
                pacing_.on_input(now());
                wake();
                handle_intents(ui::shortcut_intents(v.key, model_, typing_));
            }
        },
        e);
}

void app::apply_media(call::media_controls::effects const& e) {
    media_.set_mic(e.local.mic);
    media_.set_camera(e.local.camera);
    // Off: the sender sends nothing (the stream has no camera track now). On: the new track
    // is sent once getUserMedia gives it (camera_started).
    if (!e.local.camera) send_video();
    if (e.send && pc_) pc_->send_control(*e.send);
    sync_model();
    wake();
}

// The microphone's level is watched for as long as a call is set up or on: its meter and
// the "You are muted" hint are drawn only then, and an idle page keeps no AudioContext.
void app::sync_level_watch() {
    bool on =
        model_.call_state == call::state::connecting || model_.call_state == call::state::in_call;
    if (!on) local_level_ = 0;
    media_.watch_level(on);
}

void app::send_video() {
    if (!pc_) return;
    if (share_.active()) return pc_->send_video(share_.track());
    pc_->replace_video(media_);
}

// On: the screen's track has arrived. Off: Stop sharing, the browser's own stop, a refusal,
// or the call's end; the camera (or nothing, if it is off) goes out again.
void app::set_sharing(bool on) {
    if (!on) share_.stop();
    if (on && !share_.active()) return;
    auto e = controls_.set_sharing(on);
    send_video();
    if (e.send && pc_) pc_->send_control(*e.send);
    sync_model();
    wake();
}

// A share ends with its call.
void app::sync_sharing() {
    bool in_call = model_.call_state == call::state::connecting ||
                   model_.call_state == call::state::in_call;
    if (!in_call && (share_.active() || share_.starting())) set_sharing(false);
    model_.sharing = controls_.local().screen;
    model_.remote_sharing = controls_.remote().screen;
}

void app::schedule_overlay(double t) {
    double delay = pacing_.overlay_delay(t, t - last_remote_frame_ < video_flowing_ms);
    if (delay >= 0) loop_.request_frame_after(delay);
}

}  // namespace duet
