// The chat's frames, its rate limit and its rules (common/chat/).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "chat/conversation.hpp"
#include "chat/frame.hpp"
#include "chat/token_bucket.hpp"

namespace {
using namespace duet::chat;

// A conversation between alice (us) and bob whose channel is open and whose hello came.
conversation ready() {
    conversation c;
    c.start("alice", "bob");
    c.on_channel_open();
    c.on_frame(encode_hello(), 0, 0, 0);
    return c;
}
}  // namespace

TEST_CASE("chat frames: round trip and hostile text", "[chat]") {
    SECTION("a message comes back as it went, in any script") {
        for (std::string text : {"hi", "你好，世界！", "emoji ☺ ★ ✓", "quote \" and \\ and \n"}) {
            auto f = decode(encode_message(text, 1733489000123));
            REQUIRE(f);
            REQUIRE(std::holds_alternative<message>(*f));
            CHECK(std::get<message>(*f).text == text);
            CHECK(std::get<message>(*f).at_ms == 1733489000123);
        }
    }
    SECTION("the type is under t, so other kinds can share the channel") {
        CHECK(encode_hello() == R"({"t":"hello","v":1})");
        CHECK(encode_message("x", 5) == R"({"at":5,"t":"chat","text":"x"})");
        CHECK(std::holds_alternative<hello>(*decode(encode_hello())));
    }
    SECTION("malformed, unknown, empty, over-size and invalid UTF-8 are nothing") {
        std::vector<std::string> const bad_frames{
            "",
            "not json",
            "[]",
            "{}",
            R"({"t":5})",
            R"({"t":"file","name":"x"})",
            R"({"t":"chat"})",
            R"({"t":"chat","text":7})",
            R"({"t":"chat","text":""})",
            std::string(R"({"t":"chat","text":")") + "\xC3\x28" + "\"}",
            R"({"t":"chat","text":")" + std::string(max_text_bytes + 1, 'a') + "\"}",
            std::string(max_frame_bytes + 1, ' ')};
        for (auto const& bad : bad_frames) {
            CHECK_FALSE(decode(bad));
        }
    }
    SECTION("a message at the limit passes; a missing clock is 0") {
        auto f = decode(R"({"t":"chat","text":")" + std::string(max_text_bytes, 'a') + "\"}");
        REQUIRE(f);
        CHECK(std::get<message>(*f).at_ms == 0);
    }
}

TEST_CASE("chat token bucket: a burst, then a steady rate", "[chat]") {
    token_bucket b(3, 2);  // 3 at once, then 2 a second
    CHECK(b.take(0));
    CHECK(b.take(0));
    CHECK(b.take(0));
    CHECK_FALSE(b.take(0));
    CHECK_FALSE(b.take(400));
    CHECK(b.take(500));
    CHECK_FALSE(b.take(500));
    SECTION("a clock going back gives nothing") { CHECK_FALSE(b.take(100)); }
    SECTION("a long pause refills no more than the burst") {
        CHECK(b.take(100000));
        CHECK(b.take(100000));
        CHECK(b.take(100000));
        CHECK_FALSE(b.take(100000));
    }
}

TEST_CASE("chat conversation: available only after the partner's hello", "[chat]") {
    conversation c;
    c.start("alice", "bob");
    CHECK_FALSE(c.available());
    CHECK(c.on_channel_open() == encode_hello());
    CHECK_FALSE(c.available());  // a tutorial page or an older client never says hello
    SECTION("their messages before a hello are ignored") {
        CHECK_FALSE(c.on_frame(encode_message("early", 1), 0, 1, 0));
        CHECK(c.entries().empty());
    }
    SECTION("sending without a hello is refused with a notice") {
        CHECK_FALSE(c.send("hi", 1, 0));
        CHECK(c.current_notice() == notice::not_connected);
    }
    SECTION("the hello makes it available; the channel's loss takes it away") {
        CHECK(c.on_frame(encode_hello(), 0, 0, 0));
        CHECK(c.available());
        c.on_channel_closed();
        CHECK_FALSE(c.available());
    }
}

