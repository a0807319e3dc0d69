// A hidden <video> per stream, its new frames, its upload to a texture (video_element.hpp).
#include "video_element.hpp"

#include "js.hpp"

extern "C" int duet_video_upload(int element, unsigned texture, int known_w, int known_h,
                                 int box_w, int box_h, int* size);

namespace duet::web {

enum class video_element::js_event : int { frame, play_refused, playing };

video_element::video_element(bool muted, std::function<void()> on_frame,
                             std::function<void()> on_sound)
    : on_frame_(std::move(on_frame)), on_sound_(std::move(on_sound)), muted_(muted) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const&) {
        switch (kind) {
            case js_event::frame:
                new_frame_ = true;
                if (on_frame_) on_frame_();
                return;
            case js_event::play_refused:
                log("warn", "autoplay with sound refused; playing muted until the next tap or click");
                return set_sound_blocked(true);
            case js_event::playing:
                return set_sound_blocked(false);
        }
    });
    val v = bridge().call<val>("createVideo", muted);
    element_ = hold(v);
    frame_callbacks_ = bridge().call<bool>("hasFrameCallback");
    if (frame_callbacks_) {
        // Every presented frame, the first of a new source too.
        bridge().call<void>("watchFrames", v, owner_->handler_for(js_event::frame));
    } else {
        // The first frame of a new source, and a new size, start the polling.
        v.set("onloadeddata", owner_->handler_for(js_event::frame));
        v.set("onresize", owner_->handler_for(js_event::frame));
    }
}

video_element::~video_element() {
    owner_.reset();
    val v = get(element_);
    if (is_set(v)) {
        v.set("onloadeddata", val::null());
        v.set("onresize", val::null());
        bridge().call<void>("removeVideo", v);
    }
}

void video_element::set_source(js_ref const& stream) {
    val v = get(element_);
    val s = get(stream);
    if (!is_set(v) || !is_set(s)) return;
    v.set("srcObject", s);
    has_source_ = true;
    new_frame_ = false;
    play();
}

void video_element::play() {
    val v = get(element_);
    if (!is_set(v)) return;
    bridge().call<void>("play", v, owner_->handler_for(js_event::play_refused),
                        owner_->handler_for(js_event::playing));
}

void video_element::set_sound_blocked(bool blocked) {
    if (blocked == sound_blocked_) return;
    sound_blocked_ = blocked;
    if (on_sound_) on_sound_();
}

void video_element::set_sink(std::string const& speaker_id) {
    val v = get(element_);
    if (is_set(v)) val::module_property("duetDevices").call<void>("setSink", v, speaker_id);
}

void video_element::clear() {
    val v = get(element_);
    if (is_set(v)) v.set("srcObject", val::null());
    has_source_ = false;
    new_frame_ = false;
    set_sound_blocked(false);  // nothing left to hear
}

bool video_element::take_new_frame() {
    if (!has_source_) return false;
    if (!frame_callbacks_) return true;
    return std::exchange(new_frame_, false);
}

bool video_element::upload_frame(unsigned texture, int& width, int& height, int box_width,
                                 int box_height) const {
    if (!element_) return false;
    int size[2] = {0, 0};
    if (!duet_video_upload(element_.id(), texture, width, height, box_width, box_height, size)) {
        return false;
    }
    width = size[0];
    height = size[1];
    return true;
}

// Blocked until the browser says it plays with sound: a second refusal keeps it blocked.
void video_element::unmute_if_blocked() {
    if (!sound_blocked_ || muted_) return;
    val v = get(element_);
    if (!is_set(v)) return;
    v.set("muted", false);
    play();
}

}  // namespace duet::web
