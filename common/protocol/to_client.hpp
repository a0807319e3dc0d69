// The server-to-client codec: what the server writes (encode) and what a client reads
// (decode). decode() always builds the payload's tree; encode() splices a payload kept as
// text (see payload_text.hpp).
#pragma once

#include <string>
#include <string_view>

#include "protocol/messages.hpp"

namespace duet::protocol::to_client {

decoded<message> decode(std::string_view text, limits const& lim = {});

std::string encode(login_result const& m);
std::string encode(offer const& m);
std::string encode(answer const& m);
std::string encode(candidate const& m);
std::string encode(leave const& m);
std::string encode(error const& m);
std::string encode(call const& m);
std::string encode(accept const& m);
std::string encode(missed const& m);
std::string encode(presence const& m);
std::string encode(ice_servers const& m);

// `identity` as the server adds it to a callee's call and offer (the verified fields only
// when verified).
json identity_json(caller_identity const& who);

error make_error(error_code code, std::string text, std::string user = {});

}  // namespace duet::protocol::to_client
