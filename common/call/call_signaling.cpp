// call_machine, the signaling side of a call: signing in and out, the socket's loss and
// return (the call is kept meanwhile), presence and ICE servers. The link's own rules (the
// outbox, the backoff, the token) are `signaling_link`; this file ties them to the call.
#include <utility>

#include "call/call_machine.hpp"

namespace duet::call {

namespace proto = protocol;
using proto::end_reason;

actions call_machine::sign_in(std::string const& name) {
    actions out;
    if (link_.retrying_login()) disarm(timer::reconnect, out);
    link_.sign_in(login_request(name), out);
    return out;
}

proto::to_server::login call_machine::login_request(std::string const& name) const {
    return link_.login_request(name, call_kept() && name == self_ ? partner_ : std::string());
}

actions call_machine::signed_in(proto::to_client::login_result const& r) {
    actions out;
    bool resumed = link_.state() == signaling::reconnecting && r.name == self_;
    if (r.ring_timeout > 0) ring_timeout_ms_ = r.ring_timeout * 1000;
    if (r.lost_timeout > 0) lost_timeout_ms_ = r.lost_timeout * 1000;
    presence_enabled_ = r.presence;
    roster_.clear();
    out.emplace_back(ice_.on_login(r));
    arm_ice_refresh(out);
    disarm(timer::reconnect, out);

    if (resumed) {
        link_.on_signed_in(r, out);
        if (!has_call()) out.emplace_back(act::set_status{status{status_code::signed_in, self_}});
        return out;
    }
    // A fresh sign-in starts from a clean slate: nothing of an old session is sent.
    link_.sign_out();
    link_.on_signed_in(r, out);
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    disarm(timer::ring, out);
    disarm(timer::ice_grace, out);
    disarm(timer::lost, out);
    reset_call();
    state_ = state::idle;
    self_ = r.name;
    out.emplace_back(act::set_status{status{status_code::signed_in, self_}});
    return out;
}

actions call_machine::signed_out(status why) {
    actions out;
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    for (timer t :
         {timer::ring, timer::ice_grace, timer::lost, timer::ice_refresh, timer::reconnect}) {
        disarm(t, out);
    }
    reset_call();
    state_ = state::idle;
    link_.sign_out();
    self_.clear();
    roster_.clear();
    out.emplace_back(act::set_status{std::move(why)});
    return out;
}

actions call_machine::on_presence(proto::to_client::presence const& m) {
    roster_.apply(m, self_);
    return {};
}

actions call_machine::on_ice_servers(proto::to_client::ice_servers const& m) {
    actions out;
    if (!signed_in_now()) return out;
    out.emplace_back(ice_.on_servers(m));
    if (ice_.next_refresh_ms()) arm_ice_refresh(out);
    return out;
}

actions call_machine::on_signaling_lost() {
    actions out;
    bool was_online = link_.state() == signaling::online;
    auto delay = link_.on_socket_closed(call_kept());
    if (!delay) return out;
    // A ring lives on the server, which drops it with our socket; media does not.
    if (was_online && state_ == state::ringing_out) {
        end_call(state::ended, status{status_code::lost_server}, false, end_reason::hung_up, out);
    } else if (was_online && state_ == state::ringing_in) {
        end_call(state::ended, about_partner(status_code::missed), false, end_reason::hung_up, out);
    }
    arm(timer::reconnect, *delay, out);
    return out;
}

actions call_machine::on_signaling_open() {
    actions out;
    if (link_.on_socket_open(out)) link_.send_now(login_request(self_), out);
    return out;
}

actions call_machine::on_login_failed(proto::to_client::login_result const& r) {
    if (!reconnecting()) return {};
    if (r.code == proto::error_code::unavailable) {
        // Not a dead end: the server is there but cannot reach its users' store (a node of
        // several whose Redis is away). The call is kept and the login tried again with the
        // reconnect's backoff, as for a lost connection.
        actions out;
        if (auto delay = link_.on_login_unavailable()) arm(timer::reconnect, *delay, out);
        return out;
    }
    return signed_out(status{status_code::signed_out, {}, r.message, 0, r.code});
}

actions call_machine::on_first_login_unavailable() {
    actions out;
    if (auto delay = link_.on_first_login_unavailable()) arm(timer::reconnect, *delay, out);
    return out;
}

actions call_machine::stop_login_retry() {
    actions out;
    if (!link_.retrying_login()) return out;
    link_.stop_login_retry();
    disarm(timer::reconnect, out);
    return out;
}

void call_machine::arm_ice_refresh(actions& out) {
    if (auto ms = ice_.next_refresh_ms()) {
        arm(timer::ice_refresh, *ms, out);
    } else {
        disarm(timer::ice_refresh, out);
    }
}

}  // namespace duet::call
