// The client's call state machine: who we are talking to, what the browser must do next.
//
// Sans-I/O: it never touches the browser, the socket or a clock. The app feeds it what
// happened (a button, a signaling message, a browser result, a timer firing) and applies the
// actions it returns, in order. Time is actions too: `start_timer` asks the app to call
// on_timer(which) after so many milliseconds, so every timeout can be tested without waiting.
// Every browser result carries the id of the peer connection it came from, so a result that
// was already queued when that connection was closed is recognised and dropped.
//
// The rules are docs/call_control.md, "Client rules": a ring before the offer, Accept /
// Decline / Cancel, the glare rule, perfect negotiation inside a call, ICE restarts, and a
// call that survives the loss of the signaling connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/protocol.hpp"

namespace duet::call {

using json = protocol::json;

enum class state {
    idle,         // signed in, no call
    ringing_out,  // we rang the peer and wait for its accept
    ringing_in,   // the peer rings us: Accept or Decline
    connecting,   // accepted; the peer connection is being set up
    in_call,      // media flows (or is being restored: see media_interrupted())
    ended,        // the last call is over; the status says why; a new call may start
};
std::string_view to_string(state s);

// Which side sends the offers: whoever's ring was accepted (or who sent a tutorial offer).
// Only the caller restarts ICE, so the two sides never both try.
enum class role { none, caller, callee };

// The signaling connection as the machine sees it. While `reconnecting` the call is kept and
// every message the machine sends waits in a queue until the login after the reconnect.
enum class signaling { signed_out, online, reconnecting };

// Identifies one RTCPeerConnection; 0 means none.
using pc_id = std::uint32_t;

// The app's timers, one of each at most. Starting one that runs restarts it.
enum class timer {
    ring,         // ringTimeout: an unanswered ring gives up
    ice_grace,    // a `disconnected` connection gets this long before the caller restarts ICE
    lost,         // lostTimeout: media not (re)connected by then ends the call
    ice_refresh,  // 80% of iceTtl: ask for fresh TURN credentials
    reconnect,    // the next attempt to open the signaling socket
};
std::string_view to_string(timer t);

// A `disconnected` ICE connection often recovers by itself within a second or two (a brief
// loss on Wi-Fi); restarting at once would only add signaling.
inline constexpr int ice_grace_ms = 2000;

// Delay before reconnect attempt `attempt` (0-based): 0, 0.5, 1, 2, 4 s, then every 5 s. The
// first is immediate because most drops are a server restart or a network switch that is
// already over; the cap keeps a long outage from hammering the server.
int reconnect_delay_ms(int attempt);

// Perfect negotiation's glare rule (webrtc/samples, "perfect negotiation"): when both users
// call each other at once, the polite one gives up its own attempt and takes the other's.
// Both sides evaluate it with the names swapped, so exactly one of them is polite.
bool is_polite(std::string_view self, std::string_view peer);

namespace act {
struct send {
    protocol::to_server::message message;
};
struct connect_signaling {};  // open the signaling WebSocket (a reconnect attempt)
struct request_media {};      // getUserMedia for camera and microphone
struct create_peer_connection {
    pc_id pc;
};
struct create_offer {  // createOffer, then setLocalDescription with it
    pc_id pc;
    bool ice_restart = false;  // createOffer({iceRestart: true})
};
struct create_answer {  // createAnswer, then setLocalDescription with it
    pc_id pc;
};
// An offer applied while our own offer is outstanding rolls that back first (the polite
// side of a collision); the browser does this on its own where it has implicit rollback.
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
// For new peer connections, and for a live one through setConfiguration.
struct set_ice_servers {
    std::vector<protocol::ice_server> servers;
    std::string transport_policy;  // iceTransportPolicy: "all", "relay", or empty (default)
};
struct start_timer {
    timer which;
    int ms;
};
struct cancel_timer {
    timer which;
};
struct set_status {
    std::string text;
};
// Someone tried to call while we were busy: the notice "X tried to call you".
struct missed_call {
    std::string from;
};
}  // namespace act

using action =
    std::variant<act::send, act::connect_signaling, act::request_media, act::create_peer_connection,
                 act::create_offer, act::create_answer, act::set_remote_description,
                 act::add_ice_candidate, act::close_peer_connection, act::set_ice_servers,
                 act::start_timer, act::cancel_timer, act::set_status, act::missed_call>;
using actions = std::vector<action>;

// Remote candidates wait for the remote description; local ones wait for our offer or answer
// to be sent. A peer that sends more than this before either happens is misbehaving.
inline constexpr std::size_t max_queued_candidates = 256;
// Messages held while the signaling socket is down: a call's worth of candidates and a few
// descriptions. Beyond that the call cannot be saved by replaying them anyway.
inline constexpr std::size_t max_queued_messages = max_queued_candidates + 16;
// Users kept from `presence`; a larger crowd than a call screen can list.
inline constexpr std::size_t max_roster = 5000;

class call_machine {
  public:
    // --- the user ---
    // What Sign in sends: our features, the token when signing in again under the name it
    // reclaims, and the peer of a call that is still up.
    protocol::to_server::login login_request(std::string const& name) const;
    actions signed_in(protocol::to_client::login_result const& r);
    actions signed_in(std::string name);  // a login reply with the server's defaults
    actions call(std::string const& name);
    actions accept();   // ringing_in: take the call
    actions decline();  // ringing_in: refuse it
    actions cancel();   // ringing_out (or connecting as the caller): give up
    actions hang_up();  // whatever fits the state: cancel, decline, or end the call
    // The server replaced us or a reconnect's login failed: back to signed out.
    actions signed_out(std::string text);

