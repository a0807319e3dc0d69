#include "call_machine.hpp"

#include <utility>

#include "names.hpp"

namespace duet::call {

namespace proto = protocol;

std::string_view to_string(state s) {
    switch (s) {
        case state::idle:
            return "idle";
        case state::calling:
            return "calling";
        case state::in_call:
            return "in_call";
        case state::ended:
            return "ended";
    }
    return "idle";
}

bool is_polite(std::string_view self, std::string_view peer) { return self > peer; }

namespace {

void status(actions& out, std::string text) { out.emplace_back(act::set_status{std::move(text)}); }

}  // namespace

actions call_machine::signed_in(std::string name) {
    actions out;
    // A second sign-in (after the socket came back) starts from a clean slate.
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    pc_ = 0;
    state_ = state::idle;
    role_ = role::none;
    peer_.clear();
    waiting_for_media_ = false;
    pending_offer_ = nullptr;
    remote_queue_.clear();
    local_queue_.clear();
    self_ = std::move(name);
    status(out, "Signed in as " + self_);
    if (media_ == media::not_requested) {
        media_ = media::pending;
        out.emplace_back(act::request_media{});
    } else if (media_ == media::denied) {
        status(out, "Camera or microphone denied");
    }
    return out;
}

actions call_machine::call(std::string const& name) {
    actions out;
    if (self_.empty() || in_progress()) return out;
    if (name.empty()) {
        status(out, "Enter the name of the user to call");
        return out;
    }
    if (auto invalid = proto::validate_name(name)) {
        status(out, invalid->message);
        return out;
    }
    // The server refuses this too; saying so here avoids setting up a connection for nothing.
    if (name == self_) {
        status(out, "You cannot call yourself");
        return out;
    }
    begin_call(role::caller, name);
    status(out, "Calling " + peer_ + "...");
    if (media_ == media::pending) {
        waiting_for_media_ = true;
        return out;
    }
    create_peer(out);
    out.emplace_back(act::create_offer{pc_});
    return out;
}

actions call_machine::hang_up() {
    actions out;
    if (!in_progress()) return out;
    std::string who = peer_;
    end_call(state::ended, "Call with " + who + " ended", true, out);
    return out;
}

actions call_machine::on_offer(proto::to_client::offer const& m) {
    actions out;
    if (self_.empty() || m.from.empty()) return out;
    if (!in_progress()) {
        start_call_as_callee(m.from, m.sdp, out);
        return out;
    }
    if (m.from != peer_) {
        // Busy: decline, so the other caller is not left waiting. The server only unlinks the
        // two of us, never our current call.
        out.emplace_back(act::send{proto::to_server::leave{m.from}});
        return out;
    }
    // Both called each other at once (glare). The impolite side ignores the other's offer;
    // its own offer is answered by the polite side, which drops its connection and answers.
    bool our_offer_unanswered =
        state_ == state::calling && role_ == role::caller && !remote_applied_;
    if (our_offer_unanswered && is_polite(self_, peer_)) {
        if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
        pc_ = 0;
        waiting_for_media_ = false;
        start_call_as_callee(m.from, m.sdp, out);
    }
    return out;
}

actions call_machine::on_answer(proto::to_client::answer const& m) {
    actions out;
    if (!in_progress() || m.from != peer_ || role_ != role::caller) return out;
    if (pc_ == 0 || !local_sent_ || remote_applied_) return out;
    out.emplace_back(act::set_remote_description{pc_, m.sdp});
    return out;
}

actions call_machine::on_candidate(proto::to_client::candidate const& m) {
    actions out;
    if (!in_progress() || m.from != peer_) return out;
    if (pc_ != 0 && remote_applied_) {
        out.emplace_back(act::add_ice_candidate{pc_, m.candidate});
    } else if (remote_queue_.size() < max_queued_candidates) {
        remote_queue_.push_back(m.candidate);
    }
    return out;
}

actions call_machine::on_leave(proto::to_client::leave const& m) {
    actions out;
    if (!in_progress() || m.from != peer_) return out;
    end_call(state::ended, m.from + " hung up", false, out);
    return out;
}

actions call_machine::on_error(proto::to_client::error const& m) {
    actions out;
    // An error about someone we are no longer talking to is stale (a late candidate or leave).
    if (!m.user.empty() && m.user != peer_) return out;
    bool about_peer = in_progress() && !m.user.empty();
    if (about_peer && m.code == proto::error_code::not_online) {
        std::string text = peer_ + " is not online";
        end_call(state_ == state::calling ? state::idle : state::ended, std::move(text), false,
                 out);
        return out;
    }
    if (about_peer && m.code == proto::error_code::self_call) {
        end_call(state::idle, m.message, false, out);
        return out;
    }
    if (!m.message.empty()) status(out, m.message);
    return out;
}

actions call_machine::on_signaling_lost() {
    actions out;
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    pc_ = 0;
    state_ = state::idle;
    role_ = role::none;
    peer_.clear();
    self_.clear();
    waiting_for_media_ = false;
    pending_offer_ = nullptr;
    remote_queue_.clear();
    local_queue_.clear();
    status(out, "Disconnected from the server");
    return out;
}

actions call_machine::on_media_ready() {
    actions out;
    media_ = media::ready;
    if (!waiting_for_media_) return out;
    waiting_for_media_ = false;
    create_peer(out);
    if (role_ == role::caller) {
        out.emplace_back(act::create_offer{pc_});
    } else {
        out.emplace_back(act::set_remote_description{pc_, std::move(pending_offer_)});
        pending_offer_ = nullptr;
    }
    return out;
}

actions call_machine::on_media_denied() {
    // Without a camera the call still goes ahead, receive-only: seeing the other side is
    // better than nothing. The status says why our side is dark.
    actions out = on_media_ready();
    media_ = media::denied;
    out.insert(out.begin(), act::set_status{"Camera or microphone denied"});
    return out;
}

actions call_machine::on_local_description(pc_id pc, json sdp) {
    actions out;
    if (!is_current(pc) || !in_progress() || local_sent_) return out;
    if (role_ == role::caller) {
        out.emplace_back(act::send{proto::to_server::offer{peer_, std::move(sdp)}});
    } else {
        out.emplace_back(act::send{proto::to_server::answer{peer_, std::move(sdp)}});
    }
    local_sent_ = true;
    // The peer learns our candidates only after our description: it cannot use them before.
    for (auto& c : local_queue_) {
        out.emplace_back(act::send{proto::to_server::candidate{peer_, std::move(c)}});
    }
    local_queue_.clear();
    return out;
}

actions call_machine::on_remote_description_applied(pc_id pc) {
    actions out;
    if (!is_current(pc) || !in_progress() || remote_applied_) return out;
    remote_applied_ = true;
    if (role_ == role::callee) out.emplace_back(act::create_answer{pc_});
    for (auto& c : remote_queue_) out.emplace_back(act::add_ice_candidate{pc_, std::move(c)});
    remote_queue_.clear();
    return out;
}

actions call_machine::on_ice_candidate(pc_id pc, json candidate) {
    actions out;
    if (!is_current(pc) || !in_progress()) return out;
    if (local_sent_) {
        out.emplace_back(act::send{proto::to_server::candidate{peer_, std::move(candidate)}});
    } else if (local_queue_.size() < max_queued_candidates) {
        local_queue_.push_back(std::move(candidate));
    }
    return out;
}

actions call_machine::on_connected(pc_id pc) {
    actions out;
    if (!is_current(pc) || state_ != state::calling) return out;
    state_ = state::in_call;
    status(out, "Connected to " + peer_);
    return out;
}

actions call_machine::on_failed(pc_id pc, std::string const& reason) {
    actions out;
    if (!is_current(pc) || !in_progress()) return out;
    std::string text = "Call with " + peer_ + " failed";
    if (!reason.empty()) text += ": " + reason;
    end_call(state::ended, std::move(text), true, out);
    return out;
}

void call_machine::begin_call(role r, std::string const& peer) {
    state_ = state::calling;
    role_ = r;
    peer_ = peer;
    local_sent_ = false;
    remote_applied_ = false;
    remote_queue_.clear();
    local_queue_.clear();
}

void call_machine::start_call_as_callee(std::string const& from, json sdp, actions& out) {
    begin_call(role::callee, from);
    // The tutorial answers every call at once; ringing and accepting come later.
    status(out, "Call from " + peer_ + "...");
    if (media_ == media::pending) {
        waiting_for_media_ = true;
        pending_offer_ = std::move(sdp);
        return;
    }
    create_peer(out);
    out.emplace_back(act::set_remote_description{pc_, std::move(sdp)});
}

void call_machine::create_peer(actions& out) {
    pc_ = ++last_pc_;
    if (pc_ == 0) pc_ = ++last_pc_;  // 0 means "none", even after wrapping
    out.emplace_back(act::create_peer_connection{pc_});
}

void call_machine::end_call(state next, std::string text, bool tell_peer, actions& out) {
    if (tell_peer) out.emplace_back(act::send{proto::to_server::leave{peer_}});
    if (pc_ != 0) out.emplace_back(act::close_peer_connection{pc_});
    pc_ = 0;
    state_ = next;
    role_ = role::none;
    peer_.clear();
    waiting_for_media_ = false;
    pending_offer_ = nullptr;
    local_sent_ = false;
    remote_applied_ = false;
    remote_queue_.clear();
    local_queue_.clear();
    status(out, std::move(text));
}

}  // namespace duet::call
