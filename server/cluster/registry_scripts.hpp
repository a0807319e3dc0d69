// The Lua scripts of the Redis registry: each operation that reads and changes shared state is
// one script, so Redis runs it whole with nothing in between, which is how an operation on two
// users stays atomic across every node (SET NX alone cannot say "free, or the token matches,
// or its node is dead"). The keys are in docs/cluster.md. Each script also works out what the
// change did to who is online, busy or available and publishes it on `duet:presence`.
//
// The scripts name keys they compute (a user's partner's hash), so they need one Redis, not a
// Redis Cluster, whose scripts may touch only the keys they declare.
#pragma once

#include <string>

namespace duet::cluster::scripts {

// Each is the full text for EVAL, the shared helpers included. Arguments after `EVAL text 0`:
// claim: name presented_token new_token node conn rings wished_partner
//   -> {ok(0|1), replaced_node, replaced_conn, relinked(0|1), dropped...}  (dropped: see sweep)
// remove: name node conn  -> {removed(0|1), node, conn, partner, partner_node, partner_conn}
// expire: name token                -> same as remove
// find: name                        -> {node, conn} of the name while its node lives, or {}
// call: from to                     -> {outcome, callee_node, callee_conn, callee_rings, partner}
// linked: from to                   -> {node, conn} of `to` when the two are linked, or {}
// link: from to; unlink: from to    -> 1 when something changed
// list: name                        -> {sequence, name1, status1, name2, status2, ...}
// sweep: node (empty: every dead node) -> {gone1, partner1, partner_node1, partner_conn1, ...}
std::string const& claim();
std::string const& remove();
std::string const& expire();
std::string const& find();
std::string const& call();
std::string const& linked();
std::string const& link();
std::string const& unlink();
std::string const& list();
std::string const& sweep();

}  // namespace duet::cluster::scripts
