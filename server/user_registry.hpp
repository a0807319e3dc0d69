#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "peer.hpp"

namespace duet {

// Who is signed in, and who is in a call with whom. Every signaling session shares one.
//
// The interface is small on purpose: a backend shared by several server processes is planned,
// so callers never see the container, and every operation that touches two users is one call
// (atomic under the implementation's lock). Implementations never perform I/O while locked;
// they hand peers back and the caller sends.
class user_registry {
public:
    virtual ~user_registry() = default;

    struct claim_result {
        bool ok = false;
        std::shared_ptr<peer> replaced;  // the connection that held the name until now
    };

    // Signs `who` in as `name` with `new_token` as the name's secret. A name that is taken
    // can be claimed only by presenting the token its holder was given; the holder is then
    // replaced and its call, if any, carries over.
    virtual claim_result claim(std::string const& name, std::string const& presented_token,
                               std::string const& new_token, std::shared_ptr<peer> const& who) = 0;

    // False when the name is already signed in.
    bool add(std::string const& name, std::shared_ptr<peer> const& who) {
        return claim(name, {}, {}, who).ok;
    }

    // Removes `name` if it still belongs to `who`. Returns the partner that was in a call
    // with `name` (and whose own partner was `name`), now cleared, so the caller can tell it.
    virtual std::shared_ptr<peer> remove(std::string const& name, peer const* who,
                                         std::string* partner_name) = 0;

    virtual std::shared_ptr<peer> find(std::string const& name) const = 0;

    // `from` is now talking to `to` (offer or answer); `to` takes `from` as its partner
    // unless it already has one.
    virtual void link(std::string const& from, std::string const& to) = 0;

    // Ends the call between `from` and `to`: clears each side's partner if it is the other.
    virtual void unlink(std::string const& from, std::string const& to) = 0;

    // Empty when `name` is not in a call (or not online).
    virtual std::string partner_of(std::string const& name) const = 0;

    virtual std::size_t size() const = 0;
};

std::unique_ptr<user_registry> make_local_registry();

}  // namespace duet
