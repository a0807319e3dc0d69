// Presence on one node of several: the node's own subscribers, sent the changes that every
// node's scripts publish on `duet:presence` (wire.hpp), through the presence component.
//
// A subscriber's full list comes from a script that also gives Redis' number of the last
// change at that moment. Changes arrive on another connection than the list, so in any order
// against it: those numbered up to the list's are already in it and are dropped; those after
// it that arrive before it are held and sent once the list has gone out.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cluster/wire.hpp"
#include "signaling/presence.hpp"

namespace duet::cluster {

// The most users one presence frame lists (about 20 KiB with 32-character names): a list of
// 10,000 names goes out as 20 frames, each well under the socket's buffer and the per-client
// queue limit, instead of one frame that a slow page would make the server drop it for.
inline constexpr std::size_t presence_page = 500;

class node_presence {
  public:
    explicit node_presence(presence& sender) : sender_(sender) {}

    // `who`, signed in here as `name`, asked for presence: its list is on its way.
    void add(std::string const& name, std::shared_ptr<recipient> const& who);

    // The list script's reply for `name`: {sequence, name1, status1, ...}; empty: failed
    // (the subscriber is dropped). Ignored when `who` no longer subscribes as `name`.
    void listed(std::string const& name, recipient const* who,
                std::vector<std::string> const& reply);

    // `name`'s connection `who` (null: gone) is no longer signed in here.
    void remove(std::string const& name, std::shared_ptr<recipient> const& who);

    void changed(wire::presence_change change);

  private:
    struct subscriber {
        std::weak_ptr<recipient> who;
        bool listed = false;      // its full list has gone out
        std::uint64_t since = 0;  // Redis' number of that list
        std::vector<wire::presence_change> held;
    };

    // Numbered under the lock, so the presence component sends them in this order.
    void publish_locked(protocol::to_client::presence message, std::vector<presence_subscriber> to);

    presence& sender_;
    std::mutex mutex_;
    std::unordered_map<std::string, subscriber> subscribers_;
    std::uint64_t sequence_ = 0;  // of the last presence_update handed out
};

}  // namespace duet::cluster
