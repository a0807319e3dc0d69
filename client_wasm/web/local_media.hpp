// The camera and microphone: one getUserMedia stream, stopped when its owner goes. The
// microphone is muted by disabling its track; the camera is switched off by stopping its
// track (the light goes off) and on again with a new one (js/call_media.js). Choosing another
// device stops the track of its kind first (a phone opens one camera at a time) and asks for
// one from the new device; the call's senders get it by replaceTrack (the app does that).
#pragma once

#include <memory>
#include <string>

#include "call/devices.hpp"
#include "event_sink.hpp"
#include "js_ref.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class local_media {
  public:
    explicit local_media(event_sink& sink);
    ~local_media();
    local_media(local_media const&) = delete;
    local_media& operator=(local_media const&) = delete;

    // The devices the first request asks for (remembered from an earlier visit); if they are
    // refused (gone), the request is made again for the defaults.
    void set_choice(call::device_choice const& choice);
    // Asks once; reports media_ready or media_denied.
    void request();
    bool ready() const { return static_cast<bool>(stream_); }
    js_ref const& stream() const { return stream_; }

    // Applied to the stream now, and to the stream getUserMedia gives later.
    void set_mic(bool on);
    // Off stops the camera's track; on asks for a new one: camera_started when it is in the
    // stream, camera_failed if the camera is refused.
    void set_camera(bool on);
    // Another microphone or camera (empty id: the default). The old track stops now and the
    // new one is reported as microphone_started or camera_started; with the camera off the
    // choice waits for it to come on. A device that refuses gives the default instead.
    void use_device(call::device_kind kind, std::string const& id);
    // The camera facing `facing` ("user" or "environment"): a phone's front and back.
    void use_facing(std::string const& facing);
    // The device the live track of `kind` comes from (MediaTrackSettings.deviceId), and the
    // way the camera faces ("" where the device does not say, as on desktops).
    std::string in_use(call::device_kind kind) const;
    std::string facing() const;
    // Samples the microphone's level (mic_level events, 5 a second) while on: the one
    // analyser of the page, read by the level meter and the "You are muted" hint alike. Its
    // clone of the track stays enabled, so it still hears a muted person. On before the
    // stream or its microphone exists, it starts when they come.
    void watch_level(bool on);

  private:
    void apply_to_stream();
    void request_camera();
    void request_microphone();

    event_sink& sink_;
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref stream_;
    js_ref level_watch_;
    bool level_on_ = false;
    bool requested_ = false;
    bool mic_ = true;
    bool camera_ = true;
    std::string camera_id_;      // wanted; empty: the default
    std::string camera_facing_;  // wanted instead of an id, on phones
    std::string mic_id_;
    bool camera_pending_ = false;  // a getUserMedia for the camera is under way
    bool camera_stale_ = false;    // ... for a device chosen before the last choice
    bool mic_pending_ = false;
    bool mic_stale_ = false;
};

}  // namespace duet::web
