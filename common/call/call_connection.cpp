// call_machine, the browser's side of a call: the camera, the peer connection's negotiation
// steps (perfect negotiation's bookkeeping is `negotiation`), and the health of its media
// path (ICE restarts, lostTimeout). Split from call_machine.cpp, which holds the ring and the
// end of a call, so each file reads as one story.
#include <utility>

#include "call/call_machine.hpp"

namespace duet::call {

namespace proto = protocol;
using proto::end_reason;

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
    out.emplace_back(act::set_status{status{status_code::camera_denied}});
    negotiate_if_ready(out);
    return out;
}

actions call_machine::on_offer_created(pc_id pc, json sdp) {
    actions out;
    if (!is_current(pc) || !call_kept()) return out;
    // Perfect negotiation, polite side: the partner's offer was taken while ours was being
    // made, so ours is dropped rather than set.
    if (!negotiation_.on_offer_created()) return out;
    out.emplace_back(act::set_local_description{pc_, std::move(sdp)});
    return out;
}

actions call_machine::on_local_description(pc_id pc, json sdp) {
    actions out;
    if (!is_current(pc) || !call_kept()) return out;
    std::string type;
    if (sdp.is_object() && sdp.contains("type") && sdp["type"].is_string()) {
        type = sdp["type"].get<std::string>();
    }
    switch (negotiation_.on_local_description(type)) {
        case negotiation::local_kind::offer:
            send(proto::to_server::offer{partner_, std::move(sdp)}, out);
            break;
        case negotiation::local_kind::answer:
            send(proto::to_server::answer{partner_, std::move(sdp)}, out);
            break;
        case negotiation::local_kind::drop:
            return out;
    }
    // The partner learns our candidates only after our description: it cannot use them before.
    for (auto& c : negotiation_.take_local_candidates_after_first_send()) {
        send(proto::to_server::candidate{partner_, std::move(c)}, out);
    }
    return out;
}

actions call_machine::on_remote_description_applied(pc_id pc) {
    actions out;
    if (!is_current(pc) || !call_kept() || !negotiation_.applying_remote()) return out;
    if (negotiation_.on_remote_applied()) out.emplace_back(act::create_answer{pc_});
    for (auto& c : negotiation_.take_remote_candidates()) {
        out.emplace_back(act::add_ice_candidate{pc_, std::move(c)});
    }
    return out;
}

actions call_machine::on_ice_candidate(pc_id pc, json candidate) {
    actions out;
    if (!is_current(pc) || !call_kept()) return out;
    if (negotiation_.can_send_local_candidate()) {
        send(proto::to_server::candidate{partner_, std::move(candidate)}, out);
    } else {
        negotiation_.hold_local_candidate(std::move(candidate));
    }
    return out;
}

actions call_machine::on_connected(pc_id pc) {
    actions out;
    if (!is_current(pc)) return out;
    if (state_ == state::connecting) {
        state_ = state::in_call;
        disarm(timer::lost, out);
        out.emplace_back(act::set_status{about_partner(status_code::connected)});
    } else if (state_ == state::in_call && media_down_) {
        media_down_ = false;
        disarm(timer::ice_grace, out);
        disarm(timer::lost, out);
        out.emplace_back(act::set_status{about_partner(status_code::connected)});
    }
    return out;
}

actions call_machine::on_disconnected(pc_id pc) {
    actions out;
    // While connecting, `lost` already runs; ICE reports `failed` if it gives up.
    if (!is_current(pc) || state_ != state::in_call) return out;
    interrupted(out);
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
        end_call(state::ended, about_partner(status_code::could_not_connect), true,
                 end_reason::connection_lost, out);
        return out;
    }
    if (state_ != state::in_call) return out;
    interrupted(out);
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
        negotiation_.forget_outstanding();
        return out;
    }
    end_call(state::ended, status{status_code::call_failed, partner_, reason}, true,
             end_reason::connection_lost, out);
    return out;
}

// --- internals ----------------------------------------------------------------------------

void call_machine::interrupted(actions& out) {
    if (media_down_) return;
    media_down_ = true;
    out.emplace_back(act::set_status{about_partner(status_code::interrupted)});
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
    negotiation_.start_offer();
    out.emplace_back(act::create_offer{pc_, ice_restart});
}

void call_machine::apply_remote(json sdp, bool is_offer, actions& out) {
    bool rollback = negotiation_.start_apply(is_offer);
    out.emplace_back(act::set_remote_description{pc_, std::move(sdp), rollback});
}

// An offer from the partner of a call that is connecting or up: the callee's first offer, or
// a renegotiation (an ICE restart). Perfect negotiation decides a collision with our offer.
void call_machine::handle_partner_offer(json sdp, actions& out) {
    if (pc_ == 0) {
        if (role_ == role::caller) return;  // our offer is not even made yet: it wins
        pending_offer_ = std::move(sdp);
        negotiate_if_ready(out);
        return;
    }
    switch (negotiation_.on_partner_offer(is_polite(self_, partner_))) {
        case negotiation::offer_verdict::ignore:
            return;
        case negotiation::offer_verdict::yield:
            // Ours is rolled back and theirs answered: we answer from now on.
            if (state_ == state::connecting) role_ = role::callee;
            break;
        case negotiation::offer_verdict::apply:
            break;
    }
    apply_remote(std::move(sdp), true, out);
}

void call_machine::restart_ice(actions& out) {
    if (role_ != role::caller || pc_ == 0 || !negotiation_.can_restart_ice()) return;
    make_offer(true, out);
}

}  // namespace duet::call
