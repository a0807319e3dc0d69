// Why a sign-in step failed, as a value: the verification code is fed what a provider and a
// browser send, so nothing in it may throw, and the relying party maps each code to what the
// person sees (and to the `error` code a refused WebSocket login carries).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace duet::identity {

enum class error_code {
    bad_encoding,     // not base64url, not JSON, not three parts
    bad_key,          // a JWK we cannot turn into a public key
    unsupported_alg,  // anything but RS256 and ES256, `none` and HS* included
    unknown_key,      // no key in the provider's set matches the token's kid
    bad_signature,
    bad_issuer,
    bad_audience,
    bad_authorized_party,
    bad_nonce,
    expired,
    not_yet_valid,  // iat in the future, beyond the allowed skew
    missing_claim,
    bad_cookie,
    cookie_expired,
    name_bound,  // the name belongs to an account
    storage,     // the bindings file could not be read or written
    provider,    // the provider could not be reached or answered nonsense
    bad_state,   // an unknown, used or expired state on the way back
    unavailable, // the shared bindings (Redis) cannot be reached now: try again shortly
    bad_subject, // a userinfo answer about another sub than the ID token's (Core 5.3.2)
};

std::string_view to_string(error_code code);

struct error {
    error_code code;
    std::string message;
};

// A value or the error that stopped it; `value` is empty exactly when there is an error.
template <class T>
struct result {
    std::optional<T> value;
    error failure{error_code::bad_encoding, {}};

    static result ok(T v) { return {std::move(v), {error_code::bad_encoding, {}}}; }
    static result fail(error_code code, std::string message) {
        return {std::nullopt, {code, std::move(message)}};
    }
    explicit operator bool() const { return value.has_value(); }
};

}  // namespace duet::identity
