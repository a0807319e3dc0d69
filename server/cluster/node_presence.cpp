// A node's copy of the presence directory: see node_presence.hpp.
#include "cluster/node_presence.hpp"

#include <utility>

#include "protocol/enum_names.hpp"

namespace duet::cluster {

using protocol::to_client::availability;

bool node_presence::add(std::string const& name, std::shared_ptr<recipient> const& who) {
    std::lock_guard lock(mutex_);
    if (ready_) {
        publish_locked({directory_.watch(name, who, "")});
        return false;
    }
    waiting_.insert_or_assign(name, waiting{who, ""});
    return !std::exchange(listing_, true);
}

void node_presence::search(std::string const& name, std::shared_ptr<recipient> const& who,
                           std::string const& prefix) {
    std::lock_guard lock(mutex_);
    auto w = waiting_.find(name);
    if (w != waiting_.end()) {
        if (w->second.who.lock() == who) w->second.prefix = prefix;
        return;
    }
    if (ready_ && directory_.watches(name)) publish_locked({directory_.watch(name, who, prefix)});
}

void node_presence::listed(std::vector<std::string> const& reply) {
    std::lock_guard lock(mutex_);
    listing_ = false;
    if (reply.empty()) {
        held_.clear();
        return;
    }
    since_ = wire::number(reply[0]);
    // The copy is rebuilt whole: after a loss, names may have gone that no change told of.
    std::unordered_map<std::string, availability> listed_now;
    for (std::size_t i = 1; i + 1 < reply.size(); i += 2) {
        if (auto status = protocol::to_client::availability_from_string(reply[i + 1])) {
            listed_now.emplace(reply[i], *status);
        }
    }
    std::vector<presence_parcel> out;
    for (auto const& name : directory_.names()) {
        if (!listed_now.count(name)) {
            for (auto& p : directory_.changed(name, directory_.status(name), availability::offline)) {
                out.push_back(std::move(p));
            }
        }
    }
    for (auto const& [name, status] : listed_now) {
        for (auto& p : directory_.changed(name, directory_.status(name), status)) {
            out.push_back(std::move(p));
        }
    }
    ready_ = true;
    for (auto& change : std::exchange(held_, {})) apply_locked(change, out);
    for (auto& [name, w] : std::exchange(waiting_, {})) {
        if (!w.who.expired()) out.push_back(directory_.watch(name, w.who, w.prefix));
    }
    if (!out.empty()) publish_locked(std::move(out));
}

void node_presence::remove(std::string const& name, std::shared_ptr<recipient> const& who) {
    std::lock_guard lock(mutex_);
    auto w = waiting_.find(name);
    if (w != waiting_.end() && w->second.who.lock() == who) waiting_.erase(w);
    directory_.unwatch_if(name, who.get());
}

void node_presence::changed(wire::presence_change change) {
    std::lock_guard lock(mutex_);
    if (!ready_) {
        if (listing_) held_.push_back(std::move(change));
        return;  // with no copy and none on its way, nobody here watches: nothing to keep
    }
    std::vector<presence_parcel> out;
    apply_locked(change, out);
    if (!out.empty()) publish_locked(std::move(out));
}

bool node_presence::lost() {
    std::lock_guard lock(mutex_);
    ready_ = false;
    held_.clear();
    // Those who watch keep their windows; the next listing brings them up to date.
    if (!directory_.watched() && waiting_.empty()) return false;
    return !std::exchange(listing_, true);
}

void node_presence::apply_locked(wire::presence_change const& change,
                                 std::vector<presence_parcel>& out) {
    if (change.sequence <= since_) return;
    since_ = change.sequence;
    std::vector<presence_directory::change> changed;
    for (auto const& u : change.message.users) {
        changed.push_back({u.name, directory_.status(u.name), u.status});
    }
    for (auto& p : directory_.changed(changed)) out.push_back(std::move(p));
}

void node_presence::publish_locked(std::vector<presence_parcel> parcels) {
    sender_.publish({++sequence_, std::move(parcels)});
}

}  // namespace duet::cluster
