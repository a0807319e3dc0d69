// Who is online in byte order of their names, and which presence window each subscriber
// watches: what makes a login cost O(window), not O(users online) (issue 14).
//
// Everyone watching everyone cannot be made cheap: one login is news to every subscriber, so
// N logins cost N² frames (4,000 users signing in at once: 11 s of server CPU). A subscriber
// instead watches a *window*: the first `window` names online that start with its search
// prefix ("" by default). On an instance no larger than the window that is everyone, as
// before; on a larger one it is a page of the directory, and a search moves it. A change
// reaches only the subscribers whose window it touches: a login whose name sorts past every
// window costs one ordered-map insert and a look at the windows of its name's prefixes, each
// O(window) at most, whatever the number online.
//
// Subscribers who watch the same prefix share one frame per change. Pure: no lock, no I/O;
// its owner (local_registry, or a node's node_presence) serialises calls and sends the
// parcels it returns through the presence component, in order.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "signaling/presence_update.hpp"

namespace duet {

// The names a presence list holds unless `--presence-window` says otherwise: a page a person
// scrolls through; more than that, one searches.
inline constexpr std::size_t default_presence_window = 100;

class presence_directory {
  public:
    using availability = protocol::to_client::availability;

    explicit presence_directory(std::size_t window) : window_(window == 0 ? 1 : window) {}

    std::size_t window() const { return window_; }

    // `name`'s status went from `before` to `now` (offline: not online); the directory is
    // updated and the frames for the windows it touched are returned.
    std::vector<presence_parcel> changed(std::string const& name, availability before,
                                         availability now);
    // Several changes, in order, as one operation made them: one frame per window touched.
    struct change {
        std::string name;
        availability before = availability::offline;
        availability now = availability::offline;
    };
    std::vector<presence_parcel> changed(std::vector<change> const& changes);

    // `name`'s status as the directory knows it (offline when absent).
    availability status(std::string const& name) const;

    // `who`, signed in as `name`, watches the window of `prefix` from now on (a new subscriber
    // or a search); its full list of that window is returned.
    presence_parcel watch(std::string const& name, std::weak_ptr<recipient> who,
                          std::string const& prefix);

    // `name` watches nothing any more; _if: only while its connection is still `who` (null:
    // one that is gone).
    void unwatch(std::string const& name);
    void unwatch_if(std::string const& name, recipient const* who);

    // Every name online, in order (a copy: for an owner that compares it with another list).
    std::vector<std::string> names() const;

    bool watched() const { return !prefix_of_.empty(); }
    bool watches(std::string const& name) const { return prefix_of_.count(name) != 0; }
    std::size_t online() const { return online_.size(); }

    // Forgets every name online (not the subscribers): for an owner that stops tracking
    // while nobody watches and fills the directory again when someone does.
    void clear_names() { online_.clear(); }

  private:
    struct group {
        std::string prefix;
        std::unordered_map<std::string, std::weak_ptr<recipient>> members;
    };
    using name_map = std::map<std::string, availability, std::less<>>;

    // The first name at or after the start of `prefix`'s range, and that range's end test.
    name_map::const_iterator first_with(std::string_view prefix) const;
    // How many names with `prefix` sort before `name` (counted up to the window: the window
    // if it is that many or more).
    std::size_t rank(std::string_view prefix, std::string const& name) const;
    // The name with `prefix` at position `index` (< window + 1), or end.
    name_map::const_iterator nth(std::string_view prefix, std::size_t index) const;
    // Whether more names have `prefix` than the window holds.
    bool more(std::string_view prefix) const;

    static presence_parcel to_group(group const& g, protocol::to_client::presence message);

    std::size_t window_;
    name_map online_;
    std::unordered_map<std::string, group> groups_;       // by prefix
    std::unordered_map<std::string, std::string> prefix_of_;  // subscriber name: its prefix
};

}  // namespace duet
