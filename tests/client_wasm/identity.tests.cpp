// Sign-in through an identity provider on the screens (issue 15): what the login screen
// offers for each answer of the server, the intents its buttons give, and the caller's
// identity beside their name.
#include <catch2/catch.hpp>

#include "ui/identity_text.hpp"
#include "ui_harness.hpp"

namespace {

using duet::call::role;
using duet::call::state;
using duet::test::ui_harness;
namespace ui = duet::ui;
namespace words = duet::words;
using caller_identity = duet::protocol::to_client::caller_identity;

ui::model login_model(bool name_login, bool provider_login) {
    ui::model m;
    m.current = ui::screen::login;
    m.account.provider_label = "Test ID";
    m.account.name_login = name_login;
    m.account.provider_login = provider_login;
    return m;
}

duet::call::account_identity const alice{"https://id.example", "alice-0001", "alice",
                                         "alice@example.org", "Alice Wang"};

}  // namespace

TEST_CASE("login screen with a provider", "[client][ui][identity]") {
    ui_harness h;
    SECTION("both ways in: the name, and Sign in with <label> under a stable id") {
        auto m = login_model(true, true);
        h.frame(m);
        CHECK(h.widget("Login"));
        CHECK(h.widget("Sign in"));
        auto button = h.widget("Sign in with provider");
        REQUIRE(button);
        CHECK(button->text == "Sign in with Test ID");
        auto out = h.press(m, "Sign in with provider");
        CHECK(out.intents.sign_in_with_provider);
        CHECK_FALSE(out.intents.sign_in);
        m.lang = words::language::chinese;
        h.frame(m);
        CHECK(h.widget("Sign in with provider")->text == "使用 Test ID 登录");
    }
    SECTION("an account required: no name field, no name Sign in") {
        auto m = login_model(false, true);
        h.frame(m);
        CHECK_FALSE(h.widget("Login"));
        CHECK_FALSE(h.widget("Sign in"));
        CHECK(h.widget("Sign in with provider"));
    }
    SECTION("no provider: the screen as it always was") {
        ui::model m;
        h.frame(m);
        CHECK(h.widget("Login"));
        CHECK_FALSE(h.widget("Sign in with provider"));
        CHECK_FALSE(h.widget("Sign out"));
    }
    SECTION("the session names us: Sign in as the bound name, and Sign out") {
        auto m = login_model(false, false);
        m.account.me = alice;
        h.frame(m);
        CHECK_FALSE(h.widget("Login"));
        CHECK_FALSE(h.widget("Sign in with provider"));
        auto in = h.press(m, "Sign in");
        REQUIRE(in.intents.sign_in);
        CHECK(*in.intents.sign_in == "alice");
        CHECK(h.press(m, "Sign out").intents.sign_out);
    }
}

TEST_CASE("call screen: Sign out when signed in through a provider", "[client][ui][identity]") {
    ui_harness h;
    ui::model m;
    m.current = ui::screen::call;
    m.name = "alice";
    h.frame(m);
    CHECK_FALSE(h.widget("Sign out"));
    m.account.me = alice;
    CHECK(h.press(m, "Sign out").intents.sign_out);
}

TEST_CASE("the caller's identity beside their name", "[client][ui][identity]") {
    ui::model m;
    m.partner = "bob";
    m.account.provider_label = "Test ID";
    CHECK(ui::partner_identity_text(m).empty());  // a server without a provider
    m.partner_identity = caller_identity{true, "Bob Stone", "bob@example.org", "https://id"};
    CHECK(ui::partner_identity_text(m) == "Bob Stone (bob@example.org, verified by Test ID)");
    m.lang = words::language::chinese;
    CHECK(ui::partner_identity_text(m) == "Bob Stone（bob@example.org，已由 Test ID 验证）");
    m.lang = words::language::english;
    m.account.provider_label.clear();
    CHECK(ui::partner_identity_text(m) == "Bob Stone (bob@example.org, verified by https://id)");
    m.partner_identity = caller_identity{};
    // An unverified caller is marked for a callee signed in with the provider, not for one
    // who typed a name too.
    CHECK(ui::partner_identity_text(m).empty());
    m.account.me = alice;
    CHECK(ui::partner_identity_text(m) == "Not verified: a name anyone could type");
    m.account.me.reset();

    SECTION("the ring makes room for it: Accept a line lower") {
        ui_harness h;
        ui::model ring = duet::test::in_call_model(state::ringing_in);
        ring.role = role::callee;
        ring.allowed = duet::call::allowed_in(state::ringing_in, role::callee);
        h.frame(ring);
        auto plain = h.widget("Accept");
        REQUIRE(plain);
        ring.partner_identity = caller_identity{true, "Bob Stone", "bob@example.org", "i"};
        h.frame(ring);
        auto with = h.widget("Accept");
        REQUIRE(with);
        CHECK(with->min.y > plain->min.y);
        CHECK(h.press(ring, "Accept").intents.accept);
    }
}
