// getUserMedia, its stream held for the call, its refusal reported; the tracks switched on
// and off, and to other devices (local_media.hpp).
#include "local_media.hpp"

#include <utility>

#include "js.hpp"

namespace duet::web {

namespace {

val media() { return val::module_property("duetMedia"); }
val devices() { return val::module_property("duetDevices"); }

val constraint(char const* how, val value) {
    val v = val::object();
    v.set(how, value);
    return v;
}
val ideal(val value) { return constraint("ideal", std::move(value)); }
val exact(val value) { return constraint("exact", std::move(value)); }

// 640x480 is what both sides can encode cheaply; the browser picks the nearest mode. A
// device or a facing is required (exact): Chromium weighs an "ideal" device id below the
// ideal size and may open another camera, and a phone's "ideal" back camera may be the
// front one. A device that is gone is refused, and the default asked for instead.
val camera_constraints(std::string const& id, std::string const& facing) {
    val video = val::object();
    video.set("width", ideal(val(640)));
    video.set("height", ideal(val(480)));
    if (!facing.empty()) {
        video.set("facingMode", exact(val(facing)));
    } else if (!id.empty()) {
        video.set("deviceId", exact(val(id)));
    }
    return video;
}

val microphone_constraints(std::string const& id) {
    if (id.empty()) return val(true);
    val audio = val::object();
    audio.set("deviceId", exact(val(id)));
    return audio;
}

}  // namespace

enum class local_media::js_event : int {
    stream,
    denied,
    video,
    video_failed,
    audio,
    audio_failed,
    level
};

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
                if (!mic_id_.empty() || !camera_id_.empty()) {
                    // A remembered device is gone (OverconstrainedError): the defaults.
                    log("warn", "getUserMedia with the remembered devices: " + string_or(payload));
                    mic_id_.clear();
                    camera_id_.clear();
                    requested_ = false;
                    return request();
                }
                log("warn", "getUserMedia: " + string_or(payload, "camera or microphone unavailable"));
                sink_.push(media_denied{});
                return;
            case js_event::video: {
                if (!is_set(payload)) return;
                camera_pending_ = false;
                val stream = get(stream_);
                // Switched off again, or to another camera, while this one was starting.
                if (!camera_ || camera_stale_ || !is_set(stream) ||
                    !media().call<bool>("addTrack", stream, payload, true)) {
                    media().call<void>("stopTrack", payload);
                    camera_stale_ = false;
                    if (camera_) set_camera(true);  // the stream changed meanwhile: ask again
                    return;
                }
                sink_.push(camera_started{});
                return;
            }
            case js_event::video_failed:
                camera_pending_ = false;
                log("warn", "camera: " + string_or(payload));
                if (std::exchange(camera_stale_, false)) return set_camera(camera_);
                if (!camera_facing_.empty() || !camera_id_.empty()) {
                    // The camera chosen refused (or the phone has no such side): the default.
                    camera_facing_.clear();
                    camera_id_.clear();
                    return set_camera(camera_);
                }
                sink_.push(camera_failed{});
                return;
            case js_event::audio: {
                if (!is_set(payload)) return;
                mic_pending_ = false;
                val stream = get(stream_);
                if (mic_stale_ || !is_set(stream) ||
                    !media().call<bool>("addTrack", stream, payload, mic_)) {
                    media().call<void>("stopTrack", payload);
                    if (std::exchange(mic_stale_, false)) request_microphone();
                    return;
                }
                // The level is read from a clone of the microphone's track: the new one's.
                if (level_on_) {
                    watch_level(false);
                    watch_level(true);
                }
                sink_.push(microphone_started{});
                return;
            }
            case js_event::audio_failed:
                mic_pending_ = false;
                log("warn", "microphone: " + string_or(payload));
                if (mic_stale_ || !mic_id_.empty()) {
                    mic_stale_ = false;
                    mic_id_.clear();
                    request_microphone();
                }
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

void local_media::set_choice(call::device_choice const& choice) {
    mic_id_ = choice.microphone;
    camera_id_ = choice.camera;
}

void local_media::request() {
    if (requested_) return;
    requested_ = true;
    val constraints = val::object();
    constraints.set("video", camera_constraints(camera_id_, camera_facing_));
    constraints.set("audio", microphone_constraints(mic_id_));
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
        media().call<void>("stopKind", stream, val("video"));
        return;
    }
    if (camera_pending_) return;
    if (stream["getVideoTracks"].isUndefined()) return;
    if (stream.call<val>("getVideoTracks")["length"].as<int>() > 0) return;
    request_camera();
}

void local_media::request_camera() {
    camera_pending_ = true;
    media().call<void>("requestTrack", val("video"), camera_constraints(camera_id_, camera_facing_),
                      owner_->handler_for(js_event::video),
                      owner_->handler_for(js_event::video_failed));
}

void local_media::request_microphone() {
    mic_pending_ = true;
    media().call<void>("requestTrack", val("audio"), microphone_constraints(mic_id_),
                      owner_->handler_for(js_event::audio),
                      owner_->handler_for(js_event::audio_failed));
}

void local_media::use_device(call::device_kind kind, std::string const& id) {
    val stream = get(stream_);
    switch (kind) {
        case call::device_kind::camera:
            camera_id_ = id;
            camera_facing_.clear();
            if (!is_set(stream) || !camera_) return;  // used when the camera comes on
            if (camera_pending_) camera_stale_ = true;
            // The old camera first: a phone opens one at a time.
            media().call<void>("stopKind", stream, val("video"));
            if (!camera_pending_) request_camera();
            return;
        case call::device_kind::microphone:
            mic_id_ = id;
            if (!is_set(stream)) return;
            if (mic_pending_) {
                mic_stale_ = true;
                return;
            }
            media().call<void>("stopKind", stream, val("audio"));
            request_microphone();
            return;
        case call::device_kind::speaker:
            return;  // the partner's element plays it (web/video_element)
    }
}

void local_media::use_facing(std::string const& facing) {
    camera_facing_ = facing;
    camera_id_.clear();
    val stream = get(stream_);
    if (!is_set(stream) || !camera_) return;
    if (camera_pending_) camera_stale_ = true;
    media().call<void>("stopKind", stream, val("video"));
    if (!camera_pending_) request_camera();
}

std::string local_media::in_use(call::device_kind kind) const {
    val stream = get(stream_);
    if (!is_set(stream) || kind == call::device_kind::speaker) return {};
    return devices().call<std::string>(
        "trackDevice", stream, val(kind == call::device_kind::camera ? "video" : "audio"));
}

std::string local_media::facing() const {
    val stream = get(stream_);
    return is_set(stream) ? devices().call<std::string>("facing", stream) : std::string();
}

void local_media::apply_to_stream() {
    val stream = get(stream_);
    if (!is_set(stream)) return;
    media().call<void>("setAudioEnabled", stream, mic_);
    if (!camera_) media().call<void>("stopKind", stream, val("video"));
}

void local_media::watch_level(bool on) {
    level_on_ = on;
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
