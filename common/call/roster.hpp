// Who else is online, from the server's `presence` messages: a full list on sign-in, then
// changes. Kept sorted by name so the call screen lists it without sorting each frame.
//
// From a server with presence windows (login `presenceWindow`) the list is a window: the
// first names of those online that start with the person's search, with `more` saying
// whether the window left some out. A search typed on quickly sends several; the server
// answers each with a full list, in order. A full list that answers a search older than the
// latest one asked is stale: it is not shown (nor the changes that follow it, which are of
// that stale window), so the list never flashes names the field no longer asks for, and the
// answer to the latest search, which follows, is always taken.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "protocol/protocol.hpp"

namespace duet::call {

// Users kept from `presence`; a larger crowd than a call screen can list.
inline constexpr std::size_t max_roster = 5000;
// Searches remembered as unanswered; an older one's answer is then taken as any unknown one.
inline constexpr std::size_t max_searches_in_flight = 16;

class roster {
  public:
    using entry = protocol::to_client::presence_entry;

    // `self` is never listed: one cannot call oneself.
    void apply(protocol::to_client::presence const& m, std::string const& self);
    // A search for `prefix` went out: full lists that answer an earlier one are stale.
    void asked(std::string prefix);
    void clear();
    std::vector<entry> const& entries() const { return entries_; }
    // More names match than the window holds (a window server only).
    bool more() const { return more_; }
    // The search the list shown answers ("" : from the first name on).
    std::string const& prefix() const { return prefix_; }

  private:
    void take(protocol::to_client::presence const& m, std::string const& self);

    std::vector<entry> entries_;
    bool more_ = false;
    std::string prefix_;
    std::deque<std::string> in_flight_;  // searches sent and not answered, oldest first
    bool stale_ = false;  // the last full list was stale: its changes are not ours either
};

}  // namespace duet::call
