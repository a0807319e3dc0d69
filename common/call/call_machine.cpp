#include "call/call_machine.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "protocol/names.hpp"

namespace duet::call {

namespace proto = protocol;
using proto::end_reason;

std::string_view to_string(state s) {
    switch (s) {
        case state::idle:
            return "idle";
        case state::ringing_out:
            return "ringing_out";
        case state::ringing_in:
            return "ringing_in";
        case state::connecting:
            return "connecting";
        case state::in_call:
            return "in_call";
        case state::ended:
            return "ended";
    }
    return "idle";
}

std::string_view to_string(timer t) {
    switch (t) {
        case timer::ring:
            return "ring";
        case timer::ice_grace:
            return "ice_grace";
        case timer::lost:
            return "lost";
        case timer::ice_refresh:
            return "ice_refresh";
        case timer::reconnect:
            return "reconnect";
    }
    return "ring";
}

int reconnect_delay_ms(int attempt) {
    static constexpr int steps[] = {0, 500, 1000, 2000, 4000};
    if (attempt < 0) return 0;
    if (attempt < int(std::size(steps))) return steps[attempt];
    return 5000;
}

bool is_polite(std::string_view self, std::string_view peer) { return self > peer; }

namespace {

void status(actions& out, std::string text) { out.emplace_back(act::set_status{std::move(text)}); }

unsigned bit(timer t) { return 1u << unsigned(t); }

// What the other side's `leave` means to us, given how far the call had got.
std::string leave_text(end_reason r, state s, std::string const& who) {
    // For the callee any end of a ring it never answered is a missed call.
    if (s == state::ringing_in && r != end_reason::connection_lost)
        return "Missed call from " + who;
    switch (r) {
        case end_reason::hung_up:
            return who + " hung up";
        case end_reason::declined:
            return who + " declined";
        case end_reason::cancelled:
            return who + " cancelled";
        case end_reason::no_answer:
            return "No answer from " + who;
        case end_reason::busy:
            return who + " is busy";
        case end_reason::connection_lost:
            return "Connection lost";
    }
    return who + " hung up";
}

}  // namespace

// --- the user -----------------------------------------------------------------------------

proto::to_server::login call_machine::login_request(std::string const& name) const {
    proto::to_server::login l;
    l.name = name;
    if (name == token_name_) l.token = token_;
    l.features = {std::string(proto::feature::ring), std::string(proto::feature::presence)};
    if (call_kept() && name == self_) l.peer = peer_;
    return l;
}

actions call_machine::signed_in(std::string name) {
    proto::to_client::login_result r;
    r.success = true;
    r.name = std::move(name);
    return signed_in(r);
}

actions call_machine::signed_in(proto::to_client::login_result const& r) {
    actions out;
    bool resumed = signaling_ == signaling::reconnecting && r.name == self_;
    token_name_ = r.name;
    token_ = r.token;
    if (r.ring_timeout > 0) ring_timeout_ms_ = r.ring_timeout * 1000;
    if (r.lost_timeout > 0) lost_timeout_ms_ = r.lost_timeout * 1000;
    ice_servers_ = r.ice_servers;
    transport_policy_ = r.ice_transport_policy;
    ice_ttl_ = r.ice_ttl;
    presence_enabled_ = r.presence;
    roster_.clear();
    out.emplace_back(act::set_ice_servers{ice_servers_, transport_policy_});
    if (ice_ttl_ > 0) {
        arm(timer::ice_refresh, std::max(ice_ttl_ * 800, 500), out);
    } else {
        disarm(timer::ice_refresh, out);
    }
    disarm(timer::reconnect, out);
    reconnect_attempt_ = 0;
    signaling_ = signaling::online;

    if (resumed) {
        // The call went on peer to peer; what it said meanwhile goes out now, in order.
        for (auto& m : outbox_) out.emplace_back(act::send{std::move(m)});
        outbox_.clear();
        if (!has_call()) status(out, "Signed in as " + self_);
        return out;
    }
    // A fresh sign-in starts from a clean slate.
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    disarm(timer::ring, out);
    disarm(timer::ice_grace, out);
    disarm(timer::lost, out);
    reset_call();
    state_ = state::idle;
    outbox_.clear();
    self_ = r.name;
    status(out, "Signed in as " + self_);
    return out;
}

actions call_machine::call(std::string const& name) {
    actions out;
    if (!signed_in_now() || has_call()) return out;
    if (signaling_ == signaling::reconnecting) {
        status(out, "Not connected to the server; reconnecting...");
        return out;
    }
    if (name.empty()) {
        status(out, "Enter the name of the user to call");
        return out;
    }
    if (auto invalid = proto::validate_name(name)) {
        status(out, invalid->message);
        return out;
    }
    // The server refuses this too; saying so here avoids a round trip.
    if (name == self_) {
        status(out, "You cannot call yourself");
        return out;
    }
    begin_call(state::ringing_out, role::caller, name);
    send(proto::to_server::call{peer_}, out);
    arm(timer::ring, ring_timeout_ms_, out);
    // The caller chose to call: its camera may start now, so the preview is up by the time
    // the callee answers (and the permission prompt comes with the press that caused it).
    ensure_media(out);
    status(out, "Calling " + peer_ + "...");
    return out;
}

actions call_machine::accept() {
    actions out;
    if (state_ != state::ringing_in) return out;
    disarm(timer::ring, out);
    // A tutorial caller does not know `accept`: answering its offer is the acceptance.
    if (!tutorial_) send(proto::to_server::accept{peer_}, out);
    start_connecting(role::callee, out);
    return out;
}

actions call_machine::decline() {
    actions out;
    if (state_ != state::ringing_in) return out;
    std::string who = peer_;
    end_call(state::ended, "Declined the call from " + who, true, end_reason::declined, out);
    return out;
}

actions call_machine::cancel() {
    actions out;
    bool caller_waiting =
        state_ == state::ringing_out || (state_ == state::connecting && role_ == role::caller);
    if (!caller_waiting) return out;
    std::string who = peer_;
    end_call(state::ended, "Cancelled the call to " + who, true, end_reason::cancelled, out);
    return out;
}

actions call_machine::hang_up() {
    if (state_ == state::ringing_out) return cancel();
    if (state_ == state::ringing_in) return decline();
    actions out;
    if (!call_kept()) return out;
    std::string who = peer_;
    end_call(state::ended, "Call with " + who + " ended", true, end_reason::hung_up, out);
    return out;
}

actions call_machine::signed_out(std::string text) {
    actions out;
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    for (timer t :
         {timer::ring, timer::ice_grace, timer::lost, timer::ice_refresh, timer::reconnect}) {
        disarm(t, out);
    }
    reset_call();
    state_ = state::idle;
    signaling_ = signaling::signed_out;
    self_.clear();
    outbox_.clear();
    roster_.clear();
    reconnect_attempt_ = 0;
    status(out, std::move(text));
    return out;
}

// --- the signaling server -----------------------------------------------------------------

actions call_machine::on_call(proto::to_client::call const& m) {
    actions out;
    if (!signed_in_now() || m.from.empty() || m.from == self_) return out;
    if (!has_call()) {
        begin_call(state::ringing_in, role::callee, m.from);
        arm(timer::ring, ring_timeout_ms_, out);
        status(out, m.from + " is calling...");
        return out;
    }
    if (m.from != peer_) {
        // The server answers `busy` for us; this is a ring that crossed a call starting.
        send(proto::to_server::leave{m.from, end_reason::busy}, out);
        out.emplace_back(act::missed_call{m.from});
        return out;
    }
    // Glare: we ring them and they ring us. The polite side takes their call; the other
    // ignores it and waits for the accept that the polite side sends.
    if (state_ == state::ringing_out && is_polite(self_, peer_)) {
        disarm(timer::ring, out);
        send(proto::to_server::accept{peer_}, out);
        start_connecting(role::callee, out);
    }
    return out;
}

actions call_machine::on_accept(proto::to_client::accept const& m) {
    actions out;
    if (state_ != state::ringing_out || m.from != peer_) return out;
    disarm(timer::ring, out);
    start_connecting(role::caller, out);
    return out;
}

actions call_machine::on_offer(proto::to_client::offer const& m) {
    actions out;
    if (!signed_in_now() || m.from.empty() || m.from == self_) return out;
    if (!has_call()) {
        // A tutorial client calls with a bare offer. It rings like any call; Accept applies it.
        begin_call(state::ringing_in, role::callee, m.from);
        tutorial_ = true;
        pending_offer_ = m.sdp;
        arm(timer::ring, ring_timeout_ms_, out);
        status(out, m.from + " is calling...");
        return out;
    }
    if (m.from != peer_) {
        // Busy: refuse, so the other caller is not left waiting. The server only unlinks the
        // two of us, never our current call.
        send(proto::to_server::leave{m.from, end_reason::busy}, out);
        return out;
    }
    switch (state_) {
        case state::ringing_in:
            // Still ringing: the newest offer is the one Accept will apply.
            if (tutorial_) pending_offer_ = m.sdp;
            return out;
        case state::ringing_out:
            // A tutorial client we rang called us with its own offer meanwhile: glare again.
            if (!is_polite(self_, peer_)) return out;
            disarm(timer::ring, out);
            tutorial_ = true;
            pending_offer_ = m.sdp;
            start_connecting(role::callee, out);
            return out;
        default:
            handle_peer_offer(m.sdp, out);
            return out;
    }
}

actions call_machine::on_answer(proto::to_client::answer const& m) {
    actions out;
    if (!call_kept() || m.from != peer_ || pc_ == 0) return out;
    if (!offer_in_flight_ || making_offer_ || applying_remote_) return out;
    apply_remote(m.sdp, false, out);
    return out;
}

actions call_machine::on_candidate(proto::to_client::candidate const& m) {
    actions out;
    if (!has_call() || m.from != peer_) return out;
    if (pc_ != 0 && remote_applied_ && !applying_remote_) {
        out.emplace_back(act::add_ice_candidate{pc_, m.candidate});
    } else if (remote_queue_.size() < max_queued_candidates) {
        remote_queue_.push_back(m.candidate);
    }
    return out;
}

actions call_machine::on_leave(proto::to_client::leave const& m) {
    actions out;
    if (!has_call() || m.from != peer_) return out;
    std::string text = leave_text(m.reason, state_, m.from);
    end_call(state::ended, std::move(text), false, m.reason, out);
    return out;
}

actions call_machine::on_missed(proto::to_client::missed const& m) {
    actions out;
    if (!signed_in_now() || m.from.empty()) return out;
    out.emplace_back(act::missed_call{m.from});
    return out;
}

actions call_machine::on_error(proto::to_client::error const& m) {
    actions out;
    // An error about someone we are no longer talking to is stale (a late candidate or leave).
    if (!m.user.empty() && m.user != peer_) return out;
    bool about_peer = has_call() && !m.user.empty();
    if (about_peer) {
        using proto::error_code;
        switch (m.code) {
            case error_code::not_online:
                if (state_ == state::ringing_out) {
                    end_call(state::idle, peer_ + " is not online", false, end_reason::hung_up,
                             out);
                    return out;
                }
                if (call_kept()) {
                    // The peer's socket is down, perhaps only for a moment: the call is kept
                    // (lostTimeout decides), and an ICE restart that did not reach it is tried
                    // again.
                    making_offer_ = false;
                    offer_in_flight_ = false;
                    return out;
                }
                end_call(state::ended, peer_ + " is not online", false, end_reason::hung_up, out);
                return out;
            case error_code::self_call:
                end_call(state::idle, m.message, false, end_reason::hung_up, out);
                return out;
            case error_code::busy:
                end_call(state::ended, peer_ + " is busy", false, end_reason::busy, out);
                return out;
            case error_code::not_ringing:
                // Our accept came after the caller gave up.
                end_call(state::ended, "Missed call from " + peer_, false, end_reason::hung_up,
                         out);
                return out;
            default:
                break;
        }
    }
    if (m.code == proto::error_code::already_in_call && state_ == state::ringing_out) {
        end_call(state::ended, m.message.empty() ? "You are already in a call" : m.message, false,
                 end_reason::hung_up, out);
        return out;
    }
    if (!m.message.empty()) status(out, m.message);
    return out;
}

actions call_machine::on_presence(proto::to_client::presence const& m) {
    using entry = proto::to_client::presence_entry;
    if (m.full) roster_.clear();
    for (auto const& u : m.users) {
        if (u.name.empty() || u.name == self_) continue;
        auto it = std::lower_bound(roster_.begin(), roster_.end(), u.name,
                                   [](entry const& e, std::string const& n) { return e.name < n; });
        bool found = it != roster_.end() && it->name == u.name;
        if (u.status == proto::to_client::availability::offline) {
            if (found) roster_.erase(it);
        } else if (found) {
            it->status = u.status;
        } else if (roster_.size() < max_roster) {
            roster_.insert(it, u);
        }
    }
    return {};
}

actions call_machine::on_ice_servers(proto::to_client::ice_servers const& m) {
    actions out;
    if (!signed_in_now()) return out;
    ice_servers_ = m.servers;
    ice_ttl_ = m.ttl;
    out.emplace_back(act::set_ice_servers{ice_servers_, transport_policy_});
    if (ice_ttl_ > 0) arm(timer::ice_refresh, std::max(ice_ttl_ * 800, 500), out);
    return out;
}

actions call_machine::on_signaling_lost() {
    actions out;
    if (!signed_in_now()) return out;
    if (signaling_ == signaling::online) {
        signaling_ = signaling::reconnecting;
        reconnect_attempt_ = 0;
        // A ring lives on the server, which drops it with our socket; media does not.
        if (state_ == state::ringing_out) {
            end_call(state::ended, "Lost the connection to the server", false, end_reason::hung_up,
                     out);
        } else if (state_ == state::ringing_in) {
            end_call(state::ended, "Missed call from " + peer_, false, end_reason::hung_up, out);
        }
    } else {
        ++reconnect_attempt_;
    }
    arm(timer::reconnect, reconnect_delay_ms(reconnect_attempt_), out);
    return out;
}

actions call_machine::on_signaling_open() {
    actions out;
    if (signaling_ != signaling::reconnecting) return out;
    // Straight out, not queued: this is what ends the queueing.
    out.emplace_back(act::send{login_request(self_)});
    return out;
}

actions call_machine::on_login_failed(proto::to_client::login_result const& r) {
    if (signaling_ != signaling::reconnecting) return {};
    return signed_out(r.message.empty() ? "Signed out: the server refused the name" : r.message);
}

// --- the browser --------------------------------------------------------------------------

actions call_machine::on_media_ready() {
    actions out;
    media_ = media::ready;
    negotiate_if_ready(out);
    return out;
}

actions call_machine::on_media_denied() {
    // Without a camera the call still goes ahead, receive-only: seeing the other side is
    // better than nothing. The status says why our side is dark.
    actions out;
    media_ = media::denied;
    status(out, "Camera or microphone denied");
    negotiate_if_ready(out);
    return out;
}

actions call_machine::on_local_description(pc_id pc, json sdp) {
    actions out;
    if (!is_current(pc) || !call_kept()) return out;
    std::string type;
    if (sdp.is_object() && sdp.contains("type") && sdp["type"].is_string()) {
        type = sdp["type"].get<std::string>();
    }
    if (making_offer_ && type != "answer") {
        making_offer_ = false;
        send(proto::to_server::offer{peer_, std::move(sdp)}, out);
    } else if (answering_ && type != "offer") {
        answering_ = false;
        send(proto::to_server::answer{peer_, std::move(sdp)}, out);
    } else {
        return out;  // an offer we rolled back, or a stale result
    }
    if (!local_sent_) {
        local_sent_ = true;
        // The peer learns our candidates only after our description: it cannot use them before.
        for (auto& c : local_queue_) send(proto::to_server::candidate{peer_, std::move(c)}, out);
        local_queue_.clear();
    }
    return out;
}

actions call_machine::on_remote_description_applied(pc_id pc) {
    actions out;
    if (!is_current(pc) || !call_kept() || !applying_remote_) return out;
    applying_remote_ = false;
    remote_applied_ = true;
    if (remote_is_offer_) {
        answering_ = true;
        out.emplace_back(act::create_answer{pc_});
    } else {
        offer_in_flight_ = false;
    }
    for (auto& c : remote_queue_) out.emplace_back(act::add_ice_candidate{pc_, std::move(c)});
    remote_queue_.clear();
    return out;
}

actions call_machine::on_ice_candidate(pc_id pc, json candidate) {
    actions out;
    if (!is_current(pc) || !call_kept()) return out;
    if (local_sent_) {
        send(proto::to_server::candidate{peer_, std::move(candidate)}, out);
    } else if (local_queue_.size() < max_queued_candidates) {
        local_queue_.push_back(std::move(candidate));
    }
    return out;
}

actions call_machine::on_connected(pc_id pc) {
    actions out;
    if (!is_current(pc)) return out;
    if (state_ == state::connecting) {
        state_ = state::in_call;
        disarm(timer::lost, out);
        status(out, "Connected to " + peer_);
    } else if (state_ == state::in_call && media_down_) {
        media_down_ = false;
        disarm(timer::ice_grace, out);
        disarm(timer::lost, out);
        status(out, "Connected to " + peer_);
    }
    return out;
}

actions call_machine::on_disconnected(pc_id pc) {
    actions out;
    // While connecting, `lost` already runs; ICE reports `failed` if it gives up.
    if (!is_current(pc) || state_ != state::in_call) return out;
    if (!media_down_) {
        media_down_ = true;
        status(out, "Connection to " + peer_ + " interrupted; restoring it...");
    }
    if (role_ == role::caller && !timer_running(timer::ice_grace)) {
        arm(timer::ice_grace, ice_grace_ms, out);
    }
    if (!timer_running(timer::lost)) arm(timer::lost, lost_timeout_ms_, out);
    return out;
}

actions call_machine::on_connection_failed(pc_id pc) {
    actions out;
    if (!is_current(pc)) return out;
    if (state_ == state::connecting) {
        std::string who = peer_;
        end_call(state::ended, "Could not connect to " + who, true, end_reason::connection_lost,
                 out);
        return out;
    }
    if (state_ != state::in_call) return out;
    if (!media_down_) {
        media_down_ = true;
        status(out, "Connection to " + peer_ + " interrupted; restoring it...");
    }
    if (role_ == role::caller) {
        restart_ice(out);
        // Tried again after the grace period if this restart does not bring it back.
        arm(timer::ice_grace, ice_grace_ms, out);
    }
    if (!timer_running(timer::lost)) arm(timer::lost, lost_timeout_ms_, out);
    return out;
}

actions call_machine::on_failed(pc_id pc, std::string const& reason) {
    actions out;
    if (!is_current(pc) || !call_kept()) return out;
    if (state_ == state::in_call) {
        // A renegotiation went wrong, but the media may still flow: the call stands, and the
        // connection's own state (and lostTimeout) decide its fate. The next restart may try.
        making_offer_ = false;
        offer_in_flight_ = false;
        applying_remote_ = false;
        answering_ = false;
        return out;
    }
    std::string text = "Call with " + peer_ + " failed";
    if (!reason.empty()) text += ": " + reason;
    end_call(state::ended, std::move(text), true, end_reason::connection_lost, out);
    return out;
}

// --- the clock ----------------------------------------------------------------------------

actions call_machine::on_timer(timer which) {
    actions out;
    if (!timer_running(which)) return out;  // cancelled, or already handled
    armed_ &= ~bit(which);
    switch (which) {
        case timer::ring:
            if (state_ == state::ringing_out) {
                std::string who = peer_;
                end_call(state::ended, "No answer from " + who, true, end_reason::no_answer, out);
            } else if (state_ == state::ringing_in) {
                std::string who = peer_;
                end_call(state::ended, "Missed call from " + who, true, end_reason::no_answer, out);
            }
            break;
        case timer::ice_grace:
            if (state_ == state::in_call && media_down_) {
                restart_ice(out);
                arm(timer::ice_grace, ice_grace_ms, out);
            }
            break;
        case timer::lost:
            if (call_kept()) {
                end_call(state::ended, "Connection lost", true, end_reason::connection_lost, out);
            }
            break;
        case timer::ice_refresh:
            if (signed_in_now()) {
                send(proto::to_server::refresh_ice{}, out);
                // Again later should this request or its reply be lost; a reply re-arms it.
                if (ice_ttl_ > 0) arm(timer::ice_refresh, std::max(ice_ttl_ * 800, 500), out);
            }
            break;
        case timer::reconnect:
            if (signaling_ == signaling::reconnecting) out.emplace_back(act::connect_signaling{});
            break;
    }
    return out;
}

bool call_machine::timer_running(timer t) const { return (armed_ & bit(t)) != 0; }

// --- internals ----------------------------------------------------------------------------

void call_machine::send(proto::to_server::message m, actions& out) {
    if (signaling_ == signaling::reconnecting) {
        if (outbox_.size() < max_queued_messages) outbox_.push_back(std::move(m));
        return;
    }
    out.emplace_back(act::send{std::move(m)});
}

void call_machine::arm(timer t, int ms, actions& out) {
    armed_ |= bit(t);
    out.emplace_back(act::start_timer{t, ms});
}

void call_machine::disarm(timer t, actions& out) {
    if (!timer_running(t)) return;
    armed_ &= ~bit(t);
    out.emplace_back(act::cancel_timer{t});
}

void call_machine::begin_call(state s, role r, std::string const& peer) {
    reset_call();
    state_ = s;
    role_ = r;
    peer_ = peer;
}

void call_machine::start_connecting(role r, actions& out) {
    state_ = state::connecting;
    role_ = r;
    // Guards the setup too: a camera prompt nobody answers, or ICE that never settles.
    arm(timer::lost, lost_timeout_ms_, out);
    status(out, "Connecting to " + peer_ + "...");
    ensure_media(out);
    negotiate_if_ready(out);
}

void call_machine::ensure_media(actions& out) {
    if (media_ != media::not_requested) return;
    media_ = media::pending;
    out.emplace_back(act::request_media{});
}

// The connection is made once the call is accepted and getUserMedia has settled (so the
// tracks go into the first offer or answer); the callee also needs the caller's offer.
void call_machine::negotiate_if_ready(actions& out) {
    if (state_ != state::connecting || pc_ != 0 || !media_settled()) return;
    if (role_ == role::caller) {
        create_peer(out);
        make_offer(false, out);
    } else if (!pending_offer_.is_null()) {
        create_peer(out);
        apply_remote(std::exchange(pending_offer_, nullptr), true, out);
    }
}

void call_machine::create_peer(actions& out) {
    pc_ = ++last_pc_;
    if (pc_ == 0) pc_ = ++last_pc_;  // 0 means "none", even after wrapping
    out.emplace_back(act::create_peer_connection{pc_});
}

void call_machine::make_offer(bool ice_restart, actions& out) {
    making_offer_ = true;
    offer_in_flight_ = true;
    out.emplace_back(act::create_offer{pc_, ice_restart});
}

void call_machine::apply_remote(json sdp, bool is_offer, actions& out) {
    applying_remote_ = true;
    remote_is_offer_ = is_offer;
    out.emplace_back(act::set_remote_description{pc_, std::move(sdp)});
}

// An offer from the peer of a call that is connecting or up: the callee's first offer, or a
// renegotiation (an ICE restart). Perfect negotiation decides a collision with our own offer.
void call_machine::handle_peer_offer(json sdp, actions& out) {
    if (pc_ == 0) {
        if (role_ == role::caller) return;  // our offer is not even made yet: it wins
        pending_offer_ = std::move(sdp);
        negotiate_if_ready(out);
        return;
    }
    if (applying_remote_ || answering_) return;  // mid-answer to its previous offer
    if (offer_in_flight_) {
        if (!is_polite(self_, peer_)) return;  // impolite: ours stands, theirs is dropped
        // Polite: ours is rolled back (set_remote_description does it) and theirs answered.
        making_offer_ = false;
        offer_in_flight_ = false;
        if (state_ == state::connecting) role_ = role::callee;
    }
    apply_remote(std::move(sdp), true, out);
}

void call_machine::restart_ice(actions& out) {
    if (role_ != role::caller || pc_ == 0 || !local_sent_) return;
    if (offer_in_flight_ || applying_remote_ || answering_) return;
    make_offer(true, out);
}

void call_machine::end_call(state next, std::string text, bool tell_peer, end_reason reason,
                            actions& out) {
    if (tell_peer) send(proto::to_server::leave{peer_, reason}, out);
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    disarm(timer::ring, out);
    disarm(timer::ice_grace, out);
    disarm(timer::lost, out);
    reset_call();
    state_ = next;
    status(out, std::move(text));
}

void call_machine::reset_call() {
    state_ = state::idle;
    role_ = role::none;
    peer_.clear();
    pc_ = 0;
    tutorial_ = false;
    pending_offer_ = nullptr;
    local_sent_ = false;
    remote_applied_ = false;
    making_offer_ = false;
    offer_in_flight_ = false;
    applying_remote_ = false;
    remote_is_offer_ = false;
    answering_ = false;
    media_down_ = false;
    remote_queue_.clear();
    local_queue_.clear();
}

}  // namespace duet::call
