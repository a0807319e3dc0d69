// The chat panel and its button (ui/chat_panel, ui/in_call_view): the button only when the
// partner's page has chat, its unread count, the panel beside the video or over it, Send and
// its refusal of an over-long text, and the last call's messages after it (ui/call_screen).
#include <catch2/catch.hpp>
#include <string>

#include "chat/conversation.hpp"
#include "chat/frame.hpp"
#include "ui/shortcuts.hpp"
#include "ui_harness.hpp"

namespace {

using duet::call::state;
using duet::test::ui_harness;
namespace ui = duet::ui;
namespace chat = duet::chat;

// alice with bob, whose page said hello; `c` outlives the model that points at it.
ui::model with_chat(chat::conversation& c, bool open, state s = state::in_call) {
    auto m = duet::test::in_call_model(s);
    m.chat = {c.available(), open, c.unread(), c.revision(), &c};
    return m;
}

chat::conversation ready() {
    chat::conversation c;
    c.start("alice", "bob");
    c.on_channel_open();
    c.on_frame(chat::encode_hello(), 0, 0, 0);
    return c;
}

}  // namespace

TEST_CASE("chat: the button shows only when the partner's page has chat", "[client][ui][chat]") {
    ui_harness h;
    chat::conversation none;
    none.start("alice", "tut");
    none.on_channel_open();  // a tutorial page never says hello
    h.frame(with_chat(none, false));
    CHECK_FALSE(h.widget("Chat"));
    CHECK(ui::shortcut_intents("c", with_chat(none, false), false).toggle_chat == false);

    auto c = ready();
    auto m = with_chat(c, false);
    h.frame(m);
    REQUIRE(h.widget("Chat"));
    CHECK(h.widget("Hang Up"));
    CHECK_FALSE(h.widget("Message"));  // closed
    CHECK(h.press(m, "Chat").intents.toggle_chat);
    CHECK(ui::shortcut_intents("C", m, false).toggle_chat);
    CHECK_FALSE(ui::shortcut_intents("c", m, true).toggle_chat);  // typing: it is text
}

TEST_CASE("chat: the unread count is in the button's name", "[client][ui][chat]") {
    ui_harness h;
    auto c = ready();
    c.on_frame(chat::encode_message("one", 1), 1, 1, 0);
    c.on_frame(chat::encode_message("two", 1), 1, 1, 0);
    h.frame(with_chat(c, false));
    REQUIRE(h.widget("Chat"));
    CHECK(h.widget("Chat")->text.find("2 unread") != std::string::npos);
    c.set_open(true);
    h.frame(with_chat(c, true));
    CHECK(h.widget("Chat")->text.find("unread") == std::string::npos);
}

TEST_CASE("chat: the open panel, beside the video or over it", "[client][ui][chat]") {
    auto c = ready();
    SECTION("wide: a column right of the video and its controls") {
        ui_harness h(ImVec2(1280, 800));
        auto m = with_chat(c, true);
        h.frame(m);
        REQUIRE(h.widget("Message"));
        REQUIRE(h.widget("Send"));
        auto hang_up = *h.widget("Hang Up");
        CHECK(h.widget("Message")->min.x >= hang_up.max.x);
        CHECK(h.widget("Send")->max.x <= 1280);
    }
    SECTION("narrow (a phone): over the video, above the control bar") {
        ui_harness h(ImVec2(390, 760), true);
        auto m = with_chat(c, true);
        m.touch = true;
        h.frame(m);
        REQUIRE(h.widget("Message"));
        auto hang_up = *h.widget("Hang Up");
        CHECK(h.widget("Message")->max.y <= hang_up.min.y);
        CHECK(h.widget("Message")->min.x >= 0);
        CHECK(h.widget("Send")->max.x <= 390);
    }
}

TEST_CASE("chat: Send records the text; an over-long one stays to be shortened",
          "[client][ui][chat]") {
    ui_harness h;
    auto c = ready();
    auto m = with_chat(c, true);
    h.frame(m);
    CHECK_FALSE(h.press(m, "Send").intents.send_chat);  // nothing typed: nothing to send
    auto type = [&](std::string const& text) {
        h.press(m, "Message");
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        h.frame(m);
    };
    SECTION("a message is sent and the field emptied") {
        type("你好 ☺");
        auto sent = h.press(m, "Send").intents.send_chat;
        REQUIRE(sent);
        CHECK(*sent == "你好 ☺");
        CHECK_FALSE(h.press(m, "Send").intents.send_chat);
    }
    SECTION("over the limit: recorded (the rules refuse it, with a notice) and kept") {
        std::string big(chat::max_text_bytes + 4, 'x');
        type(big);
        auto first = h.press(m, "Send").intents.send_chat;
        REQUIRE(first);
        CHECK(first->size() == big.size());
        auto again = h.press(m, "Send").intents.send_chat;
        REQUIRE(again);
        CHECK(*again == big);
    }
}

TEST_CASE("chat: after the call its messages stay on the call screen", "[client][ui][chat]") {
    ui_harness h;
    auto c = ready();
    c.send("bye", 1, 0);
    c.on_channel_closed();
    auto m = with_chat(c, false, state::ended);
    m.allowed = duet::call::allowed_in(state::ended, duet::call::role::none);
    h.frame(m);
    CHECK(h.widget("Chat history"));
    CHECK_FALSE(h.widget("Chat"));
    CHECK_FALSE(h.widget("Message"));
    c.start("alice", "carol");  // the next call
    h.frame(with_chat(c, false, state::ended));
    CHECK_FALSE(h.widget("Chat history"));
}

TEST_CASE("chat: opening the panel puts the keyboard in Message; a new call does not",
          "[client][ui][chat]") {
    ui_harness h;
    auto c = ready();
    SECTION("opened by the person (desktop): typing goes to the message at once") {
        h.frame(with_chat(c, false));
        h.frame(with_chat(c, true));
        auto out = h.frame(with_chat(c, true));
        REQUIRE(out.active_text_field);
        CHECK(out.active_text_field->label == "Message");
    }
    SECTION("left open from the last call: M and V stay the controls' keys") {
        chat::conversation waiting;
        waiting.start("alice", "bob");
        h.frame(with_chat(waiting, true));  // open, before the partner's hello
        h.frame(with_chat(c, true));        // the hello came: the panel shows
        auto out = h.frame(with_chat(c, true));
        CHECK_FALSE(out.active_text_field);
    }
}
