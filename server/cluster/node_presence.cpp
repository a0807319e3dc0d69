// A node's presence subscribers: see node_presence.hpp.
#include "cluster/node_presence.hpp"

#include "protocol/enum_names.hpp"

namespace duet::cluster {

void node_presence::add(std::string const& name, std::shared_ptr<recipient> const& who) {
    std::lock_guard lock(mutex_);
    subscribers_[name] = {who, false, 0, {}};
}

void node_presence::listed(std::string const& name, recipient const* who,
                           std::vector<std::string> const& reply) {
    std::lock_guard lock(mutex_);
    auto it = subscribers_.find(name);
    if (it == subscribers_.end() || it->second.who.lock().get() != who) return;
    if (reply.empty()) {
        subscribers_.erase(it);
        return;
    }
    auto& s = it->second;
    s.listed = true;
    s.since = wire::number(reply[0]);
    std::vector<presence_subscriber> to{{name, s.who}};
    // In pages: the first replaces the list the page had (`full`), the others add to it, as
    // changes do. No frame carries more than presence_page users however many are online.
    protocol::to_client::presence page{true, {}};
    for (std::size_t i = 1; i + 1 < reply.size(); i += 2) {
        if (auto status = protocol::to_client::availability_from_string(reply[i + 1])) {
            page.users.push_back({reply[i], *status});
        }
        if (page.users.size() == presence_page) {
            publish_locked(std::exchange(page, {false, {}}), to);
        }
    }
    if (page.full || !page.users.empty()) publish_locked(std::move(page), to);
    for (auto& change : std::exchange(s.held, {})) {
        if (change.sequence > s.since) publish_locked(std::move(change.message), to);
    }
}

void node_presence::remove(std::string const& name, std::shared_ptr<recipient> const& who) {
    std::lock_guard lock(mutex_);
    auto it = subscribers_.find(name);
    if (it != subscribers_.end() && it->second.who.lock() == who) subscribers_.erase(it);
}

void node_presence::changed(wire::presence_change change) {
    std::lock_guard lock(mutex_);
    std::vector<presence_subscriber> to;
    for (auto& [name, s] : subscribers_) {
        if (!s.listed) {
            s.held.push_back(change);
        } else if (change.sequence > s.since) {
            to.push_back({name, s.who});
        }
    }
    if (!to.empty()) publish_locked(std::move(change.message), std::move(to));
}

void node_presence::publish_locked(protocol::to_client::presence message,
                                   std::vector<presence_subscriber> to) {
    sender_.publish({++sequence_, std::move(message), std::move(to)});
}

}  // namespace duet::cluster
