// The pacing rules of draw_pacing.hpp.
#include "draw_pacing.hpp"

namespace duet::pacing {

void draw_pacing::on_call_state(call::state s, double now) {
    if (s == call::state::in_call && state_ != call::state::in_call) in_call_since_ = now;
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
    if (!setting_up(waiting_for_remote, now)) return true;
    return now - connecting_since_ >= self_view_hold_ms &&
           now - last_local_upload_ >= setup_draw_interval_ms;
}

double draw_pacing::delay_after_upload(double now) const {
    return min_video_frame_interval_ms - (now - last_draw_);
}

}  // namespace duet::pacing
