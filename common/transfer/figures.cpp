// Rate, time left and sizes (figures.hpp).
#include "transfer/figures.hpp"

#include <cmath>
#include <cstdio>

namespace duet::transfer {

void rate_meter::add(double now_ms, std::uint64_t total) {
    if (!samples_.empty() && (now_ms < samples_.back().first || total < samples_.back().second)) {
        samples_.clear();  // a clock or a count going back: start measuring again
    }
    samples_.emplace_back(now_ms, total);
    while (samples_.size() > 2 && samples_.front().first < now_ms - window_ms) {
        samples_.pop_front();
    }
    if (samples_.size() > 64) samples_.pop_front();
}

double rate_meter::bytes_per_second() const {
    if (samples_.size() < 2) return 0;
    double ms = samples_.back().first - samples_.front().first;
    if (ms < 100) return 0;
    return double(samples_.back().second - samples_.front().second) * 1000.0 / ms;
}

std::optional<double> rate_meter::seconds_left(std::uint64_t total, std::uint64_t size) const {
    double rate = bytes_per_second();
    if (rate <= 0) return std::nullopt;
    return total >= size ? 0.0 : double(size - total) / rate;
}

std::string format_bytes(std::uint64_t bytes) {
    static char const* const units[] = {"KB", "MB", "GB", "TB"};
    if (bytes < 1024) return std::to_string(bytes) + " B";
    double v = double(bytes) / 1024;
    int unit = 0;
    while (v >= 1024 * 0.9995 && unit < 3) {  // 1023.97 KB reads as 1.0 MB, not 1024.0 KB
        v /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", v, units[unit]);
    return text;
}

std::string format_rate(double bytes_per_second) {
    if (!(bytes_per_second > 0)) return "0 B/s";
    return format_bytes(std::uint64_t(bytes_per_second)) + "/s";
}

std::string format_duration(double seconds) {
    if (!(seconds > 0)) seconds = 0;
    if (seconds > 359999) seconds = 359999;  // 99:59:59 at most
    auto s = static_cast<long>(std::ceil(seconds));
    char text[32];
    if (s >= 3600) {
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    } else {
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    }
    return text;
}

}  // namespace duet::transfer
