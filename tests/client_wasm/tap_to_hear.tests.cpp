// The Tap to hear button (ui/tap_to_hear): shown over the video only while the browser
// refuses the partner's sound, worded in the screen's language under its English id, kept
// when the controls fade, and a press records the intent that starts the sound.
#include <catch2/catch.hpp>

#include "ui_harness.hpp"

namespace {

using duet::test::ui_harness;
namespace ui = duet::ui;

}  // namespace

TEST_CASE("in a call: Tap to hear while the partner's sound is refused", "[client][ui][audio]") {
    ui_harness h;
    auto m = duet::test::in_call_model(duet::call::state::in_call);

    SECTION("not while the sound plays") {
        h.frame(m);
        CHECK_FALSE(h.widget("Tap to hear"));
    }

    SECTION("shown in the middle of the video, big enough for a thumb") {
        m.audio_blocked = true;
        h.frame(m);
        auto w = h.widget("Tap to hear");
        REQUIRE(w);
        CHECK(w->text == "Tap to hear");
        CHECK(w->kind == ui::widget_kind::button);
        CHECK(w->max.y - w->min.y >= 44);
        float cx = (w->min.x + w->max.x) * 0.5f;
        CHECK(cx == Approx(1280 / 2.f).margin(2));
        auto bar = h.widget("Hang Up");
        REQUIRE(bar);
        CHECK(w->max.y < bar->min.y);  // never over the control bar
    }

    SECTION("in Chinese, under the same id") {
        m.audio_blocked = true;
        m.lang = duet::words::language::chinese;
        h.frame(m);
        auto w = h.widget("Tap to hear");
        REQUIRE(w);
        CHECK(w->text == "点按收听");
    }

    SECTION("kept when the controls have faded") {
        m.audio_blocked = true;
        m.controls_alpha = 0;
        h.frame(m);
        CHECK(h.widget("Tap to hear"));
    }

    SECTION("a press records the intent, and nothing else") {
        m.audio_blocked = true;
        auto out = h.press(m, "Tap to hear");
        CHECK(out.intents.hear_audio);
        CHECK_FALSE(out.intents.hang_up);
        CHECK_FALSE(out.intents.toggle_mic);
    }
}
