// getUserMedia, its stream held for the call, its refusal reported (local_media.hpp).
#include "local_media.hpp"

#include "js.hpp"

namespace duet::web {

local_media::local_media(event_sink& sink) : sink_(sink) {
    owner_ = std::make_unique<event_owner>([this](std::string const& kind, val const& payload) {
        if (kind == "stream" && is_set(payload)) {
            stream_ = hold(payload);
            sink_.push(media_ready{});
        } else if (kind == "denied") {
            auto reason = string_or(payload, "camera or microphone unavailable");
            log("warn", "getUserMedia: " + reason);
            sink_.push(media_denied{});
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
    bridge().call<void>("getUserMedia", constraints, owner_->id());
}

}  // namespace duet::web
