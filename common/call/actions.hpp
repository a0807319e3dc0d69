// The words the call logic and the app share: the states a call goes through, the timers the
// app runs for it, and the actions it asks the app to carry out, in order.
//
// Sans-I/O: the logic never touches the browser, the socket or a clock. Time is actions too:
// `start_timer` asks the app to call on_timer(which) after so many milliseconds, so every
// timeout can be tested without waiting. Every browser action names the peer connection it
// is for, so a result of one already closed is recognised and dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "call/status_text.hpp"
#include "protocol/protocol.hpp"

namespace duet::call {

using json = protocol::json;

enum class state {
    idle,         // signed in, no call
    ringing_out,  // we rang the partner and wait for its accept
    ringing_in,   // the partner rings us: Accept or Decline
    connecting,   // accepted; the peer connection is being set up
    in_call,      // media flows (or is being restored: see media_interrupted())
    ended,        // the last call is over; the status says why; a new call may start
};
std::string_view to_string(state s);

// Which side sends the offers: whoever's ring was accepted (or who sent a tutorial offer).
// Only the caller restarts ICE, so the two sides never both try.
enum class role { none, caller, callee };

// The signaling connection as the call sees it. While `reconnecting` the call is kept and
// every message sent waits in the outbox until the login after the reconnect.
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
    search,       // the person stopped typing in the search field: the search goes out
};
std::string_view to_string(timer t);

namespace act {
struct send {
    protocol::to_server::message message;
};
struct connect_signaling {};  // open the signaling WebSocket unless it is open or opening
struct request_media {};      // getUserMedia for camera and microphone
struct create_peer_connection {
    pc_id pc;
};
// createOffer; the result comes back as on_offer_created, which decides whether it is set.
struct create_offer {
    pc_id pc;
    bool ice_restart = false;  // createOffer({iceRestart: true})
};
// setLocalDescription with an offer made by create_offer.
struct set_local_description {
    pc_id pc;
    json sdp;
};
struct create_answer {  // createAnswer, then setLocalDescription with it
    pc_id pc;
};
struct set_remote_description {
    pc_id pc;
    json sdp;
    // Roll our own offer back first: the polite side of a collision (perfect negotiation).
    bool rollback = false;
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
    call::status status;
};
// Someone tried to call while we were busy: the notice "X tried to call you".
struct missed_call {
    std::string from;
};
}  // namespace act

using action =
    std::variant<act::send, act::connect_signaling, act::request_media, act::create_peer_connection,
                 act::create_offer, act::set_local_description, act::create_answer,
                 act::set_remote_description, act::add_ice_candidate, act::close_peer_connection,
                 act::set_ice_servers, act::start_timer, act::cancel_timer, act::set_status,
                 act::missed_call>;
using actions = std::vector<action>;

}  // namespace duet::call
