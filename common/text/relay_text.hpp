// The messages the server relays (offer, answer, candidate), read and written with their
// payload kept as text. They are nearly all of its traffic, and a relay needs only `type` and
// `name`: checking the payload with json_scan and copying it costs a fraction of building a
// tree to dump it again. Used by protocol.cpp; anything these functions decline goes through
// the tree as every other message does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/protocol.hpp"

namespace duet::protocol::relay_text {

// The message with its payload in sdp_text / candidate_text, when `text` is an offer, answer
// or candidate that to_server::decode_via_tree would accept with the same meaning. nullopt
// for anything else, valid or not: other types, errors (their messages come from the tree),
// duplicate or escaped keys, escaped `type` or `name`, extra members beyond a few.
std::optional<to_server::message> decode(std::string_view text, limits const& lim);

// {"name":name,"offer":payload,"type":"offer"} and the like: `type` is offer, answer or
// candidate, which is also the payload's key. The keys come in the order nlohmann writes them
// (sorted), so the frame is byte for byte the tree's when the payload is as nlohmann writes it. nullopt when there is
// no payload text, or when `name` is not valid UTF-8 (nlohmann's dump() throws on that, and
// the caller's tree path keeps it so).
std::optional<std::string> encode(std::string_view type, std::string_view name,
                                  std::string_view payload);

}  // namespace duet::protocol::relay_text
