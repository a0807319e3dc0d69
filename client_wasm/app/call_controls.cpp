// The in-call controls' wiring: the microphone and camera switched through web/, the state
// message on the call's control channel, the shortcut keys, and the overlay's own redraws
// (the fade and the call clock). The rules are call/media_controls, ui/shortcuts and
// draw_pacing; this only carries them out.
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
                if (pc_) pc_->replace_video(media_);
                sync_devices();
            } else if constexpr (std::is_same_v<T, web::microphone_started>) {
                if (pc_) pc_->replace_audio(media_);
                sync_devices();
            } else if constexpr (std::is_same_v<T, web::devices_listed>) {
                on_devices_listed(std::move(v.lists));
            } else if constexpr (std::is_same_v<T, web::camera_failed>) {
                apply_media(controls_.set_local({controls_.local().mic, false}));
            } else if constexpr (std::is_same_v<T, web::control_open>) {
                if (!pc_ || pc_->id() != v.pc) return;
                if (auto text = controls_.on_channel_open()) pc_->send_control(*text);
            } else if constexpr (std::is_same_v<T, web::control_message>) {
                if (!pc_ || pc_->id() != v.pc || !controls_.on_message(v.text)) return;
                sync_model();
            } else if constexpr (std::is_same_v<T, web::mic_level>) {
                controls_.on_local_level(v.level, now());
                sync_model();
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
    if (!e.local.camera && pc_) pc_->replace_video(media_);
    // The level is watched only while muted: it is for the "You are muted" hint.
    media_.watch_level(!e.local.mic);
    if (e.send && pc_) pc_->send_control(*e.send);
    sync_model();
    wake();
}

void app::schedule_overlay(double t) {
    double delay = pacing_.overlay_delay(t, t - last_remote_frame_ < video_flowing_ms);
    if (delay >= 0) loop_.request_frame_after(delay);
}

}  // namespace duet
