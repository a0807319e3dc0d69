// Checking a compact JWS (RFC 7515 section 7.1) against a provider's keys. Only RS256 and ES256
// are accepted: `none` would let anyone write a token, and HS* would let anyone holding the
// public key (as an HMAC secret) forge one; the algorithm comes from the token, so this list
// is what keeps an attacker from choosing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "identity/identity_error.hpp"
#include "identity/jwk.hpp"

namespace duet::identity {

struct verified_jws {
    std::string alg;
    std::string kid;
    std::string payload;  // the decoded payload bytes, whose signature checked
};

// The key is the one whose kid the header names; with no kid, any key of the algorithm's type.
// error_code::unknown_key when no key matches, so the caller can fetch the set again (keys
// rotate) and try once more.
result<verified_jws> verify_jws(std::string_view compact, std::vector<public_key> const& keys);

// A JWS signature over `input` with `key`: the RSA PKCS #1 v1.5 signature for RS256, the raw
// 64-byte r||s of RFC 7518 section 3.4 for ES256.
bool verify_signature(public_key const& key, std::string_view alg, std::string_view input,
                      std::string_view signature);

}  // namespace duet::identity
