// What a userinfo answer may add to a verified ID token, and every way it is refused: the
// answer comes from the network, so a wrong subject or a malformed body must change nothing.
#include "identity/userinfo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace duet::identity;
using json = nlohmann::json;

namespace {

// What a provider that keeps the profile at userinfo puts in the ID token: the subject only.
id_claims bare_token() {
    id_claims claims;
    claims.issuer = "https://id.example.org";
    claims.subject = "alice-0001";
    return claims;
}

json alice_userinfo() {
    return {{"sub", "alice-0001"},
            {"preferred_username", "alice"},
            {"email", "alice@example.org"},
            {"email_verified", true},
            {"name", "Alice Wang"}};
}

}  // namespace

TEST_CASE("Userinfo fills what the ID token lacks", "[identity]") {
    SECTION("a bare token gets the profile and the email") {
        auto merged = with_userinfo(bare_token(), 200, alice_userinfo().dump());
        REQUIRE(merged);
        CHECK(merged.value->subject == "alice-0001");
        CHECK(merged.value->issuer == "https://id.example.org");
        CHECK(merged.value->preferred_username == "alice");
        CHECK(merged.value->email == "alice@example.org");
        CHECK(merged.value->email_verified == true);
        CHECK(merged.value->name == "Alice Wang");
    }
    SECTION("only missing claims are filled: what the token says wins") {
        auto token = bare_token();
        token.name = "Alice W.";
        token.email = "alice@corp.example";
        token.email_verified = false;
        auto merged = with_userinfo(token, 200, alice_userinfo().dump());
        REQUIRE(merged);
        CHECK(merged.value->name == "Alice W.");
        CHECK(merged.value->email == "alice@corp.example");
        CHECK(merged.value->email_verified == false);
        CHECK(merged.value->preferred_username == "alice");
    }
    SECTION("email_verified is taken only for the email it speaks of") {
        auto token = bare_token();
        token.email = "alice@corp.example";
        auto merged = with_userinfo(token, 200, alice_userinfo().dump());
        REQUIRE(merged);
        CHECK(merged.value->email == "alice@corp.example");
        CHECK_FALSE(merged.value->email_verified.has_value());
        auto no_email = alice_userinfo();
        no_email.erase("email");
        merged = with_userinfo(bare_token(), 200, no_email.dump());
        REQUIRE(merged);
        CHECK(merged.value->email.empty());
        CHECK_FALSE(merged.value->email_verified.has_value());
    }
    SECTION("fields that are not strings (or not a boolean) are left out") {
        json answer{{"sub", "alice-0001"},
                    {"preferred_username", 42},
                    {"email", json::array({"alice@example.org"})},
                    {"email_verified", "true"},
                    {"name", json{{"first", "Alice"}}}};
        auto merged = with_userinfo(bare_token(), 200, answer.dump());
        REQUIRE(merged);
        CHECK(merged.value->preferred_username.empty());
        CHECK(merged.value->email.empty());
        CHECK_FALSE(merged.value->email_verified.has_value());
        CHECK(merged.value->name.empty());
    }
    SECTION("an answer with nothing more changes nothing") {
        auto merged = with_userinfo(bare_token(), 200, R"({"sub":"alice-0001"})");
        REQUIRE(merged);
        CHECK(merged.value->name.empty());
        CHECK(merged.value->email.empty());
    }
}

TEST_CASE("Userinfo answers that are not used", "[identity]") {
    SECTION("another subject (Core 5.3.2): the answer may be about someone else") {
        auto answer = alice_userinfo();
        answer["sub"] = "mallory-0666";
        CHECK(with_userinfo(bare_token(), 200, answer.dump()).failure.code ==
              error_code::bad_subject);
        // Compared exactly: no case folding, no trimming.
        answer["sub"] = "Alice-0001";
        CHECK(with_userinfo(bare_token(), 200, answer.dump()).failure.code ==
              error_code::bad_subject);
    }
    SECTION("no sub, or a sub that is not a string") {
        auto answer = alice_userinfo();
        answer.erase("sub");
        CHECK(with_userinfo(bare_token(), 200, answer.dump()).failure.code ==
              error_code::missing_claim);
        answer["sub"] = 1;
        CHECK(with_userinfo(bare_token(), 200, answer.dump()).failure.code ==
              error_code::missing_claim);
    }
    SECTION("not JSON, or JSON that is not an object (a signed JWT answer included)") {
        for (auto body : {"<html>Sign in</html>", "", "[1,2]", "\"alice\"",
                          "{\"sub\":", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"}) {
            CAPTURE(body);
            CHECK(with_userinfo(bare_token(), 200, body).failure.code == error_code::bad_encoding);
        }
    }
    SECTION("an answer that is not 200 is not read") {
        for (unsigned status : {401u, 403u, 500u, 302u}) {
            CAPTURE(status);
            auto refused = with_userinfo(bare_token(), status, alice_userinfo().dump());
            CHECK(refused.failure.code == error_code::provider);
            CHECK_FALSE(refused);
        }
    }
    SECTION("an answer too large is not parsed") {
        auto answer = alice_userinfo();
        answer["groups"] = std::string(max_userinfo_bytes, 'g');
        CHECK(with_userinfo(bare_token(), 200, answer.dump()).failure.code == error_code::provider);
    }
}

TEST_CASE("When userinfo is asked, and with which token", "[identity]") {
    SECTION("a token with every claim Duet uses needs no userinfo") {
        auto full = *with_userinfo(bare_token(), 200, alice_userinfo().dump()).value;
        CHECK_FALSE(lacks_profile_claims(full));
        CHECK(lacks_profile_claims(bare_token()));
        for (int missing = 0; missing < 4; ++missing) {
            CAPTURE(missing);
            auto claims = full;
            if (missing == 0) claims.preferred_username.clear();
            if (missing == 1) claims.email.clear();
            if (missing == 2) claims.email_verified.reset();
            if (missing == 3) claims.name.clear();
            CHECK(lacks_profile_claims(claims));
        }
    }
    SECTION("the access token is used only when it is a Bearer token") {
        CHECK(bearer_access_token(
                  R"({"access_token":"at-1","token_type":"Bearer","id_token":"x"})") == "at-1");
        CHECK(bearer_access_token(R"({"access_token":"at-1","token_type":"bearer"})") == "at-1");
        CHECK(bearer_access_token(R"({"access_token":"at-1","token_type":"DPoP"})").empty());
        CHECK(bearer_access_token(R"({"access_token":"at-1"})").empty());
        CHECK(bearer_access_token(R"({"access_token":7,"token_type":"Bearer"})").empty());
        CHECK(bearer_access_token(R"({"id_token":"x","token_type":"Bearer"})").empty());
        CHECK(bearer_access_token("not json").empty());
    }
}
