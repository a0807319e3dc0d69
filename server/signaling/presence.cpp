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
        send(next);
    }
}

void presence::send(presence_update const& update) {
    auto const& users = update.message.users;
    std::shared_ptr<std::string const> everyone;  // the frame for recipients not listed in it
    for (auto const& r : update.to) {
        auto who = r.who.lock();
        if (!who) continue;
        auto self = std::find_if(users.begin(), users.end(),
                                 [&](auto const& u) { return u.name == r.name; });
        if (self == users.end()) {
            if (!everyone) {
                everyone = std::make_shared<std::string const>(
                    protocol::to_client::encode(update.message));
            }
            who->send(everyone);
            continue;
        }
        protocol::to_client::presence others{update.message.full, {}};
        for (auto const& u : users) {
            if (u.name != r.name) others.users.push_back(u);
        }
        if (others.users.empty() && !others.full) continue;
        who->send(std::make_shared<std::string const>(protocol::to_client::encode(others)));
    }
}

}  // namespace duet
