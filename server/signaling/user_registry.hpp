// The registry interface, so a backend shared by several server processes can replace the
// local one (local_registry.cpp) without the signaling rules noticing.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "signaling/presence_update.hpp"
#include "signaling/recipient.hpp"

namespace duet {

// Who is signed in, and who is in a call with whom. Every signaling session shares one.
//
// The interface is small on purpose: a backend shared by several server processes is planned,
// so callers never see the container, and every operation that touches two users is one call
// (atomic under the implementation's lock). Implementations never perform I/O while locked;
// they hand recipients back and the caller sends.
//
// "In a call" means linked: a user's partner is the user it rings, is rung by, or talks to
// (docs/call_control.md). A user with a partner is busy. The registry sends nothing itself:
// every operation that changes who is online, busy or available returns the change as a
// presence_update (only the registry knows every subscriber and the changes' order), and the
// caller hands it to the presence component, which sends it (presence.hpp). Every update
// returned must reach it, empty ones aside: it sends them in the order they were numbered.
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
        std::string partner;
    };

    struct claim_result {
        bool ok = false;
        std::shared_ptr<recipient> replaced;  // the connection that held the name until now
        bool relinked = false;           // linked with sign_in::partner again, now
        presence_update presence;
    };

    // Signs `who` in as `name` with `new_token` as the name's secret. A name that is taken
    // can be claimed only by presenting the token its holder was given; the holder is then
    // replaced and its call, if any, carries over, with no offline moment in between.
    virtual claim_result claim(std::string const& name, std::string const& presented_token,
                               std::string const& new_token, std::shared_ptr<recipient> const& who,
                               sign_in const& how) = 0;

    struct removal {
        // The partner that was in a call with the removed name (and whose own partner it was),
        // so the caller can tell it; null when none.
        std::shared_ptr<recipient> partner;
        std::string partner_name;
        presence_update presence;
    };

    // Removes `name` if it still belongs to `who`; every link to it is cleared.
    virtual removal remove(std::string const& name, recipient const* who) = 0;

    // Removes `name` if it is still the sign-in that was given `token` (nobody reclaimed it
    // since), as remove() does. For a connection that dropped while in a call: its entry
    // stays, busy and linked, so the user can reclaim it with the token and keep the call.
    virtual removal expire(std::string const& name, std::string const& token) = 0;

    virtual std::shared_ptr<recipient> find(std::string const& name) const = 0;

    struct call_result {
        enum class outcome {
            ringing,          // now linked both ways; `callee` is to be rung (or auto-accepted)
            busy,             // `to` is linked with someone else; `callee` may be told
            already_in_call,  // `from` is linked with `partner`
            not_online,       // `to` is not signed in
            not_signed_in,    // `from` is not (its name was reclaimed meanwhile)
        };
        outcome result = outcome::not_online;
        std::shared_ptr<recipient> callee;
        bool callee_rings = false;  // the callee declared sign_in::rings
        std::string partner;
        presence_update presence;
    };

    // `from` rings `to`: links the two both ways unless either is linked with someone else.
    virtual call_result call(std::string const& from, std::string const& to) = 0;

    // The connection of `to` when `from` and `to` are linked to each other (there is a ring
    // for `from` to accept), else null.
    virtual std::shared_ptr<recipient> linked_recipient(std::string const& from,
                                              std::string const& to) const = 0;

    // `from` is now talking to `to` (a tutorial offer or answer); `to` takes `from` as its
    // partner unless it already has one.
    virtual presence_update link(std::string const& from, std::string const& to) = 0;

    // Ends the call between `from` and `to`: clears each side's partner if it is the other.
    virtual presence_update unlink(std::string const& from, std::string const& to) = 0;

    // Empty when `name` is not in a call (or not online).
    virtual std::string partner_of(std::string const& name) const = 0;

    // Subscribes `who`, signed in as `name`, to every change after this one, and returns the
    // full list for it. Call it after the login reply has been sent, so the list follows it.
    virtual presence_update subscribe(std::string const& name,
                                      std::shared_ptr<recipient> const& who) = 0;

    virtual std::size_t size() const = 0;
};

// The in-process backend (local_registry.cpp): one mutex, one map, one server process.
std::unique_ptr<user_registry> make_local_registry();

}  // namespace duet
