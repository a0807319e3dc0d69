#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "signaling/peer.hpp"

namespace duet {

// Who is signed in, and who is in a call with whom. Every signaling session shares one.
//
// The interface is small on purpose: a backend shared by several server processes is planned,
// so callers never see the container, and every operation that touches two users is one call
// (atomic under the implementation's lock). Implementations never perform I/O while locked;
// they hand peers back and the caller sends.
//
// "In a call" means linked: a user's partner is the user it rings, is rung by, or talks to
// (docs/call_control.md). A user with a partner is busy. Presence is the one thing the
// registry sends itself: every change of who is online, busy or available goes to the
// connections that subscribed, in the order the changes happened (only the registry knows
// every subscriber and that order), after the lock is released.
class user_registry {
  public:
    virtual ~user_registry() = default;

    // What a login declares besides its name.
    struct sign_in {
        bool rings = false;  // understands call, accept and missed (protocol::feature::ring)
        // After a reconnect, the user this one is still in a call with (login `peer`). The
        // two are linked again once each has asked for the other (or the other still names
        // us), so a partner who already saw us leave is never pulled back into a call it
        // ended. Until then, or until it leaves that call, this user counts as busy.
        std::string peer;
    };

    struct claim_result {
        bool ok = false;
        std::shared_ptr<peer> replaced;  // the connection that held the name until now
        bool relinked = false;           // linked with sign_in::peer again, now
    };

    // Signs `who` in as `name` with `new_token` as the name's secret. A name that is taken
    // can be claimed only by presenting the token its holder was given; the holder is then
    // replaced and its call, if any, carries over, with no offline moment in between.
    virtual claim_result claim(std::string const& name, std::string const& presented_token,
                               std::string const& new_token, std::shared_ptr<peer> const& who,
                               sign_in const& how) = 0;

    // False when the name is already signed in.
    bool add(std::string const& name, std::shared_ptr<peer> const& who) {
        return claim(name, {}, {}, who, {}).ok;
    }

    // Removes `name` if it still belongs to `who`; every link to it is cleared. Returns the
    // partner that was in a call with `name` (and whose own partner was `name`), so the caller
    // can tell it.
    virtual std::shared_ptr<peer> remove(std::string const& name, peer const* who,
                                         std::string* partner_name) = 0;

    // Removes `name` if it is still the sign-in that was given `token` (nobody reclaimed it
    // since), as remove() does. For a connection that dropped while in a call: its entry
    // stays, busy and linked, so the user can reclaim it with the token and keep the call.
    virtual std::shared_ptr<peer> expire(std::string const& name, std::string const& token,
                                         std::string* partner_name) = 0;

    virtual std::shared_ptr<peer> find(std::string const& name) const = 0;

    struct call_result {
        enum class outcome {
            ringing,          // now linked both ways; `callee` is to be rung (or auto-accepted)
            busy,             // `to` is linked with someone else; `callee` may be told
            already_in_call,  // `from` is linked with `partner`
            not_online,       // `to` is not signed in
            not_signed_in,    // `from` is not (its name was reclaimed meanwhile)
        };
        outcome result = outcome::not_online;
        std::shared_ptr<peer> callee;
        bool callee_rings = false;  // the callee declared sign_in::rings
        std::string partner;
    };

    // `from` rings `to`: links the two both ways unless either is linked with someone else.
    virtual call_result call(std::string const& from, std::string const& to) = 0;

    // The connection of `to` when `from` and `to` are linked to each other (there is a ring
    // for `from` to accept), else null.
    virtual std::shared_ptr<peer> linked_peer(std::string const& from,
                                              std::string const& to) const = 0;

    // `from` is now talking to `to` (a tutorial offer or answer); `to` takes `from` as its
    // partner unless it already has one.
    virtual void link(std::string const& from, std::string const& to) = 0;

    // Ends the call between `from` and `to`: clears each side's partner if it is the other.
    virtual void unlink(std::string const& from, std::string const& to) = 0;

    // Empty when `name` is not in a call (or not online).
    virtual std::string partner_of(std::string const& name) const = 0;

    // Sends `who`, signed in as `name`, the full presence list now and every change after.
    // Call it after the login reply has been sent, so the list follows the reply.
    virtual void subscribe(std::string const& name, std::shared_ptr<peer> const& who) = 0;

    virtual std::size_t size() const = 0;
};

// Runs a presence delivery job. Empty: right away, on the thread that made the change, before
// the operation returns.
//
// The server posts the job to the io_context instead. The relay that caused a change then
// goes out first, not after a fan-out to every subscriber; and with several I/O threads, a
// send made inside a subscriber's own strand would run inline, overtaking a change another
// thread delivered a moment earlier (posted to that strand, still waiting there).
using presence_delivery = std::function<void(std::function<void()>)>;

std::unique_ptr<user_registry> make_local_registry(presence_delivery delivery = {});

}  // namespace duet
