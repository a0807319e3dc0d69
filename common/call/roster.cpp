// The presence list (see roster.hpp).
#include "call/roster.hpp"

#include <algorithm>

namespace duet::call {

void roster::apply(protocol::to_client::presence const& m, std::string const& self) {
    if (m.full) entries_.clear();
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

}  // namespace duet::call
