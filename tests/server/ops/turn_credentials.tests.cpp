#include "ops/turn_credentials.hpp"

#include <catch2/catch.hpp>

using namespace duet;

TEST_CASE("TURN REST credentials", "[turn]") {
    SECTION("a known vector, computed independently with openssl") {
        // printf '%s' '1700000000:alice' | openssl dgst -sha1 -hmac secret -binary | base64
        auto c = make_turn_credential("secret", "alice", 1700000000);
        CHECK(c.username == "1700000000:alice");
        CHECK(c.credential == "d8soP47RbdIKLDUOpnJPVQyq5Ts=");
    }
    SECTION("RFC 2202 test case 2 for HMAC-SHA1, in base64") {
        // key "Jefe", data "what do ya want for nothing?": effcdf6ae5eb2fa2d27416d5f184df9c259a7c79
        CHECK(hmac_sha1_base64("Jefe", "what do ya want for nothing?") ==
              "7/zfauXrL6LSdBbV8YTfnCWafHk=");
    }
    SECTION("names in any script, and an empty secret, still make 28 characters") {
        auto c = make_turn_credential("", "张伟", 1);
        CHECK(c.username == "1:张伟");
        CHECK(c.credential.size() == 28);
        CHECK(c.credential.back() == '=');
    }
    SECTION("the expiry and the secret both change the credential") {
        auto base = make_turn_credential("s", "bob", 100).credential;
        CHECK(make_turn_credential("s", "bob", 101).credential != base);
        CHECK(make_turn_credential("t", "bob", 100).credential != base);
        CHECK(make_turn_credential("s", "bob", 100).credential == base);
    }
}
