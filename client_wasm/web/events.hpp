// What the browser reports to the app, as plain C++ values. The web layer converts every JS
// value on arrival, so nothing outside web/ ever sees one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "call/account.hpp"
#include "call/call_machine.hpp"
#include "call/devices.hpp"
#include "stats/sample.hpp"

namespace duet::web {

struct socket_opened {};
struct socket_message {
    std::string text;
};
struct socket_closed {
    std::string reason;
};

struct media_ready {};
struct media_denied {};  // why is logged where it happens; the call goes on receive-only

// createOffer's result: the call machine decides whether it is still wanted.
struct offer_created {
    call::pc_id pc;
    protocol::json sdp;
};
struct local_description {
    call::pc_id pc;
    protocol::json sdp;
};
struct remote_description_applied {
    call::pc_id pc;
};
struct ice_candidate {
    call::pc_id pc;
    protocol::json candidate;
};
// RTCPeerConnectionState (or iceConnectionState in the same words where the browser lacks
// it: "completed" counts as connected, "checking" as connecting).
enum class pc_state { new_, connecting, connected, disconnected, failed, closed };
std::string_view to_string(pc_state s);
// The state a browser's word names; nothing for a word this code does not know.
std::optional<pc_state> pc_state_named(std::string_view word);

struct connection_state {
    call::pc_id pc;
    pc_state state;
};
// The selected ICE candidate pair, read from stats once connected.
struct candidate_pair {
    call::pc_id pc;
    std::string local;  // RTCIceCandidateType: "host", "srflx", "prflx", "relay"
    std::string remote;
    std::string protocol;  // "udp", "tcp", "tls" (for a relay: how we reach the TURN server)
};
struct remote_track {
    call::pc_id pc;
};
struct operation_failed {
    call::pc_id pc;
    std::string what;
    bool fatal = true;  // false for a candidate the browser refused: the call may still work
};

// Once a second while a call is connected: its counters (web/stats_reader).
struct stats_report {
    call::pc_id pc;
    stats::sample sample;
};

// An AudioContext's state ("interrupted": Safari's, while another app holds the audio);
// none before the ring made its first context.
enum class audio_state { none, suspended, running, closed, interrupted };
std::string_view to_string(audio_state s);
audio_state audio_state_named(std::string_view word);

// The ring's AudioContext started or stopped running.
struct audio_state_changed {};

// The camera is back on (a new track in the local stream), or could not come back.
struct camera_started {};
struct camera_failed {};
// A microphone chosen in the Devices menu gives its track (now in the local stream).
struct microphone_started {};
// The shared screen's track arrived (getDisplayMedia), or sharing ended: refused, stopped by
// the browser's own "Stop sharing" (the track's `ended`).
struct share_started {};
struct share_ended {};
// The devices the browser lists: after access was granted and on every devicechange.
struct devices_listed {
    call::device_lists lists;
};
// The call's control channel (the partner's microphone and camera state) opened, or
// carried a message.
struct control_open {
    call::pc_id pc;
};
struct control_message {
    call::pc_id pc;
    std::string text;
};
// A negotiated data channel of the call (web/data_channel, web/file_channel) opened, carried
// a text, or closed.
enum class channel { chat, file };
std::string_view to_string(channel c);
// Its SCTP stream id, the same on both pages (negotiated). 0 is the control channel
// (web/peer_connection), taken since the first offer that had a data section.
int stream_id(channel c);
struct channel_open {
    call::pc_id pc;
    channel which;
};
struct channel_message {
    call::pc_id pc;
    channel which;
    std::string text;
};
struct channel_closed {
    call::pc_id pc;
    channel which;
};
// File transfer (web/file_picker, web/file_channel): a file chosen (by the chooser or a drop),
// bytes moved so far of the file being sent (`out`) or received, and the end of reading ours.
struct file_picked {
    int key = 0;
    std::string name;
    std::uint64_t size = 0;
    std::string mime;
};
struct file_progress {
    call::pc_id pc;
    bool out = false;
    std::uint64_t id = 0;
    std::uint64_t bytes = 0;
};
struct file_read {
    call::pc_id pc;
    std::uint64_t id = 0;
    std::uint64_t bytes = 0;
    std::string sha256;
};
struct file_read_failed {
    call::pc_id pc;
    std::uint64_t id = 0;
};
// The local microphone's level (RMS, 0..1), sampled while muted.
struct mic_level {
    double level = 0;
};
// A shortcut key pressed outside any text field ("m", "v", "Escape").
struct key_pressed {
    std::string key;
};

// The server's /auth/ routes (web/auth_requests), and what one of them answered.
enum class auth_request : int { config, me, sign_out };
struct auth_reply {
    auth_request request;
    call::http_reply reply;
};
std::string_view to_string(auth_request r);

using event = std::variant<socket_opened, socket_message, socket_closed, media_ready, media_denied,
                           offer_created, local_description, remote_description_applied,
                           ice_candidate, connection_state, candidate_pair, remote_track,
                           operation_failed, audio_state_changed, camera_started,
                           camera_failed, microphone_started, devices_listed, share_started,
                           share_ended, control_open,
                           control_message, mic_level, key_pressed, stats_report, auth_reply,
                           channel_open, channel_message, channel_closed, file_picked,
                           file_progress, file_read, file_read_failed>;

}  // namespace duet::web
