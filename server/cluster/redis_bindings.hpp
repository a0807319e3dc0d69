// The name bindings of a cluster (identity/binding_store.hpp), in the Redis its nodes share:
// a name bound to an account on one node is bound on every node, so a name-only login or
// another account's sign-in is refused it wherever it lands. Selected with `--redis` when a
// provider is configured; without `--redis` the bindings stay in this process's file.
//
// Keys: `duet:bound:<name>` (the account, sub@iss) and `duet:account:<account>` (its name).
// A binding is made by one Lua script (the account's name if it has one, else the first
// candidate numbered past names already bound, by SETNX), so two nodes binding at once
// cannot give one name to two accounts. Redis out of reach: a lookup says `unavailable` and
// a sign-in fails with error_code::unavailable, never a wait or a crash.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "identity/binding_store.hpp"
#include "redis/connection.hpp"

namespace duet::cluster {

class redis_bindings : public identity::binding_store {
  public:
    // Connects (on a strand of `executor`), and again whenever the connection is lost.
    virtual void start(boost::asio::any_io_executor executor) = 0;
    // Once nothing runs the io_context any more: closes the connection; from then on every
    // operation completes at once, unavailable.
    virtual void stop() = 0;
};

std::unique_ptr<redis_bindings> make_redis_bindings(redis::endpoint where);

}  // namespace duet::cluster
