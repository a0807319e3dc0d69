#include "identity/session_cookie.hpp"

#include <catch2/catch.hpp>

#include "identity/base64url.hpp"
#include "temp_dir.hpp"

using namespace duet::identity;

namespace {

std::string const key(32, 'k');
constexpr std::int64_t now = 1'800'000'000;

session alice() {
    return {"alice",      "248289761001", "https://id.example.org", "alice@example.org",
            "Alice Wang", now + 3600};
}

}  // namespace

TEST_CASE("HMAC-SHA256", "[identity]") {
    SECTION("RFC 4231 test case 2") {
        CHECK(base64url_encode(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
              base64url_encode(std::string(
                  "\x5b\xdc\xc1\x46\xbf\x60\x75\x4e\x6a\x04\x24\x26\x08\x95\x75\xc7\x5a\x00\x3f"
                  "\x08\x9d\x27\x39\x83\x9d\xec\x58\xb9\x64\xec\x38\x43",
                  32)));
    }
}

TEST_CASE("Session cookie", "[identity]") {
    SECTION("what is encoded decodes, field by field") {
        auto cookie = encode_session(alice(), key);
        auto decoded = decode_session(cookie, key, now);
        REQUIRE(decoded);
        CHECK(decoded.value->name == "alice");
        CHECK(decoded.value->subject == "248289761001");
        CHECK(decoded.value->issuer == "https://id.example.org");
        CHECK(decoded.value->email == "alice@example.org");
        CHECK(decoded.value->display == "Alice Wang");
        CHECK(decoded.value->expires_at == now + 3600);
    }
    SECTION("a tampered body, a tampered MAC or another key is refused") {
        auto cookie = encode_session(alice(), key);
        auto mallory = alice();
        mallory.name = "mallory";
        auto forged_body = encode_session(mallory, "another key, another key, another");
        auto swapped =
            forged_body.substr(0, forged_body.find('.')) + cookie.substr(cookie.find('.'));
        CHECK(decode_session(swapped, key, now).failure.code == error_code::bad_cookie);
        auto flipped = cookie;
        flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
        CHECK(decode_session(flipped, key, now).failure.code == error_code::bad_cookie);
        CHECK(decode_session(cookie, std::string(32, 'x'), now).failure.code ==
              error_code::bad_cookie);
        for (auto text : {"", ".", "abc", "abc.", ".abc", "e30.e30"}) {
            CHECK(decode_session(text, key, now).failure.code == error_code::bad_cookie);
        }
    }
    SECTION("an expired session is refused") {
        auto cookie = encode_session(alice(), key);
        CHECK(decode_session(cookie, key, now + 3600).failure.code == error_code::cookie_expired);
        CHECK(decode_session(cookie, key, now + 3599));
    }
    SECTION("a validly signed value naming nobody is refused") {
        auto nobody = alice();
        nobody.subject.clear();
        CHECK(decode_session(encode_session(nobody, key), key, now).failure.code ==
              error_code::bad_cookie);
    }
}

TEST_CASE("Session key", "[identity]") {
    duet::testing::temp_dir dir;
    SECTION("read from a file, surrounding whitespace trimmed") {
        auto file = dir.write("key", "  " + std::string(40, 'z') + "\n");
        auto loaded = load_session_key(file);
        REQUIRE(loaded);
        CHECK(*loaded.value == std::string(40, 'z'));
    }
    SECTION("a short key or a missing file is an error") {
        CHECK(load_session_key(dir.write("short", "tiny\n")).failure.code == error_code::storage);
        CHECK_FALSE(load_session_key(dir.path() / "absent"));
    }
    SECTION("without a file, a random key per process") {
        auto a = load_session_key({});
        auto b = load_session_key({});
        REQUIRE(a);
        REQUIRE(b);
        CHECK(a.value->size() == min_session_key_bytes);
        CHECK(*a.value != *b.value);
    }
}
