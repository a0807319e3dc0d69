#include "identity/id_token.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "identity/json_fields.hpp"
#include "identity/jws.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;
using out_type = result<id_claims>;

// NumericDate (RFC 7519 section 2): seconds, possibly fractional.
bool time_claim(json const& claims, char const* name, std::int64_t& out) {
    auto it = claims.find(name);
    if (it == claims.end() || !it->is_number()) return false;
    auto value = it->get<double>();
    if (!std::isfinite(value) || std::fabs(value) > 1e15) return false;
    out = static_cast<std::int64_t>(std::floor(value));
    return true;
}

bool audience_has(json const& aud, std::string const& client_id, std::size_t& count) {
    if (aud.is_string()) {
        count = 1;
        return aud.get<std::string>() == client_id;
    }
    if (!aud.is_array()) return false;
    count = aud.size();
    for (auto const& entry : aud) {
        if (entry.is_string() && entry.get<std::string>() == client_id) return true;
    }
    return false;
}

}  // namespace

result<id_claims> check_claims(std::string_view payload, token_expectations const& expected) {
    auto claims = json::parse(payload, nullptr, false);
    if (claims.is_discarded() || !claims.is_object())
        return out_type::fail(error_code::bad_encoding, "the token's payload is not a JSON object");

    id_claims out;
    out.issuer = string_field(claims, "iss");
    out.subject = string_field(claims, "sub");
    if (out.issuer.empty() || out.subject.empty())
        return out_type::fail(error_code::missing_claim, "the token has no iss or no sub");
    if (out.issuer != expected.issuer)
        return out_type::fail(error_code::bad_issuer, "the token was issued by another issuer");

    auto aud = claims.find("aud");
    std::size_t audiences = 0;
    if (aud == claims.end() || !audience_has(*aud, expected.client_id, audiences))
        return out_type::fail(error_code::bad_audience, "the token was not issued to this server");
    auto const azp = string_field(claims, "azp");
    if ((audiences > 1 && azp.empty()) || (!azp.empty() && azp != expected.client_id))
        return out_type::fail(error_code::bad_authorized_party,
                              "the token's azp is not this server");

    std::int64_t issued_at = 0;
    if (!time_claim(claims, "exp", out.expires_at) || !time_claim(claims, "iat", issued_at))
        return out_type::fail(error_code::missing_claim, "the token has no exp or no iat");
    if (out.expires_at + expected.skew <= expected.now)
        return out_type::fail(error_code::expired, "the token has expired");
    if (issued_at - expected.skew > expected.now)
        return out_type::fail(error_code::not_yet_valid, "the token was issued in the future");

    // The nonce ties the token to the browser that started this login (Core 3.1.2.1).
    if (expected.nonce.empty() || string_field(claims, "nonce") != expected.nonce)
        return out_type::fail(error_code::bad_nonce, "the token's nonce is not this login's");

    out.email = string_field(claims, "email");
    if (auto it = claims.find("email_verified"); it != claims.end() && it->is_boolean())
        out.email_verified = it->get<bool>();
    out.name = string_field(claims, "name");
    out.preferred_username = string_field(claims, "preferred_username");
    return out_type::ok(std::move(out));
}

result<id_claims> verify_id_token(std::string_view compact, std::vector<public_key> const& keys,
                                  token_expectations const& expected) {
    auto jws = verify_jws(compact, keys);
    if (!jws) return out_type::fail(jws.failure.code, std::move(jws.failure.message));
    return check_claims(jws.value->payload, expected);
}

}  // namespace duet::identity
