// base64url without padding (RFC 7515 section 2, RFC 4648 section 5): how every part of a JWT
// and every number of a JWK is written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace duet::identity {

std::string base64url_encode(std::string_view bytes);

// Empty on any character outside the alphabet, on padding, and on a length no encoder makes
// (one character over a multiple of four).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace duet::identity
