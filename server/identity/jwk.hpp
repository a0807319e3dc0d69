// A provider's signing keys as OpenSSL keys: the JWK Set at its jwks_uri (RFC 7517) turned into
// EVP_PKEYs once, when fetched, so each token's check is one signature verification.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "identity/identity_error.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace duet::identity {

enum class key_type { rsa, ec_p256 };

struct public_key {
    std::string kid;  // may be empty: a set of one key needs none
    std::string alg;  // the JWK's `alg` when it names one; a token must then use that one
    key_type type = key_type::rsa;
    std::shared_ptr<EVP_PKEY> key;  // shared: a cached set is copied to every verification
};

// One JWK (an RSA key of 2048 bits or more, or an EC key on P-256), public parts only.
result<public_key> parse_jwk(nlohmann::json const& jwk);

// A JWK Set. Keys we cannot verify signatures with (encryption keys, other types and curves)
// are skipped, not errors: providers publish them beside their signing keys. A set with no
// usable key, or text that is not a set, is an error.
result<std::vector<public_key>> parse_jwk_set(std::string_view text);

}  // namespace duet::identity
