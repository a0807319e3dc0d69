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
#include "signaling/verified_identity.hpp"

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
    // Told to presence subscribers in their login reply (`presenceWindow`): the most names
    // their lists hold. The registry was made with the same number.
    int presence_window = 100;

    // Runs a job after a delay, on the server's threads. When set, a ringing-capable user
    // whose connection drops while linked to a partner keeps its entry for lost_timeout
    // seconds: the page reconnects and reclaims it with its token, and the partner's call
    // goes on (media is peer to peer). Empty (tests, fuzzing): the partner is told at once.
    std::function<void(std::chrono::seconds, std::function<void()>)> defer;

    // Sign-in through an identity provider (server/identity). Without one nothing changes on
    // the wire. With one, a name bound to an account is refused to a login that did not
    // present that account's session, callees are told who calls (`identity` in call and
    // offer), and require_identity refuses name-only logins altogether. `holder_of` asks the
    // bindings (identity/binding_store.hpp: this process's file, or a cluster's Redis) who
    // holds a name, before every login; unset: no name is bound.
    bool identity_enabled = false;
    bool require_identity = false;
    std::function<void(std::string const& name, completion<name_holder> done)> holder_of;
};

// 128 random bits as 32 hex digits.
std::string random_token();

// The signaling rules for one connection, with no I/O of its own: decodes what the client
// sent, checks it against who the client is, and routes replies and relays through peers
// found in the registry, and hands every presence change the registry returns to `presence`.
// A Beast session (or a test) feeds it text and a handle to itself.
//
// Registry operations complete asynchronously (user_registry.hpp). One message is handled at
// a time: messages read while an operation of an earlier one is in flight wait here, in
// order, and are handled once it completes, so nothing a later message causes is sent before
// an earlier reply. With the local registry every operation completes at once and nothing
// ever waits. A pending operation's completion keeps the connection (the `self` it was given)
// alive; once the connection has closed, completions send nothing and start nothing, except
// that a sign-in that lands after the close is given back.
class signaling_handler {
public:
    using clock = token_bucket::clock;

    signaling_handler(user_registry& registry, class presence& presence,
                      signaling_config const& config, clock::time_point now = clock::now());

    // False when the connection should be closed: it kept flooding, or sent more messages
    // than may wait behind an operation in flight.
    bool on_message(std::string_view text, std::shared_ptr<recipient> const& self,
                    clock::time_point now = clock::now());

    // The connection is gone, however it went: free the name and tell a partner in a call
    // (at once, or after lost_timeout when the config can defer and the user may come back).
    // Nothing is sent to `self` after this, which may be called again (and from a destructor:
    // the operations it starts hold nothing of the connection).
    void on_disconnect(recipient const* self);

    std::string const& name() const { return name_; }

    // The account the connection's upgrade request proved (its session cookie); a login under
    // the account's name is then verified.
    void present_identity(verified_identity identity) { presented_ = std::move(identity); }

    // Another connection reclaimed our name: stop acting under it.
    void forget_name() { name_.clear(); }

    // How many messages may wait behind an operation in flight.
    static constexpr std::size_t max_waiting_messages = 256;

private:
    void process(std::string_view text, std::shared_ptr<recipient> const& self);
    void next_turn(std::shared_ptr<recipient> const& self);

    // The completion of an operation started for `self`: runs `then` with the result (unless
    // the connection closed meanwhile and `even_if_closed` is false), then the messages that
    // waited, if the message that started it needs no further operation.
    // Given straight to the operation, so the local registry's completion allocates nothing.
    template <class Result, class Then>
    auto after(std::shared_ptr<recipient> const& self, Then then, bool even_if_closed = false);

    void handle(protocol::to_server::login& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::offer& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::answer& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::candidate& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::leave& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::call& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::accept& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::refresh_ice& m, std::shared_ptr<recipient> const& self);
    void handle(protocol::to_server::search& m, std::shared_ptr<recipient> const& self);

    void signed_in(protocol::to_server::login& m, std::string token,
                   user_registry::claim_result claimed, std::shared_ptr<recipient> const& self);
    void leave_call(std::string to, protocol::end_reason reason,
                    std::shared_ptr<recipient> const& self);
    void rang(std::string const& to, user_registry::call_result rung,
              std::shared_ptr<recipient> const& self);
    template <class Relayed, class Message>
    void relay_description(Message&& m, std::shared_ptr<recipient> const& self);

    // Claims the login's name in the registry (its identity checked, if that is needed).
    void claim(protocol::to_server::login& m, std::shared_ptr<recipient> const& self);
    // The login is refused for identity reasons (a bound name, a required account, bindings
    // out of reach): true when it was, and the refusal sent. Else verified_ is set.
    bool refused_identity(protocol::to_server::login const& m, name_holder const& holder,
                          std::shared_ptr<recipient> const& self);
    // `encoded` (a call or an offer for a callee) with the caller's identity added.
    std::string with_identity(std::string encoded) const;

    // The configured ICE servers, plus fresh TURN credentials for `name` when configured.
    std::vector<protocol::ice_server> ice_servers_for(std::string const& name) const;

    // Finds the online recipient of message `m` (which has `to`) and calls
    // `then(m, target)`, or tells `self` why not.
    template <class Message, class Then>
    void route(Message&& m, bool is_call_setup, std::shared_ptr<recipient> const& self,
               Then then);

    user_registry& registry_;
    class presence& presence_;
    signaling_config const& config_;
    std::string name_;  // empty until login succeeds
    std::string token_;  // the token this sign-in was given
    verified_identity presented_;  // from the session cookie; empty name: none
    bool verified_ = false;        // signed in under presented_.name
    bool rings_ = false;  // the login declared protocol::feature::ring
    bool subscribed_ = false;  // gets presence lists, so may search
    bool waiting_ = false;  // an operation is in flight
    bool in_turn_ = false;  // a message is being handled right now, not from a completion
    bool closed_ = false;   // on_disconnect was called
    std::vector<std::string> backlog_;  // messages read while waiting_, oldest first
    token_bucket rate_;
    double refused_in_a_row_ = 0;  // messages refused by the rate limit since the last one taken
};

}  // namespace duet
