// A relay message (offer, answer, candidate) written around a payload that is already JSON
// text: what encode() does when a message holds `sdp_text` or `candidate_text`. The server's
// relay fast path keeps the sender's payload as text (server/signaling/relay_text.hpp), and
// splicing it costs a fraction of parsing it into a tree to dump it again.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace duet::protocol {

// {"name":name,"offer":payload,"type":"offer"} and the like: `type` is offer, answer or
// candidate, which is also the payload's key. The keys come in the order nlohmann writes them
// (sorted), so the frame is byte for byte the tree's when the payload is as nlohmann writes
// it. nullopt when there is no payload text, or when `name` is not valid UTF-8 (nlohmann's
// dump() throws on that, and the caller's tree path keeps it so).
std::optional<std::string> encode_with_payload_text(std::string_view type, std::string_view name,
                                                    std::string_view payload);

}  // namespace duet::protocol
