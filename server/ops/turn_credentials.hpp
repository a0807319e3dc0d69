#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace duet {

// TURN REST API credentials, as coturn checks them with `use-auth-secret` and
// `static-auth-secret` (draft-uberti-behave-turn-rest-00): the username is
// "<unix expiry>:<user>", the password base64(HMAC-SHA1(secret, username)). Anyone holding
// the secret can mint them, so the TURN server needs no list of users, and a leaked pair
// stops working at its expiry.
struct turn_credential {
    std::string username;
    std::string credential;
};

turn_credential make_turn_credential(std::string_view secret, std::string_view user,
                                     std::int64_t expires_at_unix);

// base64(HMAC-SHA1(key, data)), with padding: 28 characters.
std::string hmac_sha1_base64(std::string_view key, std::string_view data);

}  // namespace duet
