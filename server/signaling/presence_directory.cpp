// The presence directory and its windows: see presence_directory.hpp.
#include "signaling/presence_directory.hpp"

#include <utility>

namespace duet {

namespace {

bool has_prefix(std::string_view name, std::string_view prefix) {
    return name.substr(0, prefix.size()) == prefix;
}

}  // namespace

presence_directory::name_map::const_iterator presence_directory::first_with(
    std::string_view prefix) const {
    return online_.lower_bound(prefix);
}

std::size_t presence_directory::rank(std::string_view prefix, std::string const& name) const {
    // Every name between the prefix and `name` has the prefix too (`name` has it), so the
    // walk needs no prefix test; it stops at the window, which is all a caller asks.
    std::size_t n = 0;
    for (auto it = first_with(prefix); it != online_.end() && it->first < name && n < window_;
         ++it) {
        ++n;
    }
    return n;
}

presence_directory::name_map::const_iterator presence_directory::nth(std::string_view prefix,
                                                                  std::size_t index) const {
    auto it = first_with(prefix);
    for (std::size_t i = 0; it != online_.end() && has_prefix(it->first, prefix); ++it, ++i) {
        if (i == index) return it;
    }
    return online_.end();
}

bool presence_directory::more(std::string_view prefix) const {
    return nth(prefix, window_) != online_.end();
}

presence_directory::availability presence_directory::status(std::string const& name) const {
    auto it = online_.find(name);
    return it == online_.end() ? availability::offline : it->second;
}

std::vector<presence_parcel> presence_directory::changed(std::string const& name,
                                                         availability before, availability now) {
    return changed({{name, before, now}});
}

std::vector<presence_parcel> presence_directory::changed(std::vector<change> const& changes) {
    // One frame per window touched, whatever number of its names changed: the changes of one
    // operation (a call links two users) reach a subscriber together, in their order.
    struct frame {
        group const* to = nullptr;
        bool more_before = false;
        protocol::to_client::presence message{false, {}};
    };
    std::vector<frame> frames;
    frames.reserve(groups_.size());  // one at most per window: references to them stay good
    auto frame_of = [&](std::string const& prefix, group const& g) -> frame& {
        for (auto& f : frames) {
            if (f.to == &g) return f;
        }
        frames.push_back({&g, more(prefix), {false, {}}});
        return frames.back();
    };

    for (auto const& [name, before, now] : changes) {
        if (before == now) continue;
        // The windows this name can be in: those whose prefix starts it. Looked up by each of
        // the name's prefixes, or, when fewer prefixes are watched than that, by each of them.
        std::vector<std::pair<std::string const*, group const*>> touched;
        if (groups_.size() <= name.size() + 1) {
            for (auto const& [prefix, g] : groups_) {
                if (has_prefix(name, prefix)) touched.emplace_back(&prefix, &g);
            }
        } else {
            for (std::size_t i = 0; i <= name.size(); ++i) {
                auto it = groups_.find(name.substr(0, i));
                if (it != groups_.end()) touched.emplace_back(&it->first, &it->second);
            }
        }
        std::vector<char> was_in;  // the name was in each window
        was_in.reserve(touched.size());
        for (auto const& [prefix, g] : touched) {
            frame_of(*prefix, *g);  // notes `more` before this change, for a new frame
            was_in.push_back(before != availability::offline && rank(*prefix, name) < window_);
        }

        if (now == availability::offline) {
            online_.erase(name);
        } else {
            online_.insert_or_assign(name, now);
        }

        for (std::size_t i = 0; i < touched.size(); ++i) {
            auto const& prefix = *touched[i].first;
            auto& users = frame_of(prefix, *touched[i].second).message.users;
            bool const in = now != availability::offline && rank(prefix, name) < window_;
            if (before == availability::offline) {
                if (!in) continue;
                users.push_back({name, now});
                // The window was full: its last name is pushed out of it.
                auto pushed = nth(prefix, window_);
                if (pushed != online_.end()) users.push_back({pushed->first, availability::offline});
            } else if (now == availability::offline) {
                if (!was_in[i]) continue;
                users.push_back({name, availability::offline});
                // The first name past the window moves into its last place.
                auto entered = nth(prefix, window_ - 1);
                if (entered != online_.end()) users.push_back({entered->first, entered->second});
            } else if (in) {
                users.push_back({name, now});
            }
        }
    }

    std::vector<presence_parcel> out;
    for (auto& f : frames) {
        bool const more_now = more(f.to->prefix);
        if (f.message.users.empty() && more_now == f.more_before) continue;
        f.message.more = more_now;
        out.push_back(to_group(*f.to, std::move(f.message)));
    }
    return out;
}

presence_parcel presence_directory::watch(std::string const& name, std::weak_ptr<recipient> who,
                                          std::string const& prefix) {
    unwatch(name);
    prefix_of_.emplace(name, prefix);
    auto& g = groups_[prefix];
    g.prefix = prefix;
    g.members.emplace(name, who);

    protocol::to_client::presence list{true, {}};
    auto it = first_with(prefix);
    for (; it != online_.end() && has_prefix(it->first, prefix) && list.users.size() < window_;
         ++it) {
        list.users.push_back({it->first, it->second});
    }
    list.more = it != online_.end() && has_prefix(it->first, prefix);
    list.prefix = prefix;
    return {std::move(list), {{name, std::move(who)}}};
}

void presence_directory::unwatch(std::string const& name) {
    auto it = prefix_of_.find(name);
    if (it == prefix_of_.end()) return;
    auto g = groups_.find(it->second);
    if (g != groups_.end()) {
        g->second.members.erase(name);
        if (g->second.members.empty()) groups_.erase(g);
    }
    prefix_of_.erase(it);
}

void presence_directory::unwatch_if(std::string const& name, recipient const* who) {
    auto it = prefix_of_.find(name);
    if (it == prefix_of_.end()) return;
    auto g = groups_.find(it->second);
    if (g == groups_.end()) return;
    auto m = g->second.members.find(name);
    if (m != g->second.members.end() && m->second.lock().get() != who) return;
    unwatch(name);
}

std::vector<std::string> presence_directory::names() const {
    std::vector<std::string> out;
    out.reserve(online_.size());
    for (auto const& [name, _] : online_) out.push_back(name);
    return out;
}

presence_parcel presence_directory::to_group(group const& g,
                                             protocol::to_client::presence message) {
    presence_parcel parcel{std::move(message), {}};
    parcel.to.reserve(g.members.size());
    for (auto const& [name, who] : g.members) parcel.to.push_back({name, who});
    return parcel;
}

}  // namespace duet
