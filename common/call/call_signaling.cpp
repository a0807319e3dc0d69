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
    presence_window_ = r.presence && r.presence_window > 0 ? r.presence_window : 0;
    roster_.clear();
    search_sent_.clear();  // a new socket's window starts from the first name
    disarm(timer::search, out);
    out.emplace_back(ice_.on_login(r));
    arm_ice_refresh(out);
    disarm(timer::reconnect, out);

    if (resumed) {
        link_.on_signed_in(r, out);
        if (!has_call()) out.emplace_back(act::set_status{status{status_code::signed_in, self_}});
        resume_search(out);
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
    resume_search(out);
    return out;
}

// The field still asks for a search (typed before the connection was lost, or before signing
// out and in again): the new window is moved to it. The login's own full list, of the first
// names, follows this reply and is then stale: the field's answer replaces it.
void call_machine::resume_search(actions& out) {
    if (presence_window_ == 0 || search_wanted_.empty()) return;
    roster_.asked(std::string());
    send_search(out);
}

namespace {

// At most max_search_bytes, cut before a whole character rather than inside one.
std::string bounded_prefix(std::string prefix) {
    if (prefix.size() <= proto::to_server::max_search_bytes) return prefix;
    std::size_t n = proto::to_server::max_search_bytes;
    while (n > 0 && (static_cast<unsigned char>(prefix[n]) & 0xC0) == 0x80) --n;
    prefix.resize(n);
    return prefix;
}

}  // namespace

actions call_machine::search_typed(std::string prefix) {
    actions out;
    search_wanted_ = bounded_prefix(std::move(prefix));
    if (presence_window_ == 0 || link_.state() != signaling::online) return out;
    if (search_wanted_ == search_sent_) {
        disarm(timer::search, out);  // typed back to what the list shows
    } else {
        arm(timer::search, search_debounce_ms, out);
    }
    return out;
}

actions call_machine::search(std::string prefix) {
    actions out;
    search_wanted_ = bounded_prefix(std::move(prefix));
    send_search(out);
    return out;
}

void call_machine::send_search(actions& out) {
    disarm(timer::search, out);
    // Never to a server without windows: it would refuse the unknown message.
    if (presence_window_ == 0 || link_.state() != signaling::online) return;
    if (search_wanted_ == search_sent_) return;
    search_sent_ = search_wanted_;
    roster_.asked(search_wanted_);
    send(proto::to_server::search{search_wanted_}, out);
}

actions call_machine::signed_out(status why) {
    actions out;
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    for (timer t : {timer::ring, timer::ice_grace, timer::lost, timer::ice_refresh,
                    timer::reconnect, timer::search}) {
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
