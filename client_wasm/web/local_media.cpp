// getUserMedia, its stream held for the call, its refusal reported (local_media.hpp).
#include "local_media.hpp"

#include "js.hpp"

namespace duet::web {

enum class local_media::js_event : int { stream, denied };

local_media::local_media(event_sink& sink) : sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const& payload) {
        switch (kind) {
            case js_event::stream:
                if (!is_set(payload)) return;
                stream_ = hold(payload);
                sink_.push(media_ready{});
                return;
            case js_event::denied:
                log("warn", "getUserMedia: " + string_or(payload, "camera or microphone unavailable"));
                sink_.push(media_denied{});
                return;
        }
    });
}

local_media::~local_media() {
    owner_.reset();  // first, so a late getUserMedia result stops its own tracks (bridge.js)
    if (stream_) bridge().call<void>("stopTracks", get(stream_));
}

void local_media::request() {
    if (requested_) return;
    requested_ = true;
    // 640x480 is what both sides can encode cheaply; the browser picks the nearest mode.
    val video = val::object();
    val width = val::object();
    width.set("ideal", 640);
    val height = val::object();
    height.set("ideal", 480);
    video.set("width", width);
    video.set("height", height);
    val constraints = val::object();
    constraints.set("video", video);
    constraints.set("audio", true);
    bridge().call<void>("getUserMedia", constraints, owner_->handler_for(js_event::stream),
                        owner_->handler_for(js_event::denied));
}

}  // namespace duet::web
