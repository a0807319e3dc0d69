// Under a finger every button and field is at least 44x44 CSS px (WCAG 2.5.5, Apple's and
// Google's guidelines), on each screen of a phone held upright: measured on the rectangles
// window.duet.widgets publishes (tests/browser/touch_targets.test.mjs measures the same in
// a phone-emulating Chromium).
#include <catch2/catch.hpp>
#include <string>

#include "ui_harness.hpp"

namespace {

using duet::call::role;
using duet::call::state;
using duet::test::in_call_model;
using duet::test::ui_harness;
namespace ui = duet::ui;
namespace theme = duet::ui::theme;
using availability = duet::protocol::to_client::availability;

// The phone of tests/browser/phone.test.mjs, in CSS pixels (scale 1: ImGui pixel = CSS px),
// with the app's touch font size: a frame's height follows the font's.
ImVec2 const upright(390, 844);

void expect_targets(ui::frame_output const& out, char const* screen) {
    REQUIRE_FALSE(out.widgets.empty());
    for (auto const& w : out.widgets) {
        if (w.kind == ui::widget_kind::picture) continue;
        INFO(screen << ": \"" << w.label << "\" is " << (w.max.x - w.min.x) << "x"
                    << (w.max.y - w.min.y));
        CHECK(w.max.x - w.min.x >= theme::touch_target_css);
        CHECK(w.max.y - w.min.y >= theme::touch_target_css);
    }
}

// The harness's font at the app's size instead of ImGui's 13 px, before the first frame.
void use_app_font_size(bool touch) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.SizePixels = theme::font_size_css(touch);
    io.Fonts->AddFontDefault(&cfg);
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
}

ui::model touch(ui::model m) {
    m.touch = true;
    return m;
}

}  // namespace

TEST_CASE("touch targets: 44 CSS px on a phone, on every screen", "[client][ui][touch]") {
    ui_harness h(upright, true);
    use_app_font_size(true);
    for (auto lang : duet::words::all_languages) {
        INFO("language " << duet::words::tag(lang));
        ui::model login = touch({});
        login.lang = lang;
        expect_targets(h.frame(login), "login");

        ui::model call = touch(in_call_model(state::idle));
        call.lang = lang;
        call.partner.clear();
        call.remote = {};
        call.notice = "bob tried to call you";
        call.presence_enabled = true;
        call.presence = {{"bob", availability::available}, {"carol", availability::busy}};
        expect_targets(h.frame(call), "call screen");

        ui::model ringing = touch(in_call_model(state::ringing_in));
        ringing.role = role::callee;
        ringing.allowed = duet::call::allowed_in(state::ringing_in, role::callee);
        ringing.lang = lang;
        expect_targets(h.frame(ringing), "ringing");

        ui::model in_call = touch(in_call_model());
        in_call.lang = lang;
        in_call.devices.lists.cameras = {{"c0", "front"}, {"c1", "back"}};
        in_call.devices.lists.microphones = {{"m0", "Built-in"}};
        in_call.devices.can_flip = true;
        expect_targets(h.frame(in_call), "in call");
        h.press(in_call, "Devices");
        h.frame(in_call);
        expect_targets(h.frame(in_call), "in call, the Devices menu open");
        h.press(in_call, "Devices");

        ui::model help = login;
        help.help_open = true;
        expect_targets(h.frame(help), "help");
    }
}

TEST_CASE("touch targets: a mouse keeps the compact sizes", "[client][ui][touch]") {
    ui_harness h(ImVec2(1280, 800), false);
    auto out = h.frame(ui::model{});
    bool any_smaller = false;
    for (auto const& w : out.widgets) {
        if (w.max.y - w.min.y < theme::touch_target_css) any_smaller = true;
    }
    CHECK(any_smaller);  // the desktop layout is not the phone's
}
