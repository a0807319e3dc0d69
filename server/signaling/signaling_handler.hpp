#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/protocol.hpp"
#include "ops/token_bucket.hpp"
#include "signaling/presence.hpp"
#include "signaling/user_registry.hpp"

namespace duet {

struct signaling_config {
    std::vector<protocol::ice_server> ice_servers;
    protocol::limits limits;
    double messages_per_second = 50;
    double message_burst = 200;
    // Makes the secret a login gets for reclaiming its name; tests may pin it.
    std::function<std::string()> make_token;

    // Call control (docs/call_control.md). TURN REST credentials for a user, added to the
    // ICE servers of its login reply and of every refresh_ice; empty without TURN.
    std::function<protocol::ice_server(std::string const& name)> make_turn_server;
    // Handed to clients that declared protocol::feature::ring, in their login reply.
    int ice_ttl = 0;  // seconds the TURN credentials last; 0: none expire
    std::string ice_transport_policy = "all";
    int ring_timeout = 30;
    int lost_timeout = 30;
    bool presence = true;  // clients that declare protocol::feature::presence get presence

    // Runs a job after a delay, on the server's threads. When set, a ringing-capable user
    // whose connection drops while linked to a partner keeps its entry for lost_timeout
    // seconds: the page reconnects and reclaims it with its token, and the partner's call
    // goes on (media is peer to peer). Empty (tests, fuzzing): the partner is told at once.
    std::function<void(std::chrono::seconds, std::function<void()>)> defer;
};

// 128 random bits as 32 hex digits.
std::string random_token();

// The signaling rules for one connection, with no I/O of its own: decodes what the client
// sent, checks it against who the client is, and routes replies and relays through peers
// found in the registry, and hands every presence change the registry returns to `presence`.
// A Beast session (or a test) feeds it text and a handle to itself.
class signaling_handler {
public:
    using clock = token_bucket::clock;

    signaling_handler(user_registry& registry, class presence& presence,
                      signaling_config const& config, clock::time_point now = clock::now());

    // False when the connection should be closed: it kept flooding after being told.
    bool on_message(std::string_view text, std::shared_ptr<recipient> const& self,
                    clock::time_point now = clock::now());

    // The connection is gone, however it went: free the name and tell a partner in a call
    // (at once, or after lost_timeout when the config can defer and the user may come back).
    void on_disconnect(recipient const* self);

    std::string const& name() const { return name_; }

    // Another connection reclaimed our name: stop acting under it.
    void forget_name() { name_.clear(); }

private:
    void handle(protocol::to_server::login& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::offer& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::answer& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::candidate& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::leave& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::call& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::accept& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::refresh_ice& m, std::shared_ptr<recipient> const& self);

    // The configured ICE servers, plus fresh TURN credentials for `name` when configured.
    std::vector<protocol::ice_server> ice_servers_for(std::string const& name) const;

    // The online recipient a relay goes to, or nullptr after telling `self` why not.
    std::shared_ptr<recipient> route(std::string const& to, bool is_call_setup,
                                std::shared_ptr<recipient> const& self);

    user_registry& registry_;
    class presence& presence_;
    signaling_config const& config_;
    std::string name_;  // empty until login succeeds
    std::string token_;  // the token this sign-in was given
    bool rings_ = false;  // the login declared protocol::feature::ring
    token_bucket rate_;
    double refused_in_a_row_ = 0;  // messages refused by the rate limit since the last one taken
};

}  // namespace duet
