// The ring, synthesised by js/bridge.js with WebAudio (ring_tone.hpp).
#include "ring_tone.hpp"

#include "js.hpp"

namespace duet::web {

namespace {
val ring() { return bridge()["ring"]; }
}  // namespace

enum class ring_tone::js_event : int { state };

ring_tone::ring_tone(event_sink& sink) : sink_(sink) {
    // A context that was suspended and starts running (or the reverse) is worth a redraw of
    // window.duet: tests read whether the ring is really audible.
    owner_ = std::make_unique<event_owner<js_event>>(
        [this](js_event, val const&) { sink_.push(audio_state_changed{}); });
}

ring_tone::~ring_tone() {
    set_playing(false);
    owner_.reset();
}

void ring_tone::prime() { ring().call<void>("prime", owner_->handler_for(js_event::state)); }

void ring_tone::set_playing(bool on) {
    if (on == playing_) return;
    if (on) {
        playing_ = ring().call<bool>("start", owner_->handler_for(js_event::state));
    } else {
        ring().call<void>("stop");
        playing_ = false;
    }
}

audio_state ring_tone::audio_state() const {
    return audio_state_named(string_or(ring().call<val>("state"), "none"));
}

}  // namespace duet::web
