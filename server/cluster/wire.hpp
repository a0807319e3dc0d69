// What nodes say to each other through Redis pub/sub, written and read in one place:
// - on a node's channel `duet:node:{id}`, for one of its connections (its number `conn`):
//     m<conn>\n<frame>    a frame to send it
//     d<conn>\n           close it (its name was reclaimed elsewhere)
// - on `duet:presence`, from the scripts (registry_scripts.cpp): Redis' number of the change,
//   then one line per user whose status changed:
//     <sequence>\n<name>\t<available|busy|offline>\n...
// A payload that does not parse is ignored: only our own nodes publish there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/protocol.hpp"

namespace duet::cluster::wire {

// The decimal number at the start of `text`; 0 when there is none.
std::uint64_t number(std::string_view text);

struct node_message {
    bool close = false;  // 'd'; else 'm', with a frame
    std::uint64_t conn = 0;
    std::string_view frame;
};

std::string node_message_text(bool close, std::string_view conn, std::string_view frame);
std::optional<node_message> parse_node_message(std::string_view payload);

struct presence_change {
    std::uint64_t sequence = 0;
    protocol::to_client::presence message;  // not full: the users whose status changed
};

std::optional<presence_change> parse_presence_change(std::string_view payload);

}  // namespace duet::cluster::wire
