// The client-to-server codec: what a client writes (encode) and what the server reads
// (decode). decode() builds a tree of every message; the server puts its relay fast path in
// front of it (server/signaling/relay_text.hpp), and holds that path to give what this gives.
#pragma once

#include <string>
#include <string_view>

#include "protocol/messages.hpp"

namespace duet::protocol::to_server {

decoded<message> decode(std::string_view text, limits const& lim = {});

std::string encode(login const& m);
std::string encode(offer const& m);
std::string encode(answer const& m);
std::string encode(candidate const& m);
std::string encode(leave const& m);
std::string encode(call const& m);
std::string encode(accept const& m);
std::string encode(refresh_ice const& m);
std::string encode(search const& m);

}  // namespace duet::protocol::to_server
