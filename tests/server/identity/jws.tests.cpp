#include "identity/jws.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "identity/base64url.hpp"
#include "identity/jwk.hpp"
#include "token_signer.hpp"

using namespace duet::identity;
using json = nlohmann::json;

namespace {

// RFC 7515 appendix A: the payload both examples sign, with its CR LF and spaces.
constexpr char rfc_payload[] =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

// Appendix A.2: RS256.
constexpr char a2_n[] =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-"
    "4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-"
    "yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-"
    "bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-"
    "KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-"
    "DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
constexpr char a2_jws[] =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_"
    "O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4"
    "BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--"
    "xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv"
    "hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// Appendix A.3: ES256 (the signature is randomized; this one is the RFC's).
constexpr char a3_x[] = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
constexpr char a3_y[] = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
constexpr char a3_jws[] =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

public_key key_of(json const& jwk) {
    auto parsed = parse_jwk(jwk);
    REQUIRE(parsed);
    return *parsed.value;
}

std::string with_part(std::string const& compact, int index, std::string const& part) {
    auto a = compact.find('.');
    auto b = compact.find('.', a + 1);
    if (index == 0) return part + compact.substr(a);
    if (index == 1) return compact.substr(0, a + 1) + part + compact.substr(b);
    return compact.substr(0, b + 1) + part;
}

}  // namespace

TEST_CASE("base64url", "[identity]") {
    SECTION("RFC 4648 vectors, without padding, in the URL alphabet") {
        CHECK(base64url_encode("") == "");
        CHECK(base64url_encode("f") == "Zg");
        CHECK(base64url_encode("fo") == "Zm8");
        CHECK(base64url_encode("foo") == "Zm9v");
        CHECK(base64url_encode("foobar") == "Zm9vYmFy");
        CHECK(base64url_encode("\xfb\xff") == "-_8");
        CHECK(base64url_decode("-_8") == std::string("\xfb\xff"));
        CHECK(base64url_decode("Zm9vYmE") == std::string("fooba"));
    }
    SECTION("padding, the standard alphabet and impossible lengths are refused") {
        CHECK_FALSE(base64url_decode("Zg=="));
        CHECK_FALSE(base64url_decode("+/8"));
        CHECK_FALSE(base64url_decode("Zm9vY"));
        CHECK_FALSE(base64url_decode("Zm 9v"));
    }
}

TEST_CASE("JWK to an OpenSSL key", "[identity]") {
    SECTION("RFC 7517 appendix A.1: the EC key is P-256; an `enc` key is no signing key") {
        auto set = R"({"keys":[{"kty":"EC","crv":"P-256",
            "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","use":"enc","kid":"1"}]})";
        auto key = parse_jwk(json::parse(set)["keys"][0]);
        REQUIRE(key);
        CHECK(key.value->type == key_type::ec_p256);
        CHECK(key.value->kid == "1");
        auto parsed = parse_jwk_set(set);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.failure.code == error_code::bad_key);
    }
    SECTION(
        "a point off the curve, short coordinates, other curves and small RSA keys are refused") {
        json off{{"kty", "EC"}, {"crv", "P-256"}, {"x", a3_x}, {"y", a3_x}};
        CHECK(parse_jwk(off).failure.code == error_code::bad_key);
        json short_x{{"kty", "EC"}, {"crv", "P-256"}, {"x", "AAAA"}, {"y", a3_y}};
        CHECK_FALSE(parse_jwk(short_x));
        json p384{{"kty", "EC"}, {"crv", "P-384"}, {"x", a3_x}, {"y", a3_y}};
        CHECK_FALSE(parse_jwk(p384));
        json small{
            {"kty", "RSA"}, {"n", base64url_encode(std::string(128, '\xc1'))}, {"e", "AQAB"}};
        CHECK(parse_jwk(small).failure.code == error_code::bad_key);
        CHECK_FALSE(parse_jwk(json{{"kty", "oct"}, {"k", "AAAA"}}));
        CHECK_FALSE(parse_jwk(json::array()));
    }
    SECTION("a set that is not one is an encoding error") {
        CHECK(parse_jwk_set("nope").failure.code == error_code::bad_encoding);
        CHECK(parse_jwk_set("{\"keys\":1}").failure.code == error_code::bad_encoding);
    }
}

