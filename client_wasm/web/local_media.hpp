// The camera and microphone: one getUserMedia stream, stopped when its owner goes. The
// microphone is muted by disabling its track; the camera is switched off by stopping its
// track (the light goes off) and on again with a new one (js/call_media.js).
#pragma once

#include <memory>

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

    // Asks once; reports media_ready or media_denied.
    void request();
    bool ready() const { return static_cast<bool>(stream_); }
    js_ref const& stream() const { return stream_; }

    // Applied to the stream now, and to the stream getUserMedia gives later.
    void set_mic(bool on);
    // Off stops the camera's track; on asks for a new one: camera_started when it is in the
    // stream, camera_failed if the camera is refused.
    void set_camera(bool on);
    // Samples the microphone's level (mic_level events) while on.
    void watch_level(bool on);

  private:
    void apply_to_stream();

    event_sink& sink_;
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref stream_;
    js_ref level_watch_;
    bool requested_ = false;
    bool mic_ = true;
    bool camera_ = true;
    bool camera_pending_ = false;  // a getUserMedia for the camera is under way
};

}  // namespace duet::web
