// The last 60 seconds of each figure, for the stats panel's plots: a fixed ring per figure,
// one value per measured interval, read oldest first.
#pragma once

#include <array>
#include <cstddef>

namespace duet::stats {

template <std::size_t N>
class ring {
  public:
    static constexpr std::size_t capacity = N;

    void push(float v) {
        values_[(start_ + size_) % N] = v;
        if (size_ < N) {
            ++size_;
        } else {
            start_ = (start_ + 1) % N;
        }
    }
    void clear() { *this = ring{}; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // `i` from 0 (the oldest kept) to size() - 1 (the newest).
    float at(std::size_t i) const { return values_[(start_ + i) % N]; }
    float newest() const { return size_ ? at(size_ - 1) : 0.f; }
    float max() const {
        float m = 0;
        for (std::size_t i = 0; i < size_; ++i) m = at(i) > m ? at(i) : m;
        return m;
    }
    bool operator==(ring const& o) const {
        if (size_ != o.size_) return false;
        for (std::size_t i = 0; i < size_; ++i) {
            if (at(i) != o.at(i)) return false;
        }
        return true;
    }

  private:
    std::array<float, N> values_{};
    std::size_t start_ = 0;
    std::size_t size_ = 0;
};

inline constexpr std::size_t history_seconds = 60;
using series = ring<history_seconds>;

struct history {
    series kbps_audio_in;
    series kbps_video_in;
    series kbps_audio_out;
    series kbps_video_out;
    series rtt_ms;  // 0 where unknown
    series loss_pct;
    series jitter_ms;
    series fps;
    bool operator==(history const&) const = default;
};

}  // namespace duet::stats
