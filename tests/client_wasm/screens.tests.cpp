// What each screen records for a model: its widgets and their labels (window.duet's widget
// table, which the browser tests click by label), and the intents a press produces.
#include <catch2/catch.hpp>

#include "ui_harness.hpp"

namespace {

using duet::call::role;
using duet::call::state;
using duet::test::none;
using duet::test::ui_harness;
namespace ui = duet::ui;

ui::model call_model(state s, role r = role::none) {
    ui::model m;
    m.current = ui::screen::call;
    m.call_state = s;
    m.role = r;
    m.allowed = duet::call::allowed_in(s, r);
    m.name = "alice";
    m.partner = s == state::idle ? "" : "bob";
    return m;
}

}  // namespace

TEST_CASE("login screen: a field, a button, and a sign-in intent", "[client][ui]") {
    ui_harness h;
    ui::model m;
    m.current = ui::screen::login;

    SECTION("widgets") {
        auto out = h.frame(m);
        CHECK(h.widget("Login"));
        CHECK(h.widget("Sign in"));
        CHECK_FALSE(h.widget("Call"));
        CHECK(none(out.intents));
    }
    SECTION("typing a name and pressing Sign in asks to sign in with it") {
        h.press(m, "Login");  // focuses the field
        ImGui::GetIO().AddInputCharactersUTF8("zoé");
        h.frame(m);
        auto out = h.press(m, "Sign in");
        REQUIRE(out.intents.sign_in);
        CHECK(*out.intents.sign_in == "zoé");
    }
    SECTION("while signing in, the button does nothing") {
        m.signing_in = true;
        auto out = h.press(m, "Sign in");
        CHECK(h.widget("Sign in"));
        CHECK_FALSE(out.intents.sign_in);
    }
}

TEST_CASE("call screen: the buttons a state allows", "[client][ui]") {
    ui_harness h;

    SECTION("idle: Call is live and Hang Up is not") {
        auto m = call_model(state::idle);
        h.frame(m);
        CHECK(h.widget("username to call"));
        CHECK(h.widget("Call"));
        CHECK(h.widget("Hang Up"));
        CHECK_FALSE(h.widget("Cancel"));
        auto call = h.press(m, "Call");
        REQUIRE(call.intents.call);
        CHECK(call.intents.call->empty());  // the field is empty; the app checks names
        CHECK(none(h.press(m, "Hang Up").intents));
    }
    SECTION("ringing out: Cancel, not Hang Up, and Call does nothing") {
        auto m = call_model(state::ringing_out, role::caller);
        h.frame(m);
        CHECK(h.widget("Cancel"));
        CHECK_FALSE(h.widget("Hang Up"));
        CHECK(h.press(m, "Cancel").intents.cancel);
        CHECK(none(h.press(m, "Call").intents));
    }
    SECTION("connecting as the callee: Hang Up") {
        auto m = call_model(state::connecting, role::callee);
        auto out = h.press(m, "Hang Up");
        CHECK(out.intents.hang_up);
        CHECK_FALSE(out.intents.cancel);
    }
    SECTION("in a call: Hang Up hangs up") {
        auto m = call_model(state::in_call, role::caller);
        CHECK(h.press(m, "Hang Up").intents.hang_up);
    }
}

TEST_CASE("call screen: an incoming call", "[client][ui]") {
    ui_harness h;
    auto m = call_model(state::ringing_in, role::callee);

    SECTION("Accept, Decline and Mute ring, each its own intent") {
        h.frame(m);
        CHECK(h.widget("Accept"));
        CHECK(h.widget("Decline"));
        CHECK(h.widget("Mute ring"));
        CHECK(h.press(m, "Accept").intents.accept);
        CHECK(h.press(m, "Decline").intents.decline);
        CHECK(h.press(m, "Mute ring").intents.toggle_ring_mute);
    }
    SECTION("a muted ring offers to unmute") {
        m.ring_muted = true;
        h.frame(m);
        CHECK(h.widget("Unmute ring"));
        CHECK_FALSE(h.widget("Mute ring"));
    }
    SECTION("no incoming panel when nobody rings") {
        h.frame(call_model(state::idle));
        CHECK_FALSE(h.widget("Accept"));
    }
}

TEST_CASE("call screen: the missed-call notice and who is online", "[client][ui]") {
    ui_harness h;
    auto m = call_model(state::idle);

    SECTION("a notice can be dismissed") {
        h.frame(m);
        CHECK_FALSE(h.widget("Dismiss"));
        m.notice = "bob tried to call you";
        CHECK(h.press(m, "Dismiss").intents.dismiss_notice);
    }
    SECTION("pressing an available user calls them") {
        using duet::protocol::to_client::availability;
        m.presence_enabled = true;
        m.presence = {{"bob", availability::available}, {"carol", availability::busy}};
        h.frame(m);
        CHECK(h.widget("presence:bob"));
        CHECK(h.widget("presence:carol"));
        auto out = h.press(m, "presence:bob");
        REQUIRE(out.intents.call);
        CHECK(*out.intents.call == "bob");
    }
    SECTION("no list when the server has presence off") {
        using duet::protocol::to_client::availability;
        m.presence = {{"bob", availability::available}};
        h.frame(m);
        CHECK_FALSE(h.widget("presence:bob"));
    }
}

TEST_CASE("screens: a narrow phone-sized display keeps every control", "[client][ui]") {
    ui_harness h(ImVec2(390, 800), true);
    auto m = call_model(state::ringing_in, role::callee);
    h.frame(m);
    for (char const* label : {"username to call", "Call", "Hang Up", "Accept", "Decline"}) {
        INFO(label);
        auto w = h.widget(label);
        REQUIRE(w);
        CHECK(w->max.x <= 390);
        CHECK(w->max.x > w->min.x);
    }
    CHECK(h.press(m, "Accept").intents.accept);
}
