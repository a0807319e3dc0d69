// The ring of an incoming call: a tone bridge.js synthesises with WebAudio (no audio file to
// download). Browsers start audio only after a user gesture, so prime() runs in every press
// or tap; the ring itself usually starts long after the last one.
#pragma once

#include <memory>
#include <string>

#include "event_sink.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class ring_tone {
  public:
    explicit ring_tone(event_sink& sink);
    ~ring_tone();
    ring_tone(ring_tone const&) = delete;
    ring_tone& operator=(ring_tone const&) = delete;

    void prime();
    // Starts or stops the tone; cheap to call every time the state may have changed.
    void set_playing(bool on);
    bool playing() const { return playing_; }
    // The AudioContext's state; none before the first.
    web::audio_state audio_state() const;

  private:
    event_sink& sink_;
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    std::unique_ptr<event_owner<js_event>> owner_;
    bool playing_ = false;
};

}  // namespace duet::web
