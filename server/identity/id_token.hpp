// The checks an OpenID Connect relying party owes an ID token (OpenID Connect Core 1.0, section
// 3.1.3.7), done in full even though the token arrives straight from the token endpoint over
// TLS: a wrong issuer or audience is how one site's token would be replayed at another.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/identity_error.hpp"
#include "identity/jwk.hpp"

namespace duet::identity {

struct token_expectations {
    std::string issuer;       // compared exactly: no trailing slash added or removed
    std::string client_id;    // must be in aud; azp must equal it when present
    std::string nonce;        // the one sent with this login's authorization request
    std::int64_t now = 0;     // seconds since the epoch
    std::int64_t skew = 120;  // clocks disagree: exp and iat are given this much slack
};

// What the rest of the server learns from a verified token.
struct id_claims {
    std::string issuer;
    std::string subject;
    std::string email;
    // Absent when the token does not say: then userinfo may (userinfo.hpp).
    std::optional<bool> email_verified;
    std::string name;                // the display name
    std::string preferred_username;  // a hint for the Duet name, never an identifier
    std::int64_t expires_at = 0;
};

// The claims of a payload whose signature checked. Every refusal has its own code.
result<id_claims> check_claims(std::string_view payload, token_expectations const& expected);

// verify_jws, then check_claims.
result<id_claims> verify_id_token(std::string_view compact, std::vector<public_key> const& keys,
                                  token_expectations const& expected);

}  // namespace duet::identity
