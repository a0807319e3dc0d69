// Rates, counter resets and the 60 s history (call_stats.hpp).
#include "call_stats.hpp"

#include <algorithm>

namespace duet::stats {

namespace {

// A counter that fell restarted from zero (a new stream after renegotiation, a new SSRC):
// what it counts now is what it gained since, as Prometheus's rate() treats a reset. The
// gain is a lower bound; never a negative rate, never a spike of the old total.
std::uint64_t gain(std::uint64_t now, std::uint64_t before) {
    return now >= before ? now - before : now;
}

double kbps(std::uint64_t bytes, double ms) { return double(bytes) * 8.0 / ms; }

std::string codec_name(std::string const& mime) {
    auto slash = mime.find('/');
    return slash == std::string::npos ? mime : mime.substr(slash + 1);
}

}  // namespace

bool call_stats::add(sample const& s) {
    if (last_ && s.time_ms > last_->time_ms && s.time_ms - last_->time_ms < min_interval_ms) {
        return false;
    }
    // Levels, size, codec and path are the newest report's, measured interval or not.
    now_.width = s.frame_width;
    now_.height = s.frame_height;
    now_.codec = codec_name(s.codec);
    now_.path = path_of(s.local_candidate, s.remote_candidate);
    now_.local_level = std::clamp(s.local_level, 0.0, 1.0);
    now_.remote_level = std::clamp(s.remote_level, 0.0, 1.0);
    if (s.rtt_s) now_.rtt_ms = *s.rtt_s * 1000.0;
    if (s.jitter_s) now_.jitter_ms = *s.jitter_s * 1000.0;

    if (!last_ || s.time_ms <= last_->time_ms) {
        last_ = s;
        return false;
    }
    sample const& b = *last_;
    double ms = s.time_ms - b.time_ms;
    now_.kbps_audio_in = kbps(gain(s.audio.received, b.audio.received), ms);
    now_.kbps_video_in = kbps(gain(s.video.received, b.video.received), ms);
    now_.kbps_audio_out = kbps(gain(s.audio.sent, b.audio.sent), ms);
    now_.kbps_video_out = kbps(gain(s.video.sent, b.video.sent), ms);
    now_.fps = double(gain(s.frames_decoded, b.frames_decoded)) * 1000.0 / ms;

    bool restarted = s.packets_received < b.packets_received;
    std::uint64_t received = gain(s.packets_received, b.packets_received);
    std::int64_t lost = restarted ? s.packets_lost : s.packets_lost - b.packets_lost;
    lost = std::max<std::int64_t>(lost, 0);  // late packets counted as lost earlier
    double expected = double(received) + double(lost);
    now_.loss_pct = expected > 0 ? double(lost) * 100.0 / expected : 0;

    history_.kbps_audio_in.push(float(now_.kbps_audio_in));
    history_.kbps_video_in.push(float(now_.kbps_video_in));
    history_.kbps_audio_out.push(float(now_.kbps_audio_out));
    history_.kbps_video_out.push(float(now_.kbps_video_out));
    history_.rtt_ms.push(float(now_.rtt_ms.value_or(0)));
    history_.loss_pct.push(float(now_.loss_pct));
    history_.jitter_ms.push(float(now_.jitter_ms.value_or(0)));
    history_.fps.push(float(now_.fps));

    start_ms_ = b.time_ms;
    last_ = s;
    ++intervals_;
    return true;
}

stats::quality call_stats::quality() const {
    if (!measured()) return quality::unknown;
    return quality_of({now_.rtt_ms, now_.loss_pct, now_.fps, now_.kbps_video_in});
}

}  // namespace duet::stats
