// The rate limit on what the partner's page may make us show: a token bucket. A person
// typing, or pasting a few lines, stays well inside it; a page (or a script in it) that sends
// thousands of messages a second has all but the first burst dropped before they are parsed,
// so a flood costs a comparison per message and cannot freeze ours.
#pragma once

namespace duet::chat {

class token_bucket {
  public:
    // `burst` messages at once, then `per_second` on average.
    token_bucket(double burst, double per_second)
        : burst_(burst), per_ms_(per_second / 1000.0), tokens_(burst) {}

    // True if one more message may pass at `now_ms` (a steady clock; time going back counts
    // as none passing).
    bool take(double now_ms) {
        if (last_ms_ >= 0 && now_ms > last_ms_) tokens_ += (now_ms - last_ms_) * per_ms_;
        if (tokens_ > burst_) tokens_ = burst_;
        if (last_ms_ < 0 || now_ms > last_ms_) last_ms_ = now_ms;
        if (tokens_ < 1) return false;
        tokens_ -= 1;
        return true;
    }
    void reset() {
        tokens_ = burst_;
        last_ms_ = -1;
    }

  private:
    double burst_;
    double per_ms_;
    double tokens_;
    double last_ms_ = -1;
};

}  // namespace duet::chat