    // --- the signaling server ---
    actions on_call(protocol::to_client::call const& m);
    actions on_accept(protocol::to_client::accept const& m);
    actions on_offer(protocol::to_client::offer const& m);
    actions on_answer(protocol::to_client::answer const& m);
    actions on_candidate(protocol::to_client::candidate const& m);
    actions on_leave(protocol::to_client::leave const& m);
    actions on_missed(protocol::to_client::missed const& m);
    actions on_error(protocol::to_client::error const& m);
    actions on_presence(protocol::to_client::presence const& m);
    actions on_ice_servers(protocol::to_client::ice_servers const& m);
    // The socket closed: keeps the call, schedules a reconnect. Nothing when signed out.
    actions on_signaling_lost();
    // The socket opened: after a loss, the login that reclaims our name and relinks the call.
    actions on_signaling_open();
    // A login reply refused us; after a loss that signs us out.
    actions on_login_failed(protocol::to_client::login_result const& r);

    // --- the browser ---
    actions on_media_ready();
    actions on_media_denied();
    actions on_local_description(pc_id pc, json sdp);
    actions on_remote_description_applied(pc_id pc);
    actions on_ice_candidate(pc_id pc, json candidate);
    actions on_connected(pc_id pc);
    actions on_disconnected(pc_id pc);       // ICE lost the path; it may come back
    actions on_connection_failed(pc_id pc);  // ICE gave up
    // One of the calls that set the connection up was rejected (or it could not be made).
    actions on_failed(pc_id pc, std::string const& reason);

    // --- the clock ---
    actions on_timer(timer which);

    state current_state() const { return state_; }
    role current_role() const { return role_; }
    signaling signaling_state() const { return signaling_; }
    bool reconnecting() const { return signaling_ == signaling::reconnecting; }
    std::string const& self() const { return self_; }
    std::string const& peer() const { return peer_; }  // empty unless a call is on
    pc_id current_pc() const { return pc_; }
    // In a call whose media path is down and being restored.
    bool media_interrupted() const { return state_ == state::in_call && media_down_; }
    bool presence_enabled() const { return presence_enabled_; }
    // Everyone else online, by name.
    std::vector<protocol::to_client::presence_entry> const& roster() const { return roster_; }
    bool timer_running(timer t) const;
    int ring_timeout_ms() const { return ring_timeout_ms_; }
    int lost_timeout_ms() const { return lost_timeout_ms_; }
    std::size_t queued_remote_candidates() const { return remote_queue_.size(); }
    std::size_t queued_local_candidates() const { return local_queue_.size(); }
    std::size_t queued_messages() const { return outbox_.size(); }

  private:
    enum class media { not_requested, pending, ready, denied };

    bool signed_in_now() const { return signaling_ != signaling::signed_out; }
    bool has_call() const { return state_ != state::idle && state_ != state::ended; }
    // The call's media is set up or up: it outlives the signaling socket.
    bool call_kept() const { return state_ == state::connecting || state_ == state::in_call; }
    bool is_current(pc_id pc) const { return pc != 0 && pc == pc_; }
    bool media_settled() const { return media_ == media::ready || media_ == media::denied; }

    void send(protocol::to_server::message m, actions& out);
    void arm(timer t, int ms, actions& out);
    void disarm(timer t, actions& out);
    void begin_call(state s, role r, std::string const& peer);
    void start_connecting(role r, actions& out);
    void ensure_media(actions& out);
    void negotiate_if_ready(actions& out);
    void create_peer(actions& out);
    void make_offer(bool ice_restart, actions& out);
    void apply_remote(json sdp, bool is_offer, actions& out);
    void handle_peer_offer(json sdp, actions& out);
    void restart_ice(actions& out);
    void end_call(state next, std::string text, bool tell_peer, protocol::end_reason reason,
                  actions& out);
    void reset_call();

    state state_ = state::idle;
    role role_ = role::none;
    signaling signaling_ = signaling::signed_out;
    media media_ = media::not_requested;
    std::string self_;
    std::string peer_;

    // From the login reply.
    std::string token_name_;  // the name the token reclaims
    std::string token_;
    int ring_timeout_ms_ = 30000;
    int lost_timeout_ms_ = 30000;
    int ice_ttl_ = 0;
    std::string transport_policy_;
    std::vector<protocol::ice_server> ice_servers_;
    bool presence_enabled_ = false;
    std::vector<protocol::to_client::presence_entry> roster_;

    pc_id pc_ = 0;
    pc_id last_pc_ = 0;
    bool tutorial_ = false;  // the call began with a bare offer (a tutorial client), no ring
    json pending_offer_;     // an offer waiting for Accept, or for the camera
    // Negotiation, after perfect negotiation's makingOffer / signalingState.
    bool local_sent_ = false;       // our first offer or answer has gone to the peer
    bool remote_applied_ = false;   // a remote description has been applied
    bool making_offer_ = false;     // createOffer..setLocalDescription, not yet sent
    bool offer_in_flight_ = false;  // our offer is out and its answer not yet applied
    bool applying_remote_ = false;  // setRemoteDescription in progress
    bool remote_is_offer_ = false;  // ... of an offer, so an answer follows
    bool answering_ = false;        // createAnswer..setLocalDescription, not yet sent
    bool media_down_ = false;       // in a call, and ICE is disconnected or failed
    std::vector<json> remote_queue_;
    std::vector<json> local_queue_;

    std::deque<protocol::to_server::message> outbox_;  // held while reconnecting
    int reconnect_attempt_ = 0;
    unsigned armed_ = 0;  // a bit per timer
};

}  // namespace duet::call
