#include "identity/login_flow.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace duet::identity;
using json = nlohmann::json;
using std::chrono::steady_clock;

namespace {

json discovery() {
    return {{"issuer", "https://id.example.org"},
            {"authorization_endpoint", "https://id.example.org/auth"},
            {"token_endpoint", "https://id.example.org/token"},
            {"jwks_uri", "https://id.example.org/jwks"}};
}

}  // namespace

TEST_CASE("Discovery document", "[identity]") {
    SECTION("the endpoints are read; the secret goes by HTTP Basic unless only post is listed") {
        auto parsed = parse_discovery(discovery().dump(), "https://id.example.org");
        REQUIRE(parsed);
        CHECK(parsed.value->token_endpoint == "https://id.example.org/token");
        CHECK_FALSE(parsed.value->secret_in_body);
        auto doc = discovery();
        doc["token_endpoint_auth_methods_supported"] = {"client_secret_post"};
        CHECK(parse_discovery(doc.dump(), "https://id.example.org").value->secret_in_body);
        doc["token_endpoint_auth_methods_supported"] = {"client_secret_post",
                                                        "client_secret_basic"};
        CHECK_FALSE(parse_discovery(doc.dump(), "https://id.example.org").value->secret_in_body);
    }
    SECTION("a userinfo endpoint is optional, and used only over https") {
        CHECK(parse_discovery(discovery().dump(), "https://id.example.org")
                  .value->userinfo_endpoint.empty());
        auto doc = discovery();
        doc["userinfo_endpoint"] = "https://id.example.org/me";
        CHECK(parse_discovery(doc.dump(), "https://id.example.org").value->userinfo_endpoint ==
              "https://id.example.org/me");
        doc["userinfo_endpoint"] = "http://id.example.org/me";
        auto plain = parse_discovery(doc.dump(), "https://id.example.org");
        REQUIRE(plain);
        CHECK(plain.value->userinfo_endpoint.empty());
    }
    SECTION("another issuer, a plain-http endpoint or nonsense is refused") {
        CHECK(parse_discovery(discovery().dump(), "https://id.example.org/").failure.code ==
              error_code::bad_issuer);
        auto doc = discovery();
        doc["token_endpoint"] = "http://id.example.org/token";
        CHECK(parse_discovery(doc.dump(), "https://id.example.org").failure.code ==
              error_code::provider);
        CHECK_FALSE(parse_discovery("<html>", "https://id.example.org"));
    }
}

TEST_CASE("Query strings, cookies and PKCE", "[identity]") {
    SECTION("query values are found and decoded") {
        auto target = "/auth/callback?code=a%2Fb+c&state=xyz&empty=";
        CHECK(query_value(target, "code") == "a/b c");
        CHECK(query_value(target, "state") == "xyz");
        CHECK(query_value(target, "empty").empty());
        CHECK(query_value(target, "absent").empty());
        CHECK(query_value("/auth/callback", "code").empty());
        CHECK(query_value("/x?co=1&code=2", "code") == "2");
    }
    SECTION("url_encode keeps only unreserved characters") {
        CHECK(url_encode("a b/c?d=e&f~g.h-i_j") == "a%20b%2Fc%3Fd%3De%26f~g.h-i_j");
    }
    SECTION("the cookie named is found among others") {
        CHECK(cookie_value("a=1; duet_session=xyz.abc; b=2", "duet_session") == "xyz.abc");
        CHECK(cookie_value("duet_session=v", "duet_session") == "v");
        CHECK(cookie_value("xduet_session=v", "duet_session").empty());
        CHECK(cookie_value("", "duet_session").empty());
    }
    SECTION("RFC 7636 appendix B: the S256 challenge of the example verifier") {
        CHECK(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") ==
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}

TEST_CASE("Pending logins", "[identity]") {
    pending_logins pending;
    auto now = steady_clock::now();
    pending_login login{"nonce", "verifier", "http://localhost/auth/callback",
                        now + std::chrono::minutes(10)};

    SECTION("a state is taken once: a replay finds nothing") {
        auto state = pending.add(login, now);
        REQUIRE(state.size() >= 40);
        auto taken = pending.take(state, now);
        REQUIRE(taken);
        CHECK(taken->nonce == "nonce");
        CHECK_FALSE(pending.take(state, now));
        CHECK_FALSE(pending.take("made-up", now));
    }
    SECTION("an expired state is refused, and gone") {
        auto state = pending.add(login, now);
        CHECK_FALSE(pending.take(state, now + std::chrono::minutes(11)));
        CHECK(pending.size() == 0);
    }
    SECTION("states differ") { CHECK(pending.add(login, now) != pending.add(login, now)); }
    SECTION("the authorization URL carries the flow's parameters") {
        auto metadata = parse_discovery(discovery().dump(), "https://id.example.org");
        auto url = authorization_url(*metadata.value, "duet", "http://127.0.0.1:8080/auth/callback",
                                     "st", login);
        CHECK(url.rfind(
                  "https://id.example.org/auth?response_type=code&scope=openid%20email%20profile",
                  0) == 0);
        CHECK(url.find("&client_id=duet&") != std::string::npos);
        CHECK(url.find("&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fauth%2Fcallback&") !=
              std::string::npos);
        CHECK(url.find("&state=st&nonce=nonce&code_challenge=" + pkce_challenge("verifier") +
                       "&code_challenge_method=S256") != std::string::npos);
    }
}

TEST_CASE("Token endpoint answers", "[identity]") {
    CHECK(*id_token_from(200, R"({"id_token":"a.b.c","access_token":"x"})").value == "a.b.c");
    CHECK(id_token_from(200, R"({"access_token":"x"})").failure.code == error_code::provider);
    auto refused =
        id_token_from(400, R"({"error":"invalid_grant","error_description":"code secret-code"})");
    CHECK(refused.failure.message.find("invalid_grant") != std::string::npos);
    CHECK(refused.failure.message.find("secret-code") == std::string::npos);
    CHECK_FALSE(id_token_from(200, "not json"));
}
