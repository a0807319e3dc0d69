// The client's side of the signaling connection: signing in, reconnecting with backoff, and
// the one outbox every outgoing message passes through.
//
// Nothing reaches the socket but through `send`, which holds a message until it can go: until
// the socket opens (a login pressed while it connects), or, after a loss, until the login
// that reclaims our name has succeeded (what a call said meanwhile, in order). The socket
// itself holds nothing.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include "call/actions.hpp"
#include "call/negotiation.hpp"
#include "protocol/protocol.hpp"

namespace duet::call {

// Messages held while the signaling socket is down: a call's worth of candidates and a few
// descriptions. Beyond that the call cannot be saved by replaying them anyway.
inline constexpr std::size_t max_queued_messages = max_queued_candidates + 16;

// Delay before reconnect attempt `attempt` (0-based): 0, 0.5, 1, 2, 4 s, then every 5 s. The
// first is immediate because most drops are a server restart or a network switch that is
// already over; the cap keeps a long outage from hammering the server.
int reconnect_delay_ms(int attempt);

class signaling_link {
  public:
    signaling state() const { return state_; }
    bool socket_open() const { return socket_open_; }

    // What Sign in sends: our features, and the token when signing in again under the name
    // it reclaims. `partner` is that of a call still up (empty if none).
    protocol::to_server::login login_request(std::string const& name,
                                             std::string const& partner) const;
    // A fresh sign-in: the login goes out now, or when the socket opens (which it is asked to).
    void sign_in(protocol::to_server::login login, actions& out);
    // Out now if it can go, else into the outbox (dropped beyond max_queued_messages).
    void send(protocol::to_server::message m, actions& out);

    // The login reply accepted us: online, and the outbox goes out in order.
    void on_signed_in(protocol::to_client::login_result const& r, actions& out);
    // The socket opened. After a loss this is the moment to log in again: true.
    bool on_socket_open(actions& out);
    // The socket closed. Signed in, the connection is being restored: the delay before the
    // next attempt. Signed out, whatever waited for this socket is dropped with it.
    std::optional<int> on_socket_closed();
    // Straight out on an open socket, not queued: the reconnect's login ends the queueing.
    void send_now(protocol::to_server::message m, actions& out);
    void sign_out();

    std::size_t queued() const { return outbox_.size(); }

  private:
    signaling state_ = signaling::signed_out;
    bool socket_open_ = false;
    int attempt_ = 0;
    std::string token_name_;  // the name the token reclaims
    std::string token_;
    std::deque<protocol::to_server::message> outbox_;
};

}  // namespace duet::call
