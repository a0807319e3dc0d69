// The figures a progress bar shows beside itself: how fast the bytes move (over the last few
// seconds, so a stall shows as a falling rate rather than an average of the whole file), how
// long is left at that rate, and sizes and durations as a person reads them. Pure: the
// clock is passed in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>

namespace duet::transfer {

class rate_meter {
  public:
    // The rate is measured over this window (ms).
    static constexpr double window_ms = 3000;

    // `total`: bytes moved so far, at `now_ms` on a steady clock.
    void add(double now_ms, std::uint64_t total);
    void reset() { samples_.clear(); }
    // Bytes a second over the window; 0 until two samples 100 ms apart.
    double bytes_per_second() const;
    // Seconds until `size` at the current rate, or nothing while the rate is unknown (0).
    std::optional<double> seconds_left(std::uint64_t total, std::uint64_t size) const;

  private:
    std::deque<std::pair<double, std::uint64_t>> samples_;
};

// 1024-based, one decimal from KB up: "512 B", "16.0 KB", "20.0 MB", "1.5 GB".
std::string format_bytes(std::uint64_t bytes);
// "12.3 MB/s".
std::string format_rate(double bytes_per_second);
// "0:07", "12:34", "1:02:03"; rounded up so the last second shows as 0:01, not 0:00.
std::string format_duration(double seconds);

}  // namespace duet::transfer
