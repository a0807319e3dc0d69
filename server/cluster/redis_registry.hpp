// The registry shared by several duet-server processes (nodes) through Redis, selected by
// `--redis`. Each node keeps only its own connections; who is signed in, and who is in a call
// with whom, live in Redis and change by one Lua script per operation (registry_scripts.hpp).
// What is sent to a user on another node goes through that node's pub/sub channel. The design,
// its keys and its bounds are in docs/cluster.md.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "redis/connection.hpp"
#include "signaling/presence.hpp"
#include "signaling/user_registry.hpp"

namespace duet::cluster {

struct cluster_config {
    redis::endpoint where;
    std::string node_id;  // unique among the nodes sharing one Redis
    // How often the node says it lives (and sweeps the dead), and how long that lasts: a node
    // that dies frees its names within `ttl`, and its users' partners hear within ttl + beat.
    std::chrono::milliseconds beat{2000};
    std::chrono::milliseconds ttl{6000};
    std::size_t presence_window = 100;  // the most names a presence list holds
};

// A user_registry a server can start and stop with its io_context.
class cluster_registry : public user_registry {
  public:
    // Connects to Redis (and again whenever it is lost), on a strand of `executor`.
    virtual void start(boost::asio::any_io_executor executor) = 0;
    // Once nothing runs the io_context any more and before it is destroyed: closes the
    // connections; operations from then on complete at once with nothing found or changed.
    virtual void stop() = 0;
    // SIGTERM: the node takes no new users from now on (`usable()` is false, so /readyz is
    // 503 at once and the load balancer sends them elsewhere) while its sessions close.
    virtual void drain() = 0;
    // `done` once every command sent before this one has been answered (Redis runs them in
    // order), or at once when Redis is out of reach: the names the closing sessions gave back
    // are gone from Redis before the node exits.
    virtual void flush(std::function<void()> done) = 0;
};

// Made before the io_context, whose destruction signs out the sessions it still holds.
// Presence changes heard from Redis go out through `sender`.
std::unique_ptr<cluster_registry> make_redis_registry(cluster_config config, presence& sender);

// 8 random hex digits, for a node started without --node-id.
std::string random_node_id();

}  // namespace duet::cluster
