#pragma once

#include <algorithm>
#include <chrono>

namespace duet {

// Rate limiting for one connection: `rate` tokens a second, up to `burst` saved up.
// Time is passed in, so tests need no clock.
class token_bucket {
public:
    using clock = std::chrono::steady_clock;

    token_bucket(double rate, double burst, clock::time_point now)
        : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

    bool take(clock::time_point now) {
        std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * rate_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

private:
    double rate_;
    double burst_;
    double tokens_;
    clock::time_point last_;
};

}  // namespace duet