TEST_CASE("chat conversation: sending", "[chat]") {
    auto c = ready();
    SECTION("a message is kept as ours and its frame returned") {
        auto f = c.send("  你好 ☺ ", 1000, 60);
        REQUIRE(f);
        CHECK(std::get<message>(*decode(*f)).text == "你好 ☺");
        REQUIRE(c.entries().size() == 1);
        CHECK(c.entries()[0].mine);
        CHECK(c.entries()[0].from == "alice");
        CHECK(c.entries()[0].utc_offset_minutes == 60);
    }
    SECTION("blank text is no message and no notice") {
        CHECK_FALSE(c.send(" \n ", 1, 0));
        CHECK(c.entries().empty());
        CHECK(c.current_notice() == notice::none);
    }
    SECTION("over 4 KiB is refused with a notice, nothing kept; the next send clears it") {
        std::string big(max_text_bytes + 3, 'x');
        CHECK_FALSE(c.send(big, 1, 0));
        CHECK(c.entries().empty());
        CHECK(c.current_notice() == notice::too_long);
        CHECK(c.refused_bytes() == big.size());
        CHECK(c.send(std::string(max_text_bytes, 'x'), 2, 0));
        CHECK(c.current_notice() == notice::none);
    }
    SECTION("the limit is in bytes of UTF-8: 1366 Chinese characters are 4098") {
        std::string han;
        for (int i = 0; i < 1366; ++i) han += "好";
        CHECK_FALSE(c.send(han, 1, 0));
        CHECK(c.current_notice() == notice::too_long);
    }
}

TEST_CASE("chat conversation: receiving, unread and the rate limit", "[chat]") {
    auto c = ready();
    auto from_bob = [&](std::string const& text, double t) {
        return c.on_frame(encode_message(text, 7), t, 1000, 0);
    };
    SECTION("a message is kept as theirs; unread counts while the panel is closed") {
        CHECK(from_bob("one", 0));
        CHECK(from_bob("two", 0));
        CHECK(c.unread() == 2);
        CHECK(c.entries()[1].from == "bob");
        CHECK_FALSE(c.entries()[1].mine);
        CHECK(c.entries()[1].at_ms == 1000);  // our clock, not theirs
        auto before = c.revision();
        c.set_open(true);
        CHECK(c.unread() == 0);
        CHECK(c.revision() != before);
        CHECK(from_bob("three", 0));
        CHECK(c.unread() == 0);  // read as it comes
        c.set_open(false);
        CHECK(from_bob("four", 0));
        CHECK(c.unread() == 1);
    }
    SECTION("a flood: the burst passes, the rest is dropped with one notice") {
        int shown = 0;
        int changes = 0;
        for (int i = 0; i < 10000; ++i) {
            auto before = c.entries().size();
            if (from_bob("spam", 1)) ++changes;
            if (c.entries().size() > before) ++shown;
        }
        CHECK(shown == int(conversation::burst) - 1);  // the hello took one token
        CHECK(changes == shown + 1);                   // and the notice one change
        CHECK(c.current_notice() == notice::dropped);
        c.dismiss_notice();
        CHECK(from_bob("later", 1001));  // the bucket refills with time
        CHECK(c.entries().back().text == "later");
    }
    SECTION("the history is bounded, oldest out first") {
        for (int i = 0; i < int(conversation::max_entries) + 5; ++i) {
            c.send("m" + std::to_string(i), i, 0);
        }
        CHECK(c.entries().size() == conversation::max_entries);
        CHECK(c.entries().front().text == "m5");
    }
    SECTION("after the call the history stays; the next call clears it") {
        from_bob("bye", 0);
        c.on_channel_closed();
        CHECK_FALSE(c.available());
        CHECK(c.entries().size() == 1);
        CHECK_FALSE(from_bob("late", 0));  // nothing arrives on a closed channel
        c.start("alice", "carol");
        CHECK(c.entries().empty());
        CHECK(c.unread() == 0);
        CHECK(c.partner() == "carol");
    }
}

TEST_CASE("chat clock: HH:MM in the local zone", "[chat]") {
    std::int64_t noon_utc = 1733486400000;  // 2024-12-06 12:00:00 UTC
    CHECK(clock_hhmm(noon_utc, 0) == "12:00");
    CHECK(clock_hhmm(noon_utc + 59999, 0) == "12:00");
    CHECK(clock_hhmm(noon_utc, 480) == "20:00");       // UTC+8
    CHECK(clock_hhmm(noon_utc, -13 * 60) == "23:00");  // back past midnight
    CHECK(clock_hhmm(noon_utc, 12 * 60 + 5) == "00:05");
    CHECK(clock_hhmm(0, 0) == "00:00");
}