TEST_CASE("JWS signatures: the RFC 7515 examples", "[identity]") {
    auto rsa = key_of({{"kty", "RSA"}, {"n", a2_n}, {"e", "AQAB"}});
    auto ec = key_of({{"kty", "EC"}, {"crv", "P-256"}, {"x", a3_x}, {"y", a3_y}});

    SECTION("A.2 checks with the A.2 RSA key and yields the payload") {
        auto verified = verify_jws(a2_jws, {rsa});
        REQUIRE(verified);
        CHECK(verified.value->alg == "RS256");
        CHECK(verified.value->payload == rfc_payload);
    }
    SECTION("A.3 checks with the A.3 EC key: a raw r||s signature turned into DER") {
        auto verified = verify_jws(a3_jws, {ec});
        REQUIRE(verified);
        CHECK(verified.value->payload == rfc_payload);
    }
    SECTION("each example fails with the other's key type, and when a byte changes") {
        CHECK(verify_jws(a2_jws, {ec}).failure.code == error_code::unknown_key);
        CHECK(verify_jws(a3_jws, {rsa}).failure.code == error_code::unknown_key);
        std::string tampered = a2_jws;
        tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
        CHECK(verify_jws(tampered, {rsa}).failure.code == error_code::bad_signature);
        auto other_payload = with_part(a3_jws, 1, base64url_encode("{\"iss\":\"eve\"}"));
        CHECK(verify_jws(other_payload, {ec}).failure.code == error_code::bad_signature);
    }
    SECTION("an ES256 signature of the wrong length is refused, not crashed on") {
        auto short_sig = with_part(a3_jws, 2, base64url_encode(std::string(63, 'x')));
        CHECK(verify_jws(short_sig, {ec}).failure.code == error_code::bad_signature);
        auto empty_sig = with_part(a3_jws, 2, "");
        CHECK(verify_jws(empty_sig, {ec}).failure.code == error_code::bad_signature);
    }
}

TEST_CASE("JWS: tokens signed by the tests' own keys", "[identity]") {
    static duet::testing::token_signer const rsa("RS256", "rsa-1");
    static duet::testing::token_signer const ec("ES256", "ec-1");
    static duet::testing::token_signer const stranger("RS256", "rsa-1");  // same kid, other key
    auto keys = parse_jwk_set(json{{"keys", {rsa.public_jwk(), ec.public_jwk()}}}.dump());
    REQUIRE(keys);
    json claims{{"sub", "alice"}};

    SECTION("both algorithms check, each with the key its kid names") {
        CHECK(verify_jws(rsa.sign(claims), *keys.value));
        CHECK(verify_jws(ec.sign(claims), *keys.value));
    }
    SECTION("a token signed by another key is refused") {
        CHECK(verify_jws(stranger.sign(claims), *keys.value).failure.code ==
              error_code::bad_signature);
    }
    SECTION("an unknown kid says so, so the caller can fetch the keys again") {
        auto token = rsa.sign(claims, {{"kid", "rotated"}});
        CHECK(verify_jws(token, *keys.value).failure.code == error_code::unknown_key);
    }
    SECTION("alg none, HS256 and a header that lies about the alg are refused") {
        auto none =
            base64url_encode(R"({"alg":"none"})") + "." + base64url_encode(claims.dump()) + ".";
        CHECK(verify_jws(none, *keys.value).failure.code == error_code::unsupported_alg);
        auto hs = rsa.sign(claims, {{"alg", "HS256"}});
        CHECK(verify_jws(hs, *keys.value).failure.code == error_code::unsupported_alg);
        auto lying = rsa.sign(claims, {{"alg", "ES256"}, {"kid", "ec-1"}});
        CHECK(verify_jws(lying, *keys.value).failure.code == error_code::bad_signature);
        auto no_alg = base64url_encode("{}") + "." + base64url_encode("{}") + ".AA";
        CHECK(verify_jws(no_alg, *keys.value).failure.code == error_code::unsupported_alg);
    }
    SECTION("a tampered payload is refused") {
        auto token = rsa.sign(claims);
        auto tampered = with_part(token, 1, base64url_encode(json{{"sub", "mallory"}}.dump()));
        CHECK(verify_jws(tampered, *keys.value).failure.code == error_code::bad_signature);
    }
    SECTION("malformed compact forms are encoding errors") {
        for (auto text : {"", "a.b", "a.b.c.d", "!!.e30.AA", "e30.!!.AA", "bm90IGpzb24.e30.AA"}) {
            CHECK(verify_jws(text, *keys.value).failure.code == error_code::bad_encoding);
        }
    }
}
