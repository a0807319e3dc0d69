// Presence on one node of several: the node's copy of who is online in name order (a
// presence_directory, the windows of its own subscribers in it), kept up to date by the
// changes every node's scripts publish on `duet:presence` (wire.hpp).
//
// The copy is listed from Redis once, when the node's first subscriber arrives (one script:
// O(users), once per node, not per login), and again after the node lost Redis (changes
// published meanwhile never reached it). From then on a subscriber's list and a search are
// answered here, from the copy, with no round trip: O(window). Every node hears every change
// and looks only at the windows it touches, so a login costs each node O(window) however many
// are online or subscribed.
//
// The list carries Redis' number of the last change at that moment. Changes come on another
// connection, in any order against it: those numbered up to the list's are in it already and
// are dropped; those after it that arrive first are held and applied once it is in.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cluster/wire.hpp"
#include "signaling/presence.hpp"
#include "signaling/presence_directory.hpp"

namespace duet::cluster {

class node_presence {
  public:
    node_presence(presence& sender, std::size_t window) : sender_(sender), directory_(window) {}

    // `who`, signed in here as `name`, asked for presence: its list goes out now, or once
    // the node's copy is listed. True when the caller is to run the list script now and
    // hand its reply to listed().
    bool add(std::string const& name, std::shared_ptr<recipient> const& who);

    // `who` moves its window to `prefix` (a search): its new list goes out.
    void search(std::string const& name, std::shared_ptr<recipient> const& who,
                std::string const& prefix);

    // The list script's reply: {sequence, name1, status1, ...}; empty: it failed, Redis is
    // away (the waiting subscribers get their list from the listing lost() asks for).
    void listed(std::vector<std::string> const& reply);

    // `name`'s connection `who` (null: gone) is no longer signed in here.
    void remove(std::string const& name, std::shared_ptr<recipient> const& who);

    void changed(wire::presence_change change);

    // The node lost Redis and has it again: the copy may have missed changes. True when it
    // is to be listed again now (someone watches).
    bool lost();

  private:
    // Numbered under the lock, so the presence component sends them in this order.
    void publish_locked(std::vector<presence_parcel> parcels);
    void apply_locked(wire::presence_change const& change, std::vector<presence_parcel>& out);

    presence& sender_;
    std::mutex mutex_;
    presence_directory directory_;
    bool ready_ = false;      // the copy is listed and current
    bool listing_ = false;    // a list script is under way
    std::uint64_t since_ = 0;  // Redis' number of the last change the copy has
    std::vector<wire::presence_change> held_;  // arrived while listing
    // Subscribers whose list waits for the copy: their connection and window.
    struct waiting {
        std::weak_ptr<recipient> who;
        std::string prefix;
    };
    std::unordered_map<std::string, waiting> waiting_;
    std::uint64_t sequence_ = 0;  // of the last presence_update handed out
};

}  // namespace duet::cluster
