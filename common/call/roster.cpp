// The presence list (see roster.hpp).
#include "call/roster.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace duet::call {

void roster::apply(protocol::to_client::presence const& m, std::string const& self) {
    if (m.full) {
        std::string const& answers = m.prefix ? *m.prefix : std::string();
        auto it = std::find(in_flight_.begin(), in_flight_.end(), answers);
        if (it == in_flight_.end()) {
            // Not an answer we wait for: the login's list, or a server that words a search
            // its own way. Taken; whatever was asked before it is answered by now or never.
            in_flight_.clear();
        } else {
            bool latest = std::next(it) == in_flight_.end();
            in_flight_.erase(in_flight_.begin(), std::next(it));
            stale_ = !latest;
            if (stale_) return;
        }
        stale_ = false;
        entries_.clear();
        more_ = false;
        prefix_ = answers;
    } else if (stale_) {
        return;
    }
    take(m, self);
}

void roster::take(protocol::to_client::presence const& m, std::string const& self) {
    if (m.more) more_ = *m.more;
    for (auto const& u : m.users) {
        if (u.name.empty() || u.name == self) continue;
        auto it = std::lower_bound(entries_.begin(), entries_.end(), u.name,
                                   [](entry const& e, std::string const& n) { return e.name < n; });
        bool found = it != entries_.end() && it->name == u.name;
        if (u.status == protocol::to_client::availability::offline) {
            if (found) entries_.erase(it);
        } else if (found) {
            it->status = u.status;
        } else if (entries_.size() < max_roster) {
            entries_.insert(it, u);
        }
    }
}

void roster::asked(std::string prefix) {
    if (in_flight_.size() == max_searches_in_flight) in_flight_.pop_front();
    in_flight_.push_back(std::move(prefix));
}

void roster::clear() {
    entries_.clear();
    more_ = false;
    prefix_.clear();
    in_flight_.clear();
    stale_ = false;
}

}  // namespace duet::call
