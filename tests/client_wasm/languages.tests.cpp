// The screens in the reader's language: what a widget shows follows the model's language
// while its label (the id window.duet and the tests use) stays English, and the login
// screen's one button switches.
#include <catch2/catch.hpp>

#include "ui_harness.hpp"

namespace {

using duet::test::ui_harness;
using duet::words::language;
namespace ui = duet::ui;

}  // namespace

TEST_CASE("languages: the login screen in Chinese keeps its English ids", "[client][ui][words]") {
    ui_harness h;
    ui::model m;
    m.current = ui::screen::login;
    m.lang = language::chinese;

    auto out = h.frame(m);
    auto sign_in = h.widget("Sign in");
    REQUIRE(sign_in);
    CHECK(sign_in->text == "登录");
    auto field = h.widget("Login");
    REQUIRE(field);
    CHECK(field->text == "用户名");
    auto language_button = h.widget("Language");
    REQUIRE(language_button);
    CHECK(language_button->text == "English");

    SECTION("the language button asks to switch, nothing else") {
        auto pressed = h.press(m, "Language");
        CHECK(pressed.intents.switch_language);
        CHECK_FALSE(pressed.intents.sign_in);
    }
    SECTION("in English it offers Chinese, under the same id") {
        m.lang = language::english;
        h.frame(m);
        CHECK(h.widget("Language")->text == "中文");
        CHECK(h.widget("Sign in")->text == "Sign in");
    }
}

TEST_CASE("languages: the ring and the stats panel in Chinese", "[client][ui][words]") {
    ui_harness h;
    ui::model m;
    m.current = ui::screen::call;
    m.lang = language::chinese;
    m.name = "alice";
    m.partner = "bob";
    m.call_state = duet::call::state::ringing_in;
    m.role = duet::call::role::callee;
    m.allowed = duet::call::allowed_in(m.call_state, m.role);
    h.frame(m);
    REQUIRE(h.widget("Accept"));
    CHECK(h.widget("Accept")->text == "接听");
    CHECK(h.widget("Decline")->text == "拒绝");
    auto pressed = h.press(m, "Accept");
    CHECK(pressed.intents.accept);

    m.call_state = duet::call::state::in_call;
    m.allowed = duet::call::allowed_in(m.call_state, m.role);
    m.health.measured = true;
    m.health.panel_open = true;
    m.health.now.path = duet::stats::path::relay;
    auto out = h.frame(m);
    REQUIRE(h.widget("Stats"));
    CHECK(h.widget("Stats")->text == "统计");
    CHECK(std::find(out.health.lines.begin(), out.health.lines.end(), "路径：经 TURN 中继") !=
          out.health.lines.end());
}
