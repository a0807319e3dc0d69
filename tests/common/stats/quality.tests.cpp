// The quality rule at its boundaries, and the path's words.
#include "stats/quality.hpp"

#include <catch2/catch.hpp>

namespace s = duet::stats;
using s::quality;

namespace {
s::quality_input good_call() { return {10.0, 0.0, 30.0, 800.0}; }
}  // namespace

TEST_CASE("quality: each figure's boundaries", "[stats][quality]") {
    auto with = [](auto change) {
        auto in = good_call();
        change(in);
        return s::quality_of(in);
    };
    CHECK(s::quality_of(good_call()) == quality::good);

    SECTION("round trip: good below 300 ms, poor from 800 ms") {
        CHECK(with([](auto& i) { i.rtt_ms = 299.9; }) == quality::good);
        CHECK(with([](auto& i) { i.rtt_ms = 300; }) == quality::fair);
        CHECK(with([](auto& i) { i.rtt_ms = 799.9; }) == quality::fair);
        CHECK(with([](auto& i) { i.rtt_ms = 800; }) == quality::poor);
        CHECK(with([](auto& i) { i.rtt_ms.reset(); }) == quality::good);
    }
    SECTION("loss: good below 2 %, poor from 8 %") {
        CHECK(with([](auto& i) { i.loss_pct = 1.99; }) == quality::good);
        CHECK(with([](auto& i) { i.loss_pct = 2; }) == quality::fair);
        CHECK(with([](auto& i) { i.loss_pct = 7.99; }) == quality::fair);
        CHECK(with([](auto& i) { i.loss_pct = 8; }) == quality::poor);
    }
    SECTION("frame rate: good from 15, poor below 8, only while video arrives") {
        CHECK(with([](auto& i) { i.fps = 15; }) == quality::good);
        CHECK(with([](auto& i) { i.fps = 14.9; }) == quality::fair);
        CHECK(with([](auto& i) { i.fps = 8; }) == quality::fair);
        CHECK(with([](auto& i) { i.fps = 7.9; }) == quality::poor);
        // A camera turned off: black frames at 1 fps in a few kbps.
        CHECK(with([](auto& i) {
                  i.fps = 1;
                  i.kbps_video_in = 49;
              }) == quality::good);
        CHECK(with([](auto& i) {
                  i.fps = 1;
                  i.kbps_video_in = 50;
              }) == quality::poor);
    }
    SECTION("the worst figure decides") {
        CHECK(with([](auto& i) {
                  i.rtt_ms = 400;
                  i.loss_pct = 9;
              }) == quality::poor);
        CHECK(with([](auto& i) {
                  i.rtt_ms = 400;
                  i.fps = 10;
              }) == quality::fair);
    }
}

TEST_CASE("quality: names", "[stats][quality]") {
    CHECK(s::to_string(quality::unknown) == "unknown");
    CHECK(s::to_string(quality::good) == "good");
    CHECK(s::to_string(quality::fair) == "fair");
    CHECK(s::to_string(quality::poor) == "poor");
}

TEST_CASE("path: the worse end decides, in words", "[stats][quality]") {
    using s::path;
    CHECK(s::path_of("host", "host") == path::host);
    CHECK(s::path_of("host", "srflx") == path::srflx);
    CHECK(s::path_of("prflx", "host") == path::srflx);
    CHECK(s::path_of("relay", "host") == path::relay);
    CHECK(s::path_of("srflx", "relay") == path::relay);
    CHECK(s::path_of("", "host") == path::unknown);
    CHECK(s::path_of("host", "bogus") == path::unknown);
    CHECK(s::to_string(path::host) == "host");
    CHECK(s::to_string(path::srflx) == "srflx");
    CHECK(s::to_string(path::relay) == "relay");
    CHECK(s::to_string(path::unknown).empty());
    auto english = [](path p) {
        return std::string_view(duet::words::say(s::word_for(p), duet::words::language::english));
    };
    CHECK(english(path::host) == "direct (LAN)");
    CHECK(english(path::srflx) == "via STUN address");
    CHECK(english(path::relay) == "relayed by TURN");
    CHECK(english(path::unknown) == "unknown");
}
