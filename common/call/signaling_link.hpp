// The client's side of the signaling connection: signing in, reconnecting with backoff, and
// the one outbox every outgoing message passes through.
//
// Nothing reaches the socket but through `send`, which holds a message until it can go: until
// the socket opens (a login pressed while it connects), or, after a loss, until the login
// that reclaims our name has succeeded (what a call said meanwhile, in order). The socket
// itself holds nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>

#include "call/actions.hpp"
#include "call/negotiation.hpp"
#include "protocol/protocol.hpp"

namespace duet::call {

// Messages held while the signaling socket is down: a call's worth of candidates and a few
// descriptions. Beyond that the call cannot be saved by replaying them anyway.
inline constexpr std::size_t max_queued_messages = max_queued_candidates + 16;

// The reconnect schedule (docs/call_control.md, "Back within 5 seconds"). Tries are paced
// start to start, never two at once, and a try that fails after its slot is over is followed
// at once, so from the moment a server is there again the next try starts within
// max(cap, connect_timeout_ms): 2 s in a call and 4 s otherwise for a refused port, 4 s for
// a server that does not answer. The jitter spreads thousands of clients that lost the same
// server at the same instant over the window instead of sending them back together.
inline constexpr int reconnect_first_window_ms = 1000;  // the first try: at random in [0, 1 s]
inline constexpr int reconnect_cap_ms = 4000;
inline constexpr int reconnect_cap_in_call_ms = 2000;  // the call's signaling is needed sooner
// A socket not open by then is given up and counts as a failed try (web/signaling_socket).
inline constexpr int connect_timeout_ms = 4000;

struct delay_range {
    int min_ms = 0;
    int max_ms = 0;
};
// Slot `slot` is the wait before the first try (0) or from the start of try `slot` to the
// start of the next: [0, 1 s] first, then [w/2, w] with w = 1, 2, 4 s... up to the cap.
delay_range reconnect_range(int slot, bool in_call);
// The delay in that range picked by `unit`, a number in [0, 1).
int reconnect_delay_ms(int slot, bool in_call, double unit);

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
    // The socket closed. Signed out, whatever waited for it is dropped: nothing. Online, the
    // link is lost: the delay before the first try. Reconnecting, a try failed: 0 if its slot
    // is over (the next goes at once), nothing if the slot's timer still runs.
    std::optional<int> on_socket_closed(bool in_call);
    // The reconnect timer fired. No try under way: one starts now, and its slot is the delay
    // returned. A try still under way: nothing now; it is followed at once if it fails.
    std::optional<int> on_reconnect_due(bool in_call);
    // The login of a try was refused for now (`unavailable`: the server cannot reach its
    // users' store): that try failed like a lost socket, and the next one goes by the same
    // schedule, over the socket still open (or a new one, should the server close it). 0 if
    // its slot is over (the next goes at once), nothing if the slot's timer still runs.
    std::optional<int> on_login_unavailable();
    // A first sign-in's login was refused for now (`unavailable`): it is tried again by the
    // same schedule as a reconnect (not for a refused name: taken, invalid, bound). The first
    // refusal gives the delay before the first retry; a retry's refusal is followed like a
    // failed reconnect try (0: at once; nothing: the slot's timer still runs).
    std::optional<int> on_first_login_unavailable();
    // The retry timer fired while retrying a first sign-in: the login goes again (over the
    // socket still open, or a new one), and the delay to the next slot is returned; nothing
    // when not retrying, or when a retry is still under way (it is followed at once if it fails).
    std::optional<int> on_login_retry_due(actions& out);
    bool retrying_login() const { return retrying_login_; }
    // The first sign-in was answered otherwise (a refused name): no more retries.
    void stop_login_retry();
    // Straight out on an open socket, not queued: the reconnect's login ends the queueing.
    void send_now(protocol::to_server::message m, actions& out);
    void sign_out();

    std::size_t queued() const { return outbox_.size(); }
    // Tries started since the link was lost.
    int tries() const { return tries_; }
    // The jitter's randomness; a test seeds it to replay one schedule.
    void seed(std::uint32_t s) { rng_.seed(s); }

  private:
    int draw_delay(int slot, bool in_call);

    signaling state_ = signaling::signed_out;
    bool socket_open_ = false;
    int tries_ = 0;
    bool trying_ = false;     // a socket is opening, or open and waiting for the login reply
    bool slot_over_ = false;  // the reconnect timer fired while that try was under way
    // A first sign-in refused `unavailable` is being tried again, with this login.
    bool retrying_login_ = false;
    std::optional<protocol::to_server::login> first_login_;
    std::minstd_rand rng_{std::random_device{}()};
    std::string token_name_;  // the name the token reclaims
    std::string token_;
    std::deque<protocol::to_server::message> outbox_;
};

}  // namespace duet::call
