#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace loadgen {

using clock = std::chrono::steady_clock;

inline std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now().time_since_epoch())
        .count();
}

// Percentiles over every sample, exactly: a run holds at most a few million.
class latency_samples {
public:
    void add(std::int64_t ns) { samples_.push_back(ns); }
    std::size_t size() const { return samples_.size(); }
    void merge(latency_samples const& other) {
        samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
        sorted_ = false;
    }
    double percentile_ms(double p) {
        if (samples_.empty()) return 0;
        if (!sorted_) {
            std::sort(samples_.begin(), samples_.end());
            sorted_ = true;
        }
        auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples_.size() - 1));
        return static_cast<double>(samples_[index]) / 1e6;
    }

private:
    std::vector<std::int64_t> samples_;
    bool sorted_ = false;
};

// Resident memory of a process in KiB, from /proc (0 when unknown).
inline long rss_kib(int pid) {
    if (pid <= 0) return 0;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            status >> kib;
            return kib;
        }
        std::getline(status, key);
    }
    return 0;
}

}  // namespace loadgen
