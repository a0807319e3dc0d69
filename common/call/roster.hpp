// Who else is online, from the server's `presence` messages: a full list on sign-in, then
// changes. Kept sorted by name so the call screen lists it without sorting each frame.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "protocol/protocol.hpp"

namespace duet::call {

// Users kept from `presence`; a larger crowd than a call screen can list.
inline constexpr std::size_t max_roster = 5000;

class roster {
  public:
    using entry = protocol::to_client::presence_entry;

    // `self` is never listed: one cannot call oneself.
    void apply(protocol::to_client::presence const& m, std::string const& self);
    void clear() { entries_.clear(); }
    std::vector<entry> const& entries() const { return entries_; }

  private:
    std::vector<entry> entries_;
};

}  // namespace duet::call
