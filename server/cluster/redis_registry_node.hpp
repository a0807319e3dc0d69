// The Redis registry's class, shared by its two halves: redis_registry.cpp (the user_registry
// operations, each one Lua script) and node_upkeep.cpp (the node's own life: connecting, the
// heartbeat and the sweep of dead nodes, claiming its names again after Redis comes back, and
// what other nodes publish to it). Internal to server/cluster: everyone else sees only
// cluster_registry (redis_registry.hpp).
#pragma once

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cluster/node_presence.hpp"
#include "cluster/redis_registry.hpp"

namespace duet::cluster {

inline constexpr char presence_channel[] = "duet:presence";

inline std::string node_channel(std::string const& node) { return "duet:node:" + node; }

class redis_registry final : public cluster_registry {
  public:
    redis_registry(cluster_config config, presence& sender)
        : config_(std::move(config)), presence_(sender, config_.presence_window) {}

    // --- the node (node_upkeep.cpp) ---
    void start(boost::asio::any_io_executor executor) override;
    void stop() override;
    void drain() override { draining_ = true; }
    void flush(std::function<void()> done) override;
    bool usable() const override { return commands_up_ && events_up_ && beating_ && !draining_; }
    std::size_t size() const override;

    // --- the operations (redis_registry.cpp) ---
    void claim(std::string const& name, std::string const& presented_token,
               std::string const& new_token, std::shared_ptr<recipient> const& who,
               sign_in const& how, completion<claim_result> done) override;
    void remove(std::string const& name, recipient const* who, completion<removal> done) override;
    void expire(std::string const& name, std::string const& token,
                completion<removal> done) override;
    void find(std::string const& name, completion<std::shared_ptr<recipient>> done) const override;
    void call(std::string const& from, std::string const& to,
              completion<call_result> done) override;
    void linked_recipient(std::string const& from, std::string const& to,
                          completion<std::shared_ptr<recipient>> done) const override;
    // Presence changes go out when Redis publishes them (presence_changed), on every node.
    void link(std::string const& from, std::string const& to,
              completion<presence_update> done) override;
    void unlink(std::string const& from, std::string const& to,
                completion<presence_update> done) override;
    void partner_of(std::string const& name, completion<std::string> done) const override;
    // Lists and searches are answered from the node's copy of the directory (node_presence),
    // listed from Redis by one script when the first subscriber needs it.
    void subscribe(std::string const& name, std::shared_ptr<recipient> const& who,
                   completion<presence_update> done) override;
    void search(std::string const& name, std::shared_ptr<recipient> const& who,
                std::string const& prefix, completion<presence_update> done) override;

  private:
    struct local_user {
        std::string name;
        std::weak_ptr<recipient> who;
        recipient const* identity = nullptr;  // its key in ids_, even once `who` is gone
        std::string token;                    // to claim the name again (claim_again)
        bool rings = false;
    };

    // Runs a script (or a plain command); `parse` turns its reply (or failure) into the
    // operation's result, on the Redis strand, and the result goes to the connection's
    // executor (completion::later). Defined in redis_registry.cpp, their only user.
    template <class Result, class Parse>
    void run(std::string const& script, std::vector<std::string> args, completion<Result> done,
             Parse parse) const;
    template <class Result, class Parse>
    void send(std::vector<std::string> command, completion<Result> done, Parse parse) const;

    // The connection behind a (node, conn) a script returned: ours, or one through its node.
    std::shared_ptr<recipient> resolve(std::string const& node, std::string const& conn) const;
    // A connection of ours no longer holds its name: what was kept for it goes.
    void forget(recipient const* who, std::uint64_t conn);
    // A removed name's partner; and what was kept for its connection, if it was ours (a
    // connection that dropped in a call is gone by the time its name expires).
    removal removed(redis::command_result const& r);
    // Names that were dropped because their node died, from `first` on in fours (name,
    // partner, partner's node, partner's connection): their partners hear that the call ended.
    void tell_partners(std::vector<std::string> const& v, std::size_t first) const;

    // What another node sent one of our connections (wire.hpp).
    void heard(std::string const& payload);
    // A ring for a connection of ours that dropped: see node_upkeep.cpp.
    void ring_to_gone(std::string const& callee, std::string_view frame);
    // A change of who is online, busy or available, from whichever node made it.
    void presence_changed(std::string const& payload);
    // Runs the list script for node_presence's copy of the directory.
    void list_directory();
    void schedule(std::shared_ptr<boost::asio::steady_timer> const& timer);
    // The heartbeat, then the sweep of nodes whose heartbeat is gone.
    void beat();
    // Redis is back after a loss, and may have restarted empty: each of our users claims its
    // name again with its own token.
    void claim_again();

    cluster_config config_;
    node_presence presence_;
    std::shared_ptr<redis::connection> commands_;  // commands and what is published
    std::shared_ptr<redis::connection> events_;    // subscriptions only (Redis' rule)
    std::shared_ptr<boost::asio::steady_timer> timer_;
    std::atomic<bool> commands_up_{false}, events_up_{false}, beating_{false}, stopped_{false},
        draining_{false};
    bool lost_ = false;  // the command connection was lost since it was last up (its strand)
    bool events_lost_ = false;  // the same for the subscriptions' connection
    std::atomic<std::uint64_t> next_conn_{1};

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, local_user> conns_;  // our connections, by conn number
    std::unordered_map<recipient const*, std::uint64_t> ids_;
};

}  // namespace duet::cluster
