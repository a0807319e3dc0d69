// The help overlay: the "?" button opens it on the login and call screens, `?` from the
// keyboard on any screen; while open it is a modal dialog (only its Close button is a
// widget, Esc closes it and does nothing else); and it lists the keys ui/shortcuts obeys.
#include <catch2/catch.hpp>
#include <string>

#include "ui/help_overlay.hpp"
#include "ui/shortcuts.hpp"
#include "ui_harness.hpp"

namespace {

using duet::call::state;
using duet::test::in_call_model;
using duet::test::ui_harness;
namespace ui = duet::ui;
namespace words = duet::words;

ui::model login_model() {
    ui::model m;
    m.current = ui::screen::login;
    return m;
}

ui::model idle_call_model() {
    ui::model m = in_call_model(state::idle);
    m.partner.clear();
    m.remote = {};
    return m;
}

}  // namespace

TEST_CASE("help: the ? button opens the overlay on the login and call screens", "[client][help]") {
    ui_harness h;
    for (ui::model m : {login_model(), idle_call_model()}) {
        INFO("screen " << ui::to_string(m.current));
        auto out = h.press(m, "Help");
        REQUIRE(h.widget("Help"));
        CHECK(h.widget("Help")->text == "Help");
        CHECK(out.intents.toggle_help);
    }
    SECTION("left of the language button, not over it") {
        h.frame(login_model());
        auto help = h.widget("Help");
        auto language = h.widget("Language");
        REQUIRE(help);
        REQUIRE(language);
        CHECK(help->max.x <= language->min.x);
    }
    SECTION("named in the screen's language") {
        ui::model m = login_model();
        m.lang = words::language::chinese;
        h.frame(m);
        CHECK(h.widget("Help")->text == words::say(words::word::help, m.lang));
    }
    SECTION("not over a call's video: the keyboard's ? still opens it there") {
        h.frame(in_call_model());
        CHECK_FALSE(h.widget("Help"));
    }
}

TEST_CASE("help: the open overlay is a dialog with one Close button", "[client][help]") {
    ui_harness h;
    for (ui::model m : {login_model(), idle_call_model(), in_call_model()}) {
        INFO("screen " << ui::to_string(m.current) << ", " << duet::call::to_string(m.call_state));
        m.help_open = true;
        auto out = h.frame(m);
        REQUIRE(out.widgets.size() == 1);
        CHECK(out.widgets[0].label == "Close");
        CHECK_FALSE(out.active_text_field);
        CHECK(h.press(m, "Close").intents.toggle_help);
    }
    SECTION("the screen underneath takes no press while it is open") {
        ui::model m = login_model();
        h.frame(m);
        auto sign_in = h.widget("Sign in");
        REQUIRE(sign_in);
        m.help_open = true;
        h.frame(m);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(sign_in->min.x + 2, sign_in->min.y + 2);
        h.frame(m);
        io.MouseDown[0] = true;
        h.frame(m);
        io.MouseDown[0] = false;
        auto out = h.frame(m);
        CHECK_FALSE(out.intents.sign_in);
    }
}

TEST_CASE("help: ? toggles it anywhere; Esc closes it and does nothing else", "[client][help]") {
    for (ui::model m : {login_model(), idle_call_model(), in_call_model()}) {
        INFO("screen " << ui::to_string(m.current));
        CHECK(ui::shortcut_intents("?", m, false).toggle_help);
        CHECK_FALSE(ui::shortcut_intents("?", m, true).toggle_help);  // typed into a field
        m.help_open = true;
        auto esc = ui::shortcut_intents("Escape", m, false);
        CHECK(esc.toggle_help);
        CHECK_FALSE(esc.hang_up);
        CHECK_FALSE(esc.cancel);
        CHECK(ui::shortcut_intents("?", m, false).toggle_help);
        CHECK_FALSE(ui::shortcut_intents("m", m, false).toggle_mic);
    }
    SECTION("closed, Esc in a call still hangs up") {
        auto esc = ui::shortcut_intents("Escape", in_call_model(), false);
        CHECK(esc.hang_up);
        CHECK_FALSE(esc.toggle_help);
    }
}

TEST_CASE("help: it lists the keys the shortcuts obey, worded in every language",
          "[client][help]") {
    ui::model m = in_call_model();
    // Each single key the overlay names does something in a call (Esc is "Escape" to a
    // browser; the Tab and Enter rows are the DOM mirror's and the browser's own).
    int single_keys = 0;
    for (auto const& r : ui::help_rows) {
        std::string keys = r.keys;
        std::string key = keys == "Esc" ? "Escape" : keys;
        if (key.find(' ') != std::string::npos) continue;
        ++single_keys;
        auto i = ui::shortcut_intents(key, m, false);
        INFO("key " << key);
        CHECK((i.toggle_mic || i.toggle_camera || i.toggle_stats || i.hang_up || i.toggle_help));
        // And a lowercase letter too, as a keyboard without Shift sends it.
        if (key.size() == 1 && key[0] >= 'A' && key[0] <= 'Z') {
            std::string lower(1, char(key[0] - 'A' + 'a'));
            auto j = ui::shortcut_intents(lower, m, false);
            CHECK((j.toggle_mic || j.toggle_camera || j.toggle_stats));
        }
    }
    CHECK(single_keys == 5);
    for (auto lang : words::all_languages) {
        for (auto const& r : ui::help_rows) CHECK(std::string(words::say(r.what, lang)).size() > 3);
    }
}

TEST_CASE("help: the overlay fits a phone held upright", "[client][help]") {
    ui_harness h(ImVec2(360, 740), true);
    ui::model m = login_model();
    m.touch = true;
    m.help_open = true;
    m.lang = words::language::chinese;
    auto out = h.frame(m);
    REQUIRE(out.widgets.size() == 1);
    CHECK(out.widgets[0].max.x <= 360);
    CHECK(out.widgets[0].max.y <= 740);
}
