// The server's relay fast path. Offer, answer and candidate are nearly all of its traffic, and
// a relay needs only `type` and `name`: checking the payload in one pass (text/json_scan.hpp)
// and passing it on as the sender's text (protocol/payload_text.hpp) costs a fraction of
// building a tree only to dump it again. decode() puts that path in front of the protocol's
// own to_server::decode, which reads everything else, and gives exactly what it gives.
#pragma once

#include <optional>
#include <string_view>

#include "protocol/protocol.hpp"

namespace duet::relay_text {

// The message with its payload in sdp_text / candidate_text, when `text` is an offer, answer
// or candidate that to_server::decode would accept with the same meaning. nullopt for
// anything else, valid or not: other types, errors (their messages come from the tree),
// duplicate or escaped keys, escaped `type` or `name`, extra members beyond a few.
std::optional<protocol::to_server::message> scan(std::string_view text,
                                                 protocol::limits const& lim = {});

// What protocol::to_server::decode gives for `text`, a relay read by scan() when it can be.
protocol::decoded<protocol::to_server::message> decode(std::string_view text,
                                                       protocol::limits const& lim = {});

}  // namespace duet::relay_text
