// The microphone/camera state message and when it is sent, what a received one means, and
// the "You are muted" hint (call/media_controls.hpp).
#include "call/media_controls.hpp"

#include <catch2/catch.hpp>

namespace {
using duet::call::decode_media_state;
using duet::call::encode_media_state;
using duet::call::media_controls;
using duet::call::media_state;
}  // namespace

TEST_CASE("media state message: round trip and hostile text", "[call][media]") {
    SECTION("each state comes back as it went") {
        for (bool mic : {false, true}) {
            for (bool camera : {false, true}) {
                auto back = decode_media_state(encode_media_state({mic, camera}));
                REQUIRE(back);
                CHECK(*back == media_state{mic, camera});
            }
        }
    }
    SECTION("the text names its type, so other messages can share the channel later") {
        CHECK(encode_media_state({false, true}) == R"({"camera":true,"mic":false,"type":"media"})");
    }
    SECTION("a shared screen is said only while shared") {
        CHECK(encode_media_state({true, false, true}) ==
              R"({"camera":false,"mic":true,"screen":true,"type":"media"})");
        auto s = decode_media_state(encode_media_state({true, false, true}));
        REQUIRE(s);
        CHECK(s->screen);
        auto old = decode_media_state(R"({"type":"media","mic":true,"camera":true})");
        REQUIRE(old);
        CHECK_FALSE(old->screen);
        auto odd = decode_media_state(R"({"type":"media","mic":true,"camera":true,"screen":"yes"})");
        REQUIRE(odd);
        CHECK_FALSE(odd->screen);
    }
    SECTION("toggling the microphone or camera keeps the share") {
        media_controls c;
        c.set_sharing(true);
        CHECK(c.toggle_mic().local.screen);
        CHECK(c.toggle_camera().local.screen);
        CHECK_FALSE(c.set_sharing(false).local.screen);
    }
    SECTION("unknown keys are ignored") {
        auto s = decode_media_state(R"({"type":"media","mic":false,"camera":true,"hand":1})");
        REQUIRE(s);
        CHECK_FALSE(s->mic);
    }
    SECTION("anything else is refused without throwing") {
        for (char const* bad :
             {"", "{", "null", "[]", R"({"mic":false,"camera":true})",
              R"({"type":"chat","mic":false,"camera":true})",
              R"({"type":"media","mic":0,"camera":true})", R"({"type":"media","mic":false})",
              R"({"type":7,"mic":false,"camera":true})", "\xff\xfe"}) {
            CAPTURE(bad);
            CHECK_FALSE(decode_media_state(bad));
        }
    }
}

TEST_CASE("media controls: what is sent when", "[call][media]") {
    media_controls c;

    SECTION("both on at first, for this side and the partner") {
        CHECK(c.local() == media_state{true, true});
        CHECK(c.remote() == media_state{true, true});
    }
    SECTION("a toggle before the channel opens changes the tracks but sends nothing") {
        auto e = c.toggle_mic();
        CHECK(e.local == media_state{false, true});
        CHECK_FALSE(e.send);
        SECTION("the channel's opening sends the state then") {
            auto sent = c.on_channel_open();
            REQUIRE(sent);
            CHECK(decode_media_state(*sent) == media_state{false, true});
        }
    }
    SECTION("with the channel open every toggle is sent") {
        c.on_channel_open();
        auto e = c.toggle_camera();
        REQUIRE(e.send);
        CHECK(decode_media_state(*e.send) == media_state{true, false});
        e = c.toggle_camera();
        REQUIRE(e.send);
        CHECK(decode_media_state(*e.send) == media_state{true, true});
    }
    SECTION("after the call the channel is gone: nothing sent until the next one opens") {
        c.on_channel_open();
        c.on_call_over();
        CHECK_FALSE(c.toggle_mic().send);
        CHECK_FALSE(c.local().mic);  // a muted person stays muted into the next call
    }
}

TEST_CASE("media controls: what the partner said", "[call][media]") {
    media_controls c;
    SECTION("a change is reported once") {
        CHECK(c.on_message(encode_media_state({false, true})));
        CHECK_FALSE(c.remote().mic);
        CHECK(c.remote().camera);
        CHECK_FALSE(c.on_message(encode_media_state({false, true})));
    }
    SECTION("a bad message changes nothing") {
        c.on_message(encode_media_state({true, false}));
        CHECK_FALSE(c.on_message("{\"type\":\"media\""));
        CHECK(c.remote() == media_state{true, false});
    }
    SECTION("the end of the call forgets the partner's state") {
        c.on_message(encode_media_state({false, false}));
        c.on_call_over();
        CHECK(c.remote() == media_state{true, true});
    }
}

TEST_CASE("media controls: the muted hint follows speech while muted", "[call][media]") {
    media_controls c;
    SECTION("speech while heard shows nothing") {
        c.on_local_level(0.3, 1000);
        CHECK_FALSE(c.muted_hint(1000));
    }
    SECTION("muted") {
        c.toggle_mic();
        SECTION("room noise shows nothing") {
            c.on_local_level(0.005, 1000);
            CHECK_FALSE(c.muted_hint(1000));
        }
        SECTION("speech shows the hint, which stays between words and then goes") {
            c.on_local_level(0.2, 1000);
            CHECK(c.muted_hint(1000));
            c.on_local_level(0.001, 1250);
            CHECK(c.muted_hint(2400));
            CHECK_FALSE(c.muted_hint(2500));
        }
        SECTION("unmuting clears it at once") {
            c.on_local_level(0.2, 1000);
            c.toggle_mic();
            CHECK_FALSE(c.muted_hint(1001));
            c.toggle_mic();
            CHECK_FALSE(c.muted_hint(1002));
        }
    }
}
