// getUserMedia, its stream held for the call, its refusal reported; the tracks switched on
// and off (local_media.hpp).
#include "local_media.hpp"

#include "js.hpp"

namespace duet::web {

namespace {

val media() { return val::module_property("duetMedia"); }

// 640x480 is what both sides can encode cheaply; the browser picks the nearest mode.
val camera_constraints() {
    val video = val::object();
    val width = val::object();
    width.set("ideal", 640);
    val height = val::object();
    height.set("ideal", 480);
    video.set("width", width);
    video.set("height", height);
    return video;
}

}  // namespace

enum class local_media::js_event : int { stream, denied, video, video_failed, level };

local_media::local_media(event_sink& sink) : sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const& payload) {
        switch (kind) {
            case js_event::stream:
                if (!is_set(payload)) return;
                stream_ = hold(payload);
                apply_to_stream();
                sink_.push(media_ready{});
                return;
            case js_event::denied:
                log("warn", "getUserMedia: " + string_or(payload, "camera or microphone unavailable"));
                sink_.push(media_denied{});
                return;
            case js_event::video: {
                if (!is_set(payload)) return;
                camera_pending_ = false;
                val stream = get(stream_);
                // Switched off again while the camera was starting: this track is not wanted.
                if (!camera_ || !is_set(stream) ||
                    !media().call<bool>("addVideoTrack", stream, payload)) {
                    media().call<void>("stopTrack", payload);
                    if (camera_) set_camera(true);  // the stream changed meanwhile: ask again
                    return;
                }
                sink_.push(camera_started{});
                return;
            }
            case js_event::video_failed:
                camera_pending_ = false;
                log("warn", "camera: " + string_or(payload));
                sink_.push(camera_failed{});
                return;
            case js_event::level:
                if (payload.isNumber()) sink_.push(mic_level{payload.as<double>()});
                return;
        }
    });
}

local_media::~local_media() {
    watch_level(false);
    owner_.reset();  // first, so a late getUserMedia result stops its own tracks (bridge.js)
    if (stream_) bridge().call<void>("stopTracks", get(stream_));
}

void local_media::request() {
    if (requested_) return;
    requested_ = true;
    val constraints = val::object();
    constraints.set("video", camera_constraints());
    constraints.set("audio", true);
    bridge().call<void>("getUserMedia", constraints, owner_->handler_for(js_event::stream),
                        owner_->handler_for(js_event::denied));
}

void local_media::set_mic(bool on) {
    mic_ = on;
    apply_to_stream();
}

void local_media::set_camera(bool on) {
    camera_ = on;
    val stream = get(stream_);
    if (!is_set(stream)) return;  // the stream getUserMedia gives is set up on arrival
    if (!on) {
        media().call<void>("stopVideo", stream);
        return;
    }
    if (camera_pending_) return;
    if (stream["getVideoTracks"].isUndefined()) return;
    if (stream.call<val>("getVideoTracks")["length"].as<int>() > 0) return;
    camera_pending_ = true;
    media().call<void>("requestVideo", camera_constraints(), owner_->handler_for(js_event::video),
                      owner_->handler_for(js_event::video_failed));
}

void local_media::apply_to_stream() {
    val stream = get(stream_);
    if (!is_set(stream)) return;
    media().call<void>("setAudioEnabled", stream, mic_);
    if (!camera_) media().call<void>("stopVideo", stream);
}

void local_media::watch_level(bool on) {
    if (!on) {
        if (level_watch_) media().call<void>("stopLevel", get(level_watch_));
        level_watch_ = {};
        return;
    }
    val stream = get(stream_);
    if (level_watch_ || !is_set(stream)) return;
    level_watch_ = hold(media().call<val>("watchLevel", stream, owner_->handler_for(js_event::level)));
}

}  // namespace duet::web
