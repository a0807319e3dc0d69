// The device choice's wiring: the remembered choice applied to the first getUserMedia and
// to the partner's speaker, a device chosen in the Devices menu switched through web/ (the
// senders get the new track by replaceTrack: no offer), Flip camera, and the fall-back when
// a chosen device goes away. The rules are call/devices; this only carries them out.
#include "app.hpp"

namespace duet {

namespace {
// How long the fall-back notice stays on screen.
constexpr double device_notice_ms = 8000;
}  // namespace

void app::start_devices() {
    choice_ = devices_.remembered();
    media_.set_choice(choice_);
    if (!choice_.speaker.empty()) remote_video_.set_sink(choice_.speaker);
    // Listed once camera access is granted (media_ready): before it the browser gives
    // neither ids nor labels, and an idle login screen must not draw.
    devices_.watch();
}

void app::on_devices_listed(call::device_lists lists) {
    device_lists_ = std::move(lists);
    if (media_.ready()) {
        call::device_choice before = choice_;
        std::vector<call::device_kind> noticed;
        for (auto k : call::fall_back_if_gone(choice_, device_lists_)) {
            // A remembered device that was never in use (absent on this visit) goes quietly:
            // the browser already gave the default.
            bool in_use = k == call::device_kind::speaker || media_.in_use(k) == before.of(k);
            if (!in_use) continue;
            noticed.push_back(k);
            if (k == call::device_kind::speaker) {
                remote_video_.set_sink({});
            } else {
                media_.use_device(k, {});
            }
        }
        if (!noticed.empty()) {
            model_.devices.notice = call::fallback_notice(noticed, model_.lang);
            timers_.start(device_notice_timer, device_notice_ms);
        }
    }
    sync_devices();
    wake();
}

void app::choose_device(ui::device_pick const& pick) {
    choice_.of(pick.kind) = pick.id;
    devices_.remember(pick.kind, pick.id);
    if (pick.kind == call::device_kind::speaker) {
        remote_video_.set_sink(pick.id);
    } else {
        media_.use_device(pick.kind, pick.id);
    }
    model_.devices.notice.clear();
    sync_devices();
    wake();
}

// A phone's camera says which way it faces: the other way. A desktop's cameras do not: the
// next one in the list.
void app::flip_camera() {
    if (auto other = call::other_facing(media_.facing())) {
        media_.use_facing(*other);
        return;
    }
    auto cameras = device_lists_.cameras;
    if (auto next = call::next_camera(cameras, media_.in_use(call::device_kind::camera))) {
        choose_device({call::device_kind::camera, *next});
    }
}

void app::on_device_notice_timer() {
    model_.devices.notice.clear();
    wake();
}

void app::sync_devices() {
    auto& d = model_.devices;
    d.lists = device_lists_;
    d.chosen = choice_;
    for (auto k : {call::device_kind::microphone, call::device_kind::camera}) {
        std::string used = media_.in_use(k);
        d.in_use.of(k) = used.empty() ? choice_.of(k) : used;
    }
    d.in_use.speaker = choice_.speaker;
    d.can_flip = device_lists_.cameras.size() > 1 || !media_.facing().empty();
}

}  // namespace duet
