// What one registry operation changed in who is online, busy or available: the seam between
// a registry (which knows the changes, their order and who watches what) and the presence
// component (which sends them). A registry shared by several processes returns the same.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "protocol/protocol.hpp"
#include "signaling/recipient.hpp"

namespace duet {

struct presence_subscriber {
    std::string name;  // left out of what it is sent: nobody is listed to themselves
    std::weak_ptr<recipient> who;
};

// One frame and the subscribers it is for: those who watch one presence window
// (presence_directory.hpp) share it.
struct presence_parcel {
    protocol::to_client::presence message;  // a full list, or the users whose status changed
    std::vector<presence_subscriber> to;
};

struct presence_update {
    // The registry's order of its changes, counting from 1 with no gaps: the presence
    // component sends update n only after n-1. 0: nothing to send.
    std::uint64_t sequence = 0;
    std::vector<presence_parcel> parcels;

    bool empty() const { return sequence == 0; }
};

}  // namespace duet
