// The rules for user names, shared by the server (which enforces them) and the client
// (which tells the user before sending).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "protocol/messages.hpp"

namespace duet::protocol {

// 1..32 code points of valid UTF-8, no control characters, no space of any kind at either
// end (a name padded with one would look like someone else's).
inline constexpr std::size_t max_name_code_points = 32;
std::optional<decode_error> validate_name(std::string_view name);

}  // namespace duet::protocol
