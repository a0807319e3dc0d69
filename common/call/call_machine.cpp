// The call's lifecycle (see call_machine.hpp); negotiation, the signaling link, ICE refresh,
// the roster and the wording are their own files.
#include "call/call_machine.hpp"

#include <utility>

#include "protocol/names.hpp"

namespace duet::call {

namespace proto = protocol;
using proto::end_reason;

namespace {

void say(actions& out, status s) { out.emplace_back(act::set_status{std::move(s)}); }
void say(actions& out, status_code c, std::string who = {}) { say(out, status{c, std::move(who)}); }

unsigned bit(timer t) { return 1u << unsigned(t); }

// What the other side's `leave` means to us, given how far the call had got.
status_code leave_status(end_reason r, state s) {
    // For the callee any end of a ring it never answered is a missed call.
    if (s == state::ringing_in && r != end_reason::connection_lost) return status_code::missed;
    switch (r) {
        case end_reason::hung_up:
            return status_code::hung_up;
        case end_reason::declined:
            return status_code::declined;
        case end_reason::cancelled:
            return status_code::cancelled;
        case end_reason::no_answer:
            return status_code::no_answer;
        case end_reason::busy:
            return status_code::busy;
        case end_reason::connection_lost:
            // A call that never connected was not lost: the partner's side could not make
            // the connection at all (a browser without WebRTC, ICE that never got through).
            return s == state::in_call ? status_code::connection_lost
                                       : status_code::could_not_connect;
    }
    return status_code::hung_up;
}

}  // namespace

// --- the user -----------------------------------------------------------------------------

actions call_machine::call(std::string const& name) {
    actions out;
    if (!signed_in_now() || has_call()) return out;
    if (reconnecting()) {
        say(out, status_code::not_connected);
        return out;
    }
    if (name.empty()) {
        say(out, status_code::enter_name);
        return out;
    }
    if (auto invalid = proto::validate_name(name)) {
        say(out, status{status_code::message, {}, invalid->message, 0, invalid->code});
        return out;
    }
    // The server refuses this too; saying so here avoids a round trip.
    if (name == self_) {
        say(out, status_code::cannot_call_self);
        return out;
    }
    begin_call(state::ringing_out, role::caller, name);
    send(proto::to_server::call{partner_}, out);
    arm(timer::ring, ring_timeout_ms_, out);
    // The caller chose to call: its camera may start now, so the preview is up by the time
    // the callee answers (and the permission prompt comes with the press that caused it).
    ensure_media(out);
    say(out, about_partner(status_code::calling));
    return out;
}

actions call_machine::accept() {
    actions out;
    if (state_ != state::ringing_in) return out;
    disarm(timer::ring, out);
    // A tutorial caller does not know `accept`: answering its offer is the acceptance.
    if (!tutorial_) send(proto::to_server::accept{partner_}, out);
    start_connecting(role::callee, out);
    return out;
}

actions call_machine::decline() {
    actions out;
    if (state_ != state::ringing_in) return out;
    end_call(state::ended, about_partner(status_code::declined_by_us), true, end_reason::declined,
             out);
    return out;
}

actions call_machine::cancel() {
    actions out;
    if (!allowed_now().cancel) return out;
    end_call(state::ended, about_partner(status_code::cancelled_by_us), true, end_reason::cancelled,
             out);
    return out;
}

actions call_machine::hang_up() {
    if (state_ == state::ringing_out) return cancel();
    if (state_ == state::ringing_in) return decline();
    actions out;
    if (!call_kept()) return out;
    end_call(state::ended, about_partner(status_code::ended_by_us), true, end_reason::hung_up, out);
    return out;
}

allowed allowed_in(state s, role r) {
    allowed a;
    a.call = s == state::idle || s == state::ended;
    a.cancel = s == state::ringing_out || (s == state::connecting && r == role::caller);
    a.hang_up = s == state::connecting || s == state::in_call;  // the call is kept
    a.answer = s == state::ringing_in;
    return a;
}

allowed call_machine::allowed_now() const { return allowed_in(state_, role_); }

// --- the signaling server -----------------------------------------------------------------

actions call_machine::on_call(proto::to_client::call const& m) {
    actions out;
    if (!signed_in_now() || m.from.empty() || m.from == self_) return out;
    if (!has_call()) {
        begin_call(state::ringing_in, role::callee, m.from);
        arm(timer::ring, ring_timeout_ms_, out);
        say(out, status_code::incoming, m.from);
        return out;
    }
    if (m.from != partner_) {
        // The server answers `busy` for us; this is a ring that crossed a call starting.
        send(proto::to_server::leave{m.from, end_reason::busy}, out);
        out.emplace_back(act::missed_call{m.from});
        return out;
    }
    // Glare: we ring them and they ring us. The polite side takes their call; the other
    // ignores it and waits for the accept that the polite side sends.
    if (state_ == state::ringing_out && is_polite(self_, partner_)) {
        disarm(timer::ring, out);
        send(proto::to_server::accept{partner_}, out);
        start_connecting(role::callee, out);
    }
    return out;
}

actions call_machine::on_accept(proto::to_client::accept const& m) {
    actions out;
    if (state_ != state::ringing_out || m.from != partner_) return out;
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
        say(out, status_code::incoming, m.from);
        return out;
    }
    if (m.from != partner_) {
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
            if (!is_polite(self_, partner_)) return out;
            disarm(timer::ring, out);
            tutorial_ = true;
            pending_offer_ = m.sdp;
            start_connecting(role::callee, out);
            return out;
        default:
            handle_partner_offer(m.sdp, out);
            return out;
    }
}

