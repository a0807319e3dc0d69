// How good the call is, in the three steps of Jitsi's connection indicator (good, fair,
// poor), and how the two browsers reached each other, in words a person reads. Pure rules
// over the figures call_stats measured; docs/call_control.md explains the thresholds.
#pragma once

#include <optional>
#include <string_view>

#include "words/word.hpp"

namespace duet::stats {

enum class quality { unknown, good, fair, poor };
std::string_view to_string(quality q);  // "unknown", "good", "fair", "poor"

// Thresholds, and why (also in docs/call_control.md, "The call's health"):
// - Round trip: ITU-T G.114 keeps conversation natural up to 150 ms one way (300 ms round
//   trip); beyond 400 ms one way (800 ms round trip) people talk over each other.
// - Loss (inbound, over the last interval): Opus conceals and WebRTC's NACK repairs a few
//   per cent on short round trips; from 2 % video shows frozen or smeared frames now and
//   then, from 8 % it does all the time and speech breaks up.
// - Frame rate: a talking head stays fluid down to 15 fps and turns into a slide show below
//   8. It counts only while video really arrives: a camera that is off (track disabled)
//   sends black frames at about 1 fps in a few kbps, which is not a bad connection.
inline constexpr double rtt_good_below_ms = 300;
inline constexpr double rtt_poor_from_ms = 800;
inline constexpr double loss_good_below_pct = 2;
inline constexpr double loss_poor_from_pct = 8;
inline constexpr double fps_good_from = 15;
inline constexpr double fps_poor_below = 8;
inline constexpr double video_counts_from_kbps = 50;

struct quality_input {
    std::optional<double> rtt_ms;  // unknown: does not count
    double loss_pct = 0;
    double fps = 0;
    double kbps_video_in = 0;
};

// The worst of the three figures' grades, as Jitsi's indicator drops to the weakest link.
quality quality_of(quality_input const& in);

// How the selected candidate pair connects: the worse end decides (one relayed end means
// the media goes through the TURN server).
enum class path { unknown, host, srflx, relay };
std::string_view to_string(path p);  // "", "host", "srflx", "relay" (window.duet's words)
// The path as the person reads it ("direct (LAN)", "via STUN address", "relayed by TURN";
// "unknown" before the first report), from the language tables.
words::word word_for(path p);
// From RTCIceCandidateType words; prflx (an address learnt from the partner's checks) is a
// NAT's address like srflx.
path path_of(std::string_view local, std::string_view remote);

}  // namespace duet::stats
