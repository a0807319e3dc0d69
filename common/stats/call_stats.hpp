// The call's health from one sample a second: rates from the counters' deltas, the current
// figures (what the stats panel and window.duet.stats show), the last 60 s of each for the
// plots, and the quality mark. Plain numbers in, plain numbers out: tested natively.
#pragma once

#include <optional>
#include <string>

#include "history.hpp"
#include "quality.hpp"
#include "sample.hpp"

namespace duet::stats {

struct figures {
    std::optional<double> rtt_ms;
    double loss_pct = 0;  // inbound, over the last interval
    std::optional<double> jitter_ms;
    double fps = 0;  // frames decoded a second
    int width = 0;   // of the video received
    int height = 0;
    double kbps_audio_in = 0;
    double kbps_video_in = 0;
    double kbps_audio_out = 0;
    double kbps_video_out = 0;
    std::string codec;  // "VP8": the mimeType without its "video/"
    stats::path path = path::unknown;
    double local_level = 0;
    double remote_level = 0;

    double kbps_in() const { return kbps_audio_in + kbps_video_in; }
    double kbps_out() const { return kbps_audio_out + kbps_video_out; }
    bool operator==(figures const&) const = default;
};

class call_stats {
  public:
    // A sample closer than this to the last is dropped: a rate over a few milliseconds is
    // noise (a timer that fired twice, a report served from the browser's cache).
    static constexpr double min_interval_ms = 200;

    // True when it measured a new interval (the figures and history moved on). The first
    // sample, and one whose time went backwards (a new peer connection), only set the base.
    bool add(sample const& s);
    // A new call starts from nothing.
    void reset() { *this = call_stats{}; }

    bool measured() const { return intervals_ > 0; }
    figures const& current() const { return now_; }
    stats::history const& history() const { return history_; }
    stats::quality quality() const;
    // The report time of the newest sample, and of the one before it: the interval the
    // rates were measured over (window.duet publishes it so tests can align their own).
    double interval_start_ms() const { return start_ms_; }
    double interval_end_ms() const { return last_ ? last_->time_ms : 0; }
    long long intervals() const { return intervals_; }

  private:
    std::optional<sample> last_;
    figures now_;
    stats::history history_;
    double start_ms_ = 0;
    long long intervals_ = 0;
};

}  // namespace duet::stats