actions call_machine::on_answer(proto::to_client::answer const& m) {
    actions out;
    if (!call_kept() || m.from != partner_ || pc_ == 0) return out;
    if (!negotiation_.answer_expected()) return out;
    apply_remote(m.sdp, false, out);
    return out;
}

actions call_machine::on_candidate(proto::to_client::candidate const& m) {
    actions out;
    if (!has_call() || m.from != partner_) return out;
    if (pc_ != 0 && negotiation_.can_add_remote_candidate()) {
        out.emplace_back(act::add_ice_candidate{pc_, m.candidate});
    } else {
        negotiation_.hold_remote_candidate(m.candidate);
    }
    return out;
}

actions call_machine::on_leave(proto::to_client::leave const& m) {
    actions out;
    if (!has_call() || m.from != partner_) return out;
    end_call(state::ended, status{leave_status(m.reason, state_), m.from}, false, m.reason, out);
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
    if (!m.user.empty() && m.user != partner_) return out;
    if (has_call() && !m.user.empty()) {
        using proto::error_code;
        switch (m.code) {
            case error_code::not_online:
                if (state_ == state::ringing_out) {
                    end_call(state::idle, about_partner(status_code::not_online), false,
                             end_reason::hung_up, out);
                    return out;
                }
                if (call_kept()) {
                    // The partner's socket is down, perhaps only for a moment: the call is
                    // kept (lostTimeout decides), and an ICE restart that did not reach it is
                    // tried again.
                    negotiation_.forget_offer();
                    return out;
                }
                end_call(state::ended, about_partner(status_code::not_online), false,
                         end_reason::hung_up, out);
                return out;
            case error_code::self_call:
                end_call(state::idle, status{status_code::message, {}, m.message, 0, m.code}, false,
                         end_reason::hung_up, out);
                return out;
            case error_code::busy:
                end_call(state::ended, about_partner(status_code::busy), false, end_reason::busy,
                         out);
                return out;
            case error_code::not_ringing:
                // Our accept came after the caller gave up.
                end_call(state::ended, about_partner(status_code::missed), false,
                         end_reason::hung_up, out);
                return out;
            default:
                break;
        }
    }
    if (m.code == proto::error_code::already_in_call && state_ == state::ringing_out) {
        end_call(state::ended, status{status_code::already_in_call, {}, m.message, 0, m.code},
                 false,
                 end_reason::hung_up, out);
        return out;
    }
    if (!m.message.empty()) say(out, status{status_code::message, {}, m.message, 0, m.code});
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
                end_call(state::ended, about_partner(status_code::no_answer), true,
                         end_reason::no_answer, out);
            } else if (state_ == state::ringing_in) {
                end_call(state::ended, about_partner(status_code::missed), true,
                         end_reason::no_answer, out);
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
                end_call(state::ended, status{status_code::connection_lost}, true,
                         end_reason::connection_lost, out);
            }
            break;
        case timer::ice_refresh:
            if (signed_in_now()) {
                send(proto::to_server::refresh_ice{}, out);
                // Again later should this request or its reply be lost; a reply re-arms it.
                arm_ice_refresh(out);
            }
            break;
        case timer::search:
            send_search(out);
            break;
        case timer::reconnect:
            if (auto next_slot = link_.on_reconnect_due(call_kept())) {
                // A socket still open is one whose last login was refused for now: the
                // login goes again over it.
                if (link_.socket_open()) {
                    link_.send_now(login_request(self_), out);
                } else {
                    out.emplace_back(act::connect_signaling{});
                }
                arm(timer::reconnect, *next_slot, out);
            } else if (auto retry_slot = link_.on_login_retry_due(out)) {
                arm(timer::reconnect, *retry_slot, out);
            }
            break;
    }
    return out;
}

bool call_machine::timer_running(timer t) const { return (armed_ & bit(t)) != 0; }

// --- internals ----------------------------------------------------------------------------

void call_machine::send(proto::to_server::message m, actions& out) {
    link_.send(std::move(m), out);
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

void call_machine::begin_call(state s, role r, std::string const& partner) {
    reset_call();
    state_ = s;
    role_ = r;
    partner_ = partner;
}

void call_machine::start_connecting(role r, actions& out) {
    state_ = state::connecting;
    role_ = r;
    // Guards the setup too: a camera prompt nobody answers, or ICE that never settles.
    arm(timer::lost, lost_timeout_ms_, out);
    say(out, about_partner(status_code::connecting));
    ensure_media(out);
    negotiate_if_ready(out);
}

void call_machine::end_call(state next, status why, bool tell_partner, end_reason reason,
                            actions& out) {
    if (tell_partner) send(proto::to_server::leave{partner_, reason}, out);
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    disarm(timer::ring, out);
    disarm(timer::ice_grace, out);
    disarm(timer::lost, out);
    reset_call();
    state_ = next;
    say(out, std::move(why));
}

void call_machine::reset_call() {
    state_ = state::idle;
    role_ = role::none;
    partner_.clear();
    pc_ = 0;
    tutorial_ = false;
    pending_offer_ = nullptr;
    negotiation_.reset();
    media_down_ = false;
}

}  // namespace duet::call
