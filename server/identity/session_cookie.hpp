// The `duet_session` cookie: who signed in through the provider, signed by this server so a
// reload (and every WebSocket login) is believed without asking the provider again. A value
// the browser holds but cannot forge: the claims in the clear (nothing secret is in them),
// then an HMAC-SHA256 over them with a key only the server (or every node of a cluster,
// sharing the key file) knows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "identity/identity_error.hpp"

namespace duet::identity {

struct session {
    std::string name;  // the Duet name bound to the account
    std::string subject;
    std::string issuer;
    std::string email;
    std::string display;          // the provider's `name`, e.g. "Alice Wang"
    std::int64_t expires_at = 0;  // seconds since the epoch
};

// At least this many bytes of key: HMAC-SHA256's block of security.
inline constexpr std::size_t min_session_key_bytes = 32;

// base64url(JSON) "." base64url(HMAC-SHA256(key, the first part)).
std::string encode_session(session const& s, std::string_view key);

// Refuses a value whose MAC does not check (compared in constant time), a malformed one and
// an expired one (error_code::bad_cookie, error_code::cookie_expired).
result<session> decode_session(std::string_view cookie, std::string_view key, std::int64_t now);

// The key from `file` (surrounding whitespace trimmed), or 32 random bytes when `file` is
// empty: a key per process signs everyone out at a restart, which is safe but not kind.
result<std::string> load_session_key(std::filesystem::path const& file);

// HMAC-SHA256, raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Random bytes from OpenSSL's generator, base64url: states, nonces, PKCE verifiers.
std::string random_url_token(std::size_t bytes = 32);

}  // namespace duet::identity
