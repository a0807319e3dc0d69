#pragma once

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "signaling/peer.hpp"
#include "protocol/protocol.hpp"

namespace duet {

// Presence messages in the order the registry made its changes, sent outside its lock.
//
// The registry pushes while it holds its own lock, so the queue's order is the order of the
// changes; whoever then finds nobody delivering sends the queue out, item by item, with no
// lock held. A send may re-enter the registry (a connection over its queue limit is dropped
// on the spot, and signs out): that push lands behind the current item and the delivery
// already running sends it. Only one thread delivers at a time, so every subscriber gets the
// changes in order (provided the sends are not run inline inside a subscriber's strand: see
// make_local_registry).
//
// Header-only, so every build of the registry (the fuzz build too) gets it with no new source.
class presence_outbox {
  public:
    struct recipient {
        std::string name;  // left out of what it is sent: nobody is listed to themselves
        std::weak_ptr<peer> who;
    };

    void push(bool full, std::vector<protocol::to_client::presence_entry> users,
              std::vector<recipient> to);

    // Sends everything queued, unless another call is already doing so.
    void deliver();

  private:
    struct item {
        protocol::to_client::presence message;
        std::vector<recipient> to;
    };

    void send(item const& it);

    std::mutex mutex_;
    std::deque<item> queue_;
    bool delivering_ = false;
};

inline void presence_outbox::push(bool full, std::vector<protocol::to_client::presence_entry> users,
                                  std::vector<recipient> to) {
    std::lock_guard lock(mutex_);
    queue_.push_back({{full, std::move(users)}, std::move(to)});
}

inline void presence_outbox::deliver() {
    {
        std::lock_guard lock(mutex_);
        if (delivering_ || queue_.empty()) return;
        delivering_ = true;
    }
    for (;;) {
        item next;
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty()) {
                delivering_ = false;
                return;
            }
            next = std::move(queue_.front());
            queue_.pop_front();
        }
        send(next);
    }
}

inline void presence_outbox::send(item const& it) {
    auto const& users = it.message.users;
    std::shared_ptr<std::string const> everyone;  // the frame for recipients not listed in it
    for (auto const& r : it.to) {
        auto who = r.who.lock();
        if (!who) continue;
        auto self = std::find_if(users.begin(), users.end(),
                                 [&](auto const& u) { return u.name == r.name; });
        if (self == users.end()) {
            if (!everyone) {
                everyone =
                    std::make_shared<std::string const>(protocol::to_client::encode(it.message));
            }
            who->send(everyone);
            continue;
        }
        protocol::to_client::presence others{it.message.full, {}};
        for (auto const& u : users) {
            if (u.name != r.name) others.users.push_back(u);
        }
        if (others.users.empty() && !others.full) continue;
        who->send(std::make_shared<std::string const>(protocol::to_client::encode(others)));
    }
}

}  // namespace duet
