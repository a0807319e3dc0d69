// The client's call state machine: who we are talking to, what the browser must do next.
//
// Sans-I/O: it never touches the browser or the socket. The app feeds it what happened (a
// button, a signaling message, a browser result) and applies the actions it returns, in
// order. Every browser result carries the id of the peer connection it came from, so a
// result that was already queued when that connection was closed is recognised and dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol.hpp"

namespace duet::call {

using json = protocol::json;

enum class state {
    idle,     // signed in, no call
    calling,  // a call is being set up (either side), not yet connected
    in_call,  // media flows
    ended,    // the last call is over; the status says why; a new call may start
};
std::string_view to_string(state s);

// Which side sends the offer. The caller is whoever pressed Call.
enum class role { none, caller, callee };

// Identifies one RTCPeerConnection; 0 means none.
using pc_id = std::uint32_t;

// Perfect negotiation's glare rule (webrtc/samples, "perfect negotiation"): when both users
// call each other at once, the polite one drops its own offer and answers the other's. Both
// sides evaluate it with the names swapped, so exactly one of them is polite.
bool is_polite(std::string_view self, std::string_view peer);

namespace act {
struct send {
    protocol::to_server::message message;
};
struct request_media {};  // getUserMedia for camera and microphone
struct create_peer_connection {
    pc_id pc;
};
struct create_offer {  // createOffer, then setLocalDescription with it
    pc_id pc;
};
struct create_answer {  // createAnswer, then setLocalDescription with it
    pc_id pc;
};
struct set_remote_description {
    pc_id pc;
    json sdp;
};
struct add_ice_candidate {
    pc_id pc;
    json candidate;
};
struct close_peer_connection {
    pc_id pc;
};
struct set_status {
    std::string text;
};
}  // namespace act

using action = std::variant<act::send, act::request_media, act::create_peer_connection,
                            act::create_offer, act::create_answer, act::set_remote_description,
                            act::add_ice_candidate, act::close_peer_connection, act::set_status>;
using actions = std::vector<action>;

// Remote candidates wait for the remote description; local ones wait for our offer or answer
// to be sent. A peer that sends more than this before either happens is misbehaving.
inline constexpr std::size_t max_queued_candidates = 256;

class call_machine {
  public:
    // --- the user ---
    actions signed_in(std::string name);
    actions call(std::string const& name);
    actions hang_up();

    // --- the signaling server ---
    actions on_offer(protocol::to_client::offer const& m);
    actions on_answer(protocol::to_client::answer const& m);
    actions on_candidate(protocol::to_client::candidate const& m);
    actions on_leave(protocol::to_client::leave const& m);
    actions on_error(protocol::to_client::error const& m);
    actions on_signaling_lost();

    // --- the browser ---
    actions on_media_ready();
    actions on_media_denied();
    actions on_local_description(pc_id pc, json sdp);
    actions on_remote_description_applied(pc_id pc);
    actions on_ice_candidate(pc_id pc, json candidate);
    actions on_connected(pc_id pc);
    // The connection failed, or one of the calls that set it up was rejected.
    actions on_failed(pc_id pc, std::string const& reason);

    state current_state() const { return state_; }
    role current_role() const { return role_; }
    std::string const& self() const { return self_; }
    std::string const& peer() const { return peer_; }  // empty unless calling or in_call
    pc_id current_pc() const { return pc_; }
    std::size_t queued_remote_candidates() const { return remote_queue_.size(); }
    std::size_t queued_local_candidates() const { return local_queue_.size(); }

  private:
    enum class media { not_requested, pending, ready, denied };

    // Fresh per-call state for a call with `peer` in which we play `r`.
    void begin_call(role r, std::string const& peer);
    void start_call_as_callee(std::string const& from, json sdp, actions& out);
    void create_peer(actions& out);
    void end_call(state next, std::string status, bool tell_peer, actions& out);
    bool is_current(pc_id pc) const { return pc != 0 && pc == pc_; }
    bool in_progress() const { return state_ == state::calling || state_ == state::in_call; }

    state state_ = state::idle;
    role role_ = role::none;
    media media_ = media::not_requested;
    std::string self_;
    std::string peer_;
    pc_id pc_ = 0;
    pc_id last_pc_ = 0;
    bool waiting_for_media_ = false;  // the call starts once getUserMedia has settled
    json pending_offer_;              // the callee's offer while waiting for media
    bool local_sent_ = false;         // our offer or answer has gone to the peer
    bool remote_applied_ = false;     // setRemoteDescription has resolved
    std::vector<json> remote_queue_;
    std::vector<json> local_queue_;
};

}  // namespace duet::call
