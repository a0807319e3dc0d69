// Presence delivery: see presence.hpp.
#include "signaling/presence.hpp"

#include <algorithm>
#include <string>

namespace duet {

void presence::queue(presence_update&& update) {
    {
        std::lock_guard lock(mutex_);
        waiting_.emplace(update.sequence, std::move(update));
        // Someone delivering picks it up; an update ahead of its turn waits for the one
        // before it, whose publish delivers both.
        if (delivering_ || waiting_.begin()->first != next_) return;
    }
    if (deliver_) {
        deliver_([this] { deliver(); });
    } else {
        deliver();
    }
}

void presence::deliver() {
    {
        std::lock_guard lock(mutex_);
        if (delivering_) return;
        delivering_ = true;
    }
    for (;;) {
        presence_update next;
        {
            std::lock_guard lock(mutex_);
            if (waiting_.empty() || waiting_.begin()->first != next_) {
                delivering_ = false;
                return;
            }
            next = std::move(waiting_.begin()->second);
            waiting_.erase(waiting_.begin());
            ++next_;
        }
        for (auto const& parcel : next.parcels) send(parcel);
    }
}

void presence::send(presence_parcel const& parcel) {
    auto const& users = parcel.message.users;
    std::shared_ptr<std::string const> everyone;  // the frame for recipients not listed in it
    for (auto const& r : parcel.to) {
        auto who = r.who.lock();
        if (!who) continue;
        auto self = std::find_if(users.begin(), users.end(),
                                 [&](auto const& u) { return u.name == r.name; });
        if (self == users.end()) {
            if (!everyone) {
                everyone = std::make_shared<std::string const>(
                    protocol::to_client::encode(parcel.message));
            }
            who->send(everyone);
            continue;
        }
        protocol::to_client::presence others{parcel.message.full, {}, parcel.message.more,
                                             parcel.message.prefix};
        for (auto const& u : users) {
            if (u.name != r.name) others.users.push_back(u);
        }
        // Only the recipient changed: nothing to tell it (its own arrival never turns its
        // window's `more`: when it enters a full window another name is pushed out).
        if (others.users.empty() && !others.full) continue;
        who->send(std::make_shared<std::string const>(protocol::to_client::encode(others)));
    }
}

}  // namespace duet
