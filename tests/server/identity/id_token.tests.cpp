#include "identity/id_token.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "token_signer.hpp"

using namespace duet::identity;
using json = nlohmann::json;

namespace {

constexpr std::int64_t now = 1'800'000'000;

token_expectations expected() {
    return {"https://id.example.org", "duet-client", "n-0S6_WzA2Mj", now, 120};
}

json good_claims() {
    return {{"iss", "https://id.example.org"}, {"sub", "248289761001"},  {"aud", "duet-client"},
            {"nonce", "n-0S6_WzA2Mj"},         {"exp", now + 300},       {"iat", now - 10},
            {"email", "alice@example.org"},    {"email_verified", true}, {"name", "Alice Wang"},
            {"preferred_username", "alice"}};
}

error_code refusal(json const& claims) {
    auto checked = check_claims(claims.dump(), expected());
    REQUIRE_FALSE(checked);
    return checked.failure.code;
}

}  // namespace

TEST_CASE("ID token claims", "[identity]") {
    SECTION("a good token yields who it is about") {
        auto checked = check_claims(good_claims().dump(), expected());
        REQUIRE(checked);
        CHECK(checked.value->subject == "248289761001");
        CHECK(checked.value->issuer == "https://id.example.org");
        CHECK(checked.value->email == "alice@example.org");
        CHECK(checked.value->email_verified == true);
        CHECK(checked.value->name == "Alice Wang");
        CHECK(checked.value->preferred_username == "alice");
        CHECK(checked.value->expires_at == now + 300);
    }
    SECTION("the issuer must match exactly: a trailing slash is another issuer") {
        auto claims = good_claims();
        claims["iss"] = "https://id.example.org/";
        CHECK(refusal(claims) == error_code::bad_issuer);
        claims["iss"] = "https://evil.example.org";
        CHECK(refusal(claims) == error_code::bad_issuer);
    }
    SECTION("the audience must contain our client id; with several, azp must be ours") {
        auto claims = good_claims();
        claims["aud"] = "another-client";
        CHECK(refusal(claims) == error_code::bad_audience);
        claims["aud"] = json::array({"another-client", "third"});
        CHECK(refusal(claims) == error_code::bad_audience);
        claims.erase("aud");
        CHECK(refusal(claims) == error_code::bad_audience);
        claims["aud"] = json::array({"another-client", "duet-client"});
        CHECK(refusal(claims) == error_code::bad_authorized_party);
        claims["azp"] = "another-client";
        CHECK(refusal(claims) == error_code::bad_authorized_party);
        claims["azp"] = "duet-client";
        CHECK(check_claims(claims.dump(), expected()));
    }
    SECTION("an expired token is refused, within the skew it is not") {
        auto claims = good_claims();
        claims["exp"] = now - 121;
        CHECK(refusal(claims) == error_code::expired);
        claims["exp"] = now - 60;
        CHECK(check_claims(claims.dump(), expected()));
    }
    SECTION("a token issued in the future is refused") {
        auto claims = good_claims();
        claims["iat"] = now + 600;
        CHECK(refusal(claims) == error_code::not_yet_valid);
    }
    SECTION("a mismatched or missing nonce is refused") {
        auto claims = good_claims();
        claims["nonce"] = "another-login";
        CHECK(refusal(claims) == error_code::bad_nonce);
        claims.erase("nonce");
        CHECK(refusal(claims) == error_code::bad_nonce);
    }
    SECTION("missing or mistyped required claims are refused") {
        for (auto name : {"sub", "iss", "exp", "iat"}) {
            auto claims = good_claims();
            claims.erase(name);
            CHECK(refusal(claims) == error_code::missing_claim);
        }
        auto claims = good_claims();
        claims["exp"] = "tomorrow";
        CHECK(refusal(claims) == error_code::missing_claim);
        CHECK(check_claims("[1]", expected()).failure.code == error_code::bad_encoding);
    }
}

TEST_CASE("ID tokens end to end: signature, then claims", "[identity]") {
    static duet::testing::token_signer const provider("ES256", "k1");
    static duet::testing::token_signer const attacker("ES256", "k1");
    auto keys = parse_jwk_set(provider.jwk_set());
    REQUIRE(keys);

    SECTION("the provider's token is accepted") {
        CHECK(verify_id_token(provider.sign(good_claims()), *keys.value, expected()));
    }
    SECTION("the same claims signed by another key are not") {
        auto checked = verify_id_token(attacker.sign(good_claims()), *keys.value, expected());
        CHECK(checked.failure.code == error_code::bad_signature);
    }
    SECTION("a good signature does not excuse a wrong audience, expiry or nonce") {
        auto claims = good_claims();
        claims["aud"] = "someone-else";
        CHECK(verify_id_token(provider.sign(claims), *keys.value, expected()).failure.code ==
              error_code::bad_audience);
        claims = good_claims();
        claims["exp"] = now - 3600;
        CHECK(verify_id_token(provider.sign(claims), *keys.value, expected()).failure.code ==
              error_code::expired);
        auto other_login = expected();
        other_login.nonce = "other";
        CHECK(
            verify_id_token(provider.sign(good_claims()), *keys.value, other_login).failure.code ==
            error_code::bad_nonce);
    }
    SECTION("alg none is refused before any claim is looked at") {
        auto none = provider.sign(good_claims(), {{"alg", "none"}});
        none = none.substr(0, none.rfind('.') + 1);
        CHECK(verify_id_token(none, *keys.value, expected()).failure.code ==
              error_code::unsupported_alg);
    }
}
