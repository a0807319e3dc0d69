// The pacing rules of draw_pacing.hpp.
#include "draw_pacing.hpp"

#include <algorithm>
#include <cmath>

namespace duet::pacing {

void draw_pacing::on_call_state(call::state s, double now) {
    if (s == call::state::in_call && state_ != call::state::in_call) {
        in_call_since_ = now;
        last_input_ = now;  // a call starts with its controls shown
    }
    if (s == call::state::connecting && state_ != call::state::connecting) connecting_since_ = now;
    state_ = s;
}

bool draw_pacing::setting_up(bool waiting_for_remote, double now) const {
    if (state_ == call::state::connecting) return true;
    return state_ == call::state::in_call && waiting_for_remote &&
           now - in_call_since_ < first_frame_wait_ms;
}

double draw_pacing::frame_delay(bool waiting_for_remote, double now) const {
    if (!setting_up(waiting_for_remote, now)) return 0;
    return setup_draw_interval_ms - (now - last_draw_);
}

bool draw_pacing::take_local_frame(bool waiting_for_remote, double now) const {
    if (state_ == call::state::ringing_out || state_ == call::state::ringing_in) {
        return now - last_local_upload_ >= ringing_self_view_interval_ms;
    }
    if (!setting_up(waiting_for_remote, now)) return true;
    return now - connecting_since_ >= self_view_hold_ms &&
           now - last_local_upload_ >= setup_draw_interval_ms;
}

double draw_pacing::delay_after_upload(double now) const {
    return min_video_frame_interval_ms - (now - last_draw_);
}

float draw_pacing::controls_alpha(double now) const {
    if (state_ != call::state::in_call) return 1;
    double idle = now - last_input_ - controls_idle_ms;
    if (idle < 0) return 1;
    if (fade_ms_ <= 0) return 0;
    return float(std::max(0.0, 1 - idle / fade_ms_));
}

int draw_pacing::call_seconds(double now) const {
    if (state_ != call::state::in_call) return -1;
    return int(std::max(0.0, std::floor((now - in_call_since_) / 1000)));
}

double draw_pacing::overlay_delay(double now, bool video_flowing) const {
    if (state_ != call::state::in_call) return -1;
    double delay = -1;
    auto sooner = [&](double d) { delay = delay < 0 ? d : std::min(delay, d); };
    double idle = now - last_input_;
    if (idle < controls_idle_ms) {
        sooner(controls_idle_ms - idle);
    } else if (idle < controls_idle_ms + fade_ms_) {
        sooner(min_video_frame_interval_ms);
    }
    if (!video_flowing) sooner(1000 - std::fmod(now - in_call_since_, 1000.0));
    return delay;
}

}  // namespace duet::pacing
