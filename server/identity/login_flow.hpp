// The pure half of the authorization code flow (OpenID Connect Core 3.1, with PKCE, RFC 7636):
// what the provider's discovery document says, the URL a browser is sent to, the single-use
// `state` a browser must bring back, the token request and its answer. No I/O: the relying
// party (relying_party.cpp) does the fetching.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "identity/identity_error.hpp"

namespace duet::identity {

struct provider_metadata {
    std::string issuer;
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
    // How the client secret goes to the token endpoint: HTTP Basic unless the provider
    // lists only client_secret_post (Core 9: basic is the default).
    bool secret_in_body = false;
    // Optional (Discovery 3), and empty unless https: an access token is sent to it.
    std::string userinfo_endpoint;
};

// The discovery document; its issuer must equal `expected_issuer` exactly (Discovery 4.3) and
// every endpoint must be https.
result<provider_metadata> parse_discovery(std::string_view text,
                                          std::string const& expected_issuer);

// RFC 3986 unreserved characters kept, everything else %XX: for query strings and form bodies.
std::string url_encode(std::string_view text);
// The value of `name` in a query string (after '?'), decoded; empty when absent.
std::string query_value(std::string_view target, std::string_view name);
// The value of cookie `name` in a Cookie header, or empty.
std::string cookie_value(std::string_view header, std::string_view name);

// PKCE S256: base64url(SHA-256(verifier)).
std::string pkce_challenge(std::string_view verifier);

// What a login in progress keeps between the redirect to the provider and the way back.
struct pending_login {
    std::string nonce;
    std::string verifier;      // the PKCE code_verifier
    std::string redirect_uri;  // sent again with the code, exactly as first sent
    std::chrono::steady_clock::time_point expires;
};

// Logins started and not yet come back, by state. A state is taken once: a replayed callback
// finds nothing. Bounded, so a flood of /auth/login cannot grow the server without limit.
class pending_logins {
  public:
    static constexpr std::size_t max_pending = 10000;
    static constexpr std::chrono::minutes lifetime{10};

    // A new state for `login`, or empty when too many logins are in progress.
    std::string add(pending_login login, std::chrono::steady_clock::time_point now);
    std::optional<pending_login> take(std::string const& state,
                                      std::chrono::steady_clock::time_point now);
    std::size_t size() const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, pending_login> by_state_;
};

// The authorization request URL (Core 3.1.2.1), with PKCE.
std::string authorization_url(provider_metadata const& provider, std::string const& client_id,
                              std::string const& redirect_uri, std::string const& state,
                              pending_login const& login);

// The ID token from a token endpoint's answer (RFC 6749 5.1), or why there is none.
result<std::string> id_token_from(unsigned status, std::string_view body);

}  // namespace duet::identity
