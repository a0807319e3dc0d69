// Where the name bindings live, behind one interface like user_registry: in this process (a
// file, name_bindings.hpp) or in Redis, shared by every node of a cluster
// (cluster/redis_bindings.hpp). The signaling rules ask who holds a name at every login, and
// the relying party binds a name at every sign-in, without knowing which it is. A lookup
// completes through a `completion` like the registry's operations: at once from the file,
// after a round trip from Redis, on the asking connection's executor.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "identity/identity_error.hpp"
#include "identity/name_bindings.hpp"
#include "signaling/user_registry.hpp"
#include "signaling/verified_identity.hpp"

namespace duet::identity {

class binding_store {
  public:
    virtual ~binding_store() = default;

    // The account that holds `name` (empty: none), or `unavailable`.
    virtual void holder_of(std::string const& name, completion<name_holder> done) const = 0;

    // The account's name: the one it has, or the first candidate numbered past names other
    // accounts hold (name_bindings::bind's rule), bound so that no other process sharing the
    // store can bind it to another account. `done` may run on another thread.
    virtual void bind(std::string const& account, std::vector<std::string> const& candidates,
                      std::function<void(result<std::string>)> done) = 0;
};

// The bindings of this process, kept in `bindings` (its file, or memory only).
std::unique_ptr<binding_store> make_local_binding_store(std::unique_ptr<name_bindings> bindings);

}  // namespace duet::identity
