// The safety code: both sides get the same code from the same two fingerprints, any change
// of one changes it, and a description without a usable fingerprint gives none.
#include "call/safety_code.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <string>

using namespace duet;
using call::safety_error;

namespace {

constexpr char const* fp_a =
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:A1:6A:1B:54:2D:4F:1B:06:9A";
constexpr char const* fp_b =
    "sha-256 D1:2B:5E:09:77:C0:4F:6E:31:88:A2:5C:FE:10:3D:94:6B:0A:E7:21:C9:58:3F:44:AB:70:12:8D:E6:35:B9:0C";

// A description shaped like Chromium's, with the fingerprint at media level, twice
// (bundled audio and video).
std::string sdp(std::string const& fp, bool session_level = false) {
    std::string s = "v=0\r\no=- 46117317 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    if (session_level) s += "a=fingerprint:" + fp + "\r\n";
    s += "a=group:BUNDLE 0 1\r\n";
    for (char const* mid : {"0", "1"}) {
        s += std::string("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n");
        if (!session_level) s += "a=fingerprint:" + fp + "\r\n";
        s += std::string("a=setup:actpass\r\na=mid:") + mid + "\r\n";
    }
    return s;
}

}  // namespace

TEST_CASE("safety code: the same on both sides", "[call][safety]") {
    auto ours = call::safety_code_of(sdp(fp_a), sdp(fp_b));
    auto theirs = call::safety_code_of(sdp(fp_b), sdp(fp_a));
    REQUIRE(ours.error == safety_error::none);
    CHECK(ours.code == theirs.code);
    SECTION("six digits in two groups") {
        REQUIRE(ours.code.size() == 7);
        CHECK(ours.code[3] == ' ');
        for (std::size_t i : {0u, 1u, 2u, 4u, 5u, 6u}) {
            CHECK(ours.code[i] >= '0');
            CHECK(ours.code[i] <= '9');
        }
    }
    SECTION("session level, LF only, other letter case: the same fingerprint") {
        std::string lower_b = fp_b;
        for (char& c : lower_b) c = char(std::tolower(static_cast<unsigned char>(c)));
        std::string lf = sdp(fp_a, true);
        std::string no_cr;
        for (char c : lf)
            if (c != '\r') no_cr += c;
        CHECK(call::safety_code_of(no_cr, sdp(lower_b)).code == ours.code);
    }
}

TEST_CASE("safety code: a swapped fingerprint changes it", "[call][safety]") {
    auto honest = call::safety_code_of(sdp(fp_a), sdp(fp_b));
    std::string forged = fp_b;
    forged[forged.size() - 1] = 'D';  // one hex digit, as a tampering relay would
    auto tampered = call::safety_code_of(sdp(fp_a), sdp(forged));
    REQUIRE(tampered.error == safety_error::none);
    CHECK(tampered.code != honest.code);
    SECTION("the same two fingerprints on one side do not make a code") {
        CHECK(call::safety_code_of(sdp(fp_a), sdp(fp_a)).code != honest.code);
    }
}

TEST_CASE("safety code: none without usable fingerprints", "[call][safety]") {
    std::string good = sdp(fp_a);
    SECTION("no fingerprint line") {
        auto r = call::safety_code_of(good, "v=0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n");
        CHECK(r.error == safety_error::no_fingerprint);
        CHECK(r.code.empty());
        CHECK(call::safety_code_of("", good).error == safety_error::no_fingerprint);
    }
    SECTION("malformed fingerprint lines") {
        for (char const* bad : {"a=fingerprint:sha-256", "a=fingerprint:sha-256 ",
                                "a=fingerprint: AB:CD", "a=fingerprint:sha-256 ABCD",
                                "a=fingerprint:sha-256 AB:CG", "a=fingerprint:sha-256 AB:CD:",
                                "a=fingerprint:sha 256 AB:CD", "a=fingerprint:sha-256 A"}) {
            INFO(bad);
            auto r = call::safety_code_of(good, std::string("v=0\r\n") + bad + "\r\n");
            CHECK(r.error == safety_error::malformed);
            CHECK(r.code.empty());
        }
    }
    SECTION("a fingerprint longer than any hash function's") {
        std::string hex = "AB";
        for (int i = 0; i < 64; ++i) hex += ":AB";
        CHECK(call::safety_code_of(good, "a=fingerprint:sha-512 " + hex).error ==
              safety_error::malformed);
    }
    SECTION("names its errors") {
        CHECK(std::string(call::to_string(safety_error::malformed)) == "malformed");
        CHECK(std::string(call::to_string(safety_error::no_fingerprint)) == "no_fingerprint");
    }
}
