// A hidden <video> per stream, its new frames, its upload to a texture (video_element.hpp).
#include "video_element.hpp"

#include "js.hpp"

extern "C" int duet_video_upload(int element, unsigned texture, int known_w, int known_h,
                                 int* size);

namespace duet::web {

enum class video_element::js_event : int { frame, play_muted };

video_element::video_element(bool muted, std::function<void()> on_frame)
    : on_frame_(std::move(on_frame)), muted_(muted) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const&) {
        switch (kind) {
            case js_event::frame:
                new_frame_ = true;
                if (on_frame_) on_frame_();
                return;
            case js_event::play_muted:
                autoplay_blocked_ = true;
                log("warn", "autoplay with sound refused; playing muted until the next tap or click");
                return;
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
    bridge().call<void>("play", v, owner_->handler_for(js_event::play_muted));
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
}

bool video_element::take_new_frame() {
    if (!has_source_) return false;
    if (!frame_callbacks_) return true;
    return std::exchange(new_frame_, false);
}

bool video_element::upload_frame(unsigned texture, int& width, int& height) const {
    if (!element_) return false;
    int size[2] = {0, 0};
    if (!duet_video_upload(element_.id(), texture, width, height, size)) return false;
    width = size[0];
    height = size[1];
    return true;
}

void video_element::unmute_if_blocked() {
    if (!autoplay_blocked_ || muted_) return;
    autoplay_blocked_ = false;
    val v = get(element_);
    if (!is_set(v)) return;
    v.set("muted", false);
    bridge().call<void>("play", v, owner_->handler_for(js_event::play_muted));
}

}  // namespace duet::web
