// One reading of the browser's WebRTC counters, as plain numbers: what web/stats_reader
// reduces an RTCStatsReport to once a second. Counters are cumulative since their stream
// began (they restart with a new stream or peer connection); a figure the report did not
// have is empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace duet::stats {

// RTP payload bytes (bytesSent of outbound-rtp, bytesReceived of inbound-rtp), headers not
// counted, as getStats reports them.
struct kind_bytes {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
};

struct sample {
    double time_ms = 0;  // the report's timestamp (RTCStats.timestamp)
    kind_bytes audio;
    kind_bytes video;
    // Inbound RTP, audio and video together. packetsLost is signed in the spec: duplicates
    // and late packets make it fall.
    std::uint64_t packets_received = 0;
    std::int64_t packets_lost = 0;
    std::optional<double> jitter_s;  // inbound audio's jitter (video's when there is no audio)
    std::optional<double> rtt_s;     // remote-inbound-rtp, else the candidate pair's current RTT
    std::uint64_t frames_decoded = 0;
    int frame_width = 0;  // of the video received
    int frame_height = 0;
    std::string codec;  // the received video's mimeType, "video/VP8"
    // RTCIceCandidateType of the selected pair's two ends: host, srflx, prflx, relay.
    std::string local_candidate;
    std::string remote_candidate;
    // 0..1: the microphone's level (an AnalyserNode) and the partner's (inbound audioLevel).
    double local_level = 0;
    double remote_level = 0;
};

}  // namespace duet::stats
