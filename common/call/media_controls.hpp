// What this side sends and what it shows of the partner's microphone and camera, as pure
// rules: when the state message goes out (each toggle, and whenever the call's control
// channel opens, so a partner who joins late or reconnects learns the current state), what a
// received message means, and when the "You are muted" hint shows. The app carries out the
// effects (web/ enables the track, sends the text); docs/call_control.md has the message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace duet::call {

// One side's sending state. Both on for a partner that never said otherwise (a tutorial
// page has no control channel).
struct media_state {
    bool mic = true;
    bool camera = true;
    bool screen = false;  // a shared screen is sent in place of the camera
    bool operator==(media_state const&) const = default;
};

// The state message's text: {"type":"media","mic":true,"camera":false}, with "screen":true
// while sharing (left out otherwise, so a page that predates sharing reads it as before).
std::string encode_media_state(media_state s);
// Nothing for text that is not a well-formed state message; unknown keys are ignored so a
// later version may add some.
std::optional<media_state> decode_media_state(std::string_view text);

// A level (0..1, RMS of the microphone's samples) above this is speech, not room noise.
inline constexpr double speech_level = 0.02;
// The hint stays this long after the last speech, so it does not flicker between words.
inline constexpr double muted_hint_hold_ms = 1500;

class media_controls {
  public:
    // What the app does after a change: set the tracks, send the text (if set) on the
    // control channel.
    struct effects {
        media_state local;
        std::optional<std::string> send;
    };

    effects toggle_mic() { return set_local({!local_.mic, local_.camera, local_.screen}); }
    effects toggle_camera() { return set_local({local_.mic, !local_.camera, local_.screen}); }
    effects set_sharing(bool on) { return set_local({local_.mic, local_.camera, on}); }
    effects set_local(media_state s);

    // The control channel of the current call opened: the partner learns our state now.
    std::optional<std::string> on_channel_open();
    // A message from the partner; true if what we show of them changed.
    bool on_message(std::string_view text);
    // The call ended (or a new peer connection replaced the channel): forget the partner's
    // state; ours is kept, as a person who muted expects to stay muted.
    void on_call_over();

    // A sample of the local microphone's level, taken while muted.
    void on_local_level(double level, double now_ms);
    bool muted_hint(double now_ms) const;

    media_state local() const { return local_; }
    media_state remote() const { return remote_; }
    bool channel_open() const { return channel_open_; }

  private:
    media_state local_;
    media_state remote_;
    bool channel_open_ = false;
    std::optional<double> last_speech_ms_;
};

}  // namespace duet::call
