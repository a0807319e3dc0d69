// The in-call view: its buttons and what a press records, the keys, the partner's muted mark
// and initials, the clock, and the self-view dragged to another corner (ui/in_call_view).
#include <catch2/catch.hpp>

#include "ui/in_call_view.hpp"
#include "ui/shortcuts.hpp"
#include "ui_harness.hpp"

namespace {

using duet::call::role;
using duet::call::state;
using duet::test::none;
using duet::test::ui_harness;
namespace ui = duet::ui;

ui::model in_call(state s = state::in_call) { return duet::test::in_call_model(s); }

ImVec2 centre(ui::widget_rect const& r) {
    return ImVec2((r.min.x + r.max.x) * 0.5f, (r.min.y + r.max.y) * 0.5f);
}

}  // namespace

TEST_CASE("in a call: the control bar over the video", "[client][ui][controls]") {
    ui_harness h;
    auto m = in_call();
    h.frame(m);

    SECTION("the buttons, and no form: the video takes the window") {
        CHECK(h.widget("Microphone"));
        CHECK(h.widget("Camera"));
        CHECK(h.widget("Hang Up"));
        CHECK(h.widget("Self view"));
        CHECK_FALSE(h.widget("Call"));
        CHECK_FALSE(h.widget("username to call"));
        CHECK_FALSE(h.widget("Fullscreen"));  // only where the browser has the API
        auto mic = *h.widget("Microphone");
        CHECK(mic.max.y > 800 - 100);  // at the bottom of the 1280x800 window
    }
    SECTION("each press records its intent, and only that") {
        auto mic = h.press(m, "Microphone").intents;
        CHECK(mic.toggle_mic);
        CHECK_FALSE(mic.toggle_camera);
        auto cam = h.press(m, "Camera").intents;
        CHECK(cam.toggle_camera);
        CHECK_FALSE(cam.toggle_mic);
        CHECK(h.press(m, "Hang Up").intents.hang_up);
    }
    SECTION("Fullscreen where the browser has it") {
        m.can_fullscreen = true;
        CHECK(h.press(m, "Fullscreen").intents.toggle_fullscreen);
    }
    SECTION("faded controls still work, as in every call app") {
        m.controls_alpha = 0;
        CHECK(h.press(m, "Microphone").intents.toggle_mic);
    }
    SECTION("while connecting, the same view, and Hang Up works") {
        auto c = in_call(state::connecting);
        c.allowed = duet::call::allowed_in(state::connecting, role::caller);
        CHECK(h.press(c, "Hang Up").intents.hang_up);
    }
    SECTION("a missed-call notice keeps its Dismiss") {
        m.notice = "carol tried to call you";
        CHECK(h.press(m, "Dismiss").intents.dismiss_notice);
    }
    SECTION("after the call the form is back") {
        auto idle = in_call(state::ended);
        h.frame(idle);
        CHECK(h.widget("Call"));
        CHECK_FALSE(h.widget("Microphone"));
    }
}

TEST_CASE("in a call: the self-view snaps to the corner it is dragged to",
          "[client][ui][controls]") {
    ui_harness h;
    auto m = in_call();
    h.frame(m);
    auto start = *h.widget("Self view");
    CHECK(centre(start).x > 640);  // top right at first
    CHECK(centre(start).y < 400);

    SECTION("dragged down and left: bottom left") {
        h.drag(m, "Self view", ImVec2(-900, 500));
        auto now = *h.widget("Self view");
        CHECK(centre(now).x < 640);
        CHECK(centre(now).y > 400);
        // Above the control bar, not under it.
        CHECK(now.max.y <= h.widget("Microphone")->min.y);
    }
    SECTION("a short drag snaps back to where it was") {
        h.drag(m, "Self view", ImVec2(-40, 20));
        auto now = *h.widget("Self view");
        CHECK(now.min.x == Approx(start.min.x));
        CHECK(now.min.y == Approx(start.min.y));
    }
    SECTION("no camera at all: no self-view") {
        m.local = {};
        h.frame(m);
        CHECK_FALSE(h.widget("Self view"));
    }
}

TEST_CASE("in a call: the keys", "[client][ui][controls]") {
    auto m = in_call();
    SECTION("M the microphone, V the camera, Esc hangs up, either case") {
        CHECK(ui::shortcut_intents("m", m, false).toggle_mic);
        CHECK(ui::shortcut_intents("M", m, false).toggle_mic);
        CHECK(ui::shortcut_intents("v", m, false).toggle_camera);
        CHECK(ui::shortcut_intents("Escape", m, false).hang_up);
        CHECK(none(ui::shortcut_intents("x", m, false)));
    }
    SECTION("typing in a field: the letters are text") {
        CHECK(none(ui::shortcut_intents("m", m, true)));
        CHECK(none(ui::shortcut_intents("Escape", m, true)));
    }
    SECTION("no call: nothing to mute or hang up") {
        auto idle = in_call(state::idle);
        idle.allowed = duet::call::allowed_in(state::idle, role::none);
        CHECK(none(ui::shortcut_intents("m", idle, false)));
        CHECK(none(ui::shortcut_intents("Escape", idle, false)));
    }
    SECTION("our ring unanswered: Esc cancels it") {
        auto ringing = in_call(state::ringing_out);
        ringing.allowed = duet::call::allowed_in(state::ringing_out, role::caller);
        REQUIRE(ringing.allowed.cancel);
        auto i = ui::shortcut_intents("Escape", ringing, false);
        CHECK(i.cancel);
        CHECK_FALSE(i.hang_up);
    }
    SECTION("on the login screen keys do nothing") {
        m.current = ui::screen::login;
        CHECK(none(ui::shortcut_intents("m", m, false)));
    }
}

TEST_CASE("in a call: the clock and the initials", "[client][ui][controls]") {
    CHECK(ui::clock_text(0) == "00:00");
    CHECK(ui::clock_text(75) == "01:15");
    CHECK(ui::clock_text(3599) == "59:59");
    CHECK(ui::clock_text(3661) == "1:01:01");
    CHECK(ui::clock_text(-3) == "00:00");
    CHECK(ui::initials("bob") == "B");
    CHECK(ui::initials("Ada Lovelace") == "AL");
    CHECK(ui::initials("ada.king-noel byron") == "AK");
    CHECK(ui::initials("zoé") == "Z");
    CHECK(ui::initials("élodie") == "\xC3\xA9");
    CHECK(ui::initials("") == "?");
    CHECK(ui::initials("  ") == "?");
}

TEST_CASE("in a call: the partner's initials stand in for their video", "[client][ui][controls]") {
    ui_harness h;
    auto m = in_call();
    m.partner = "Ada Lovelace";
    h.frame(m);
    CHECK_FALSE(h.widget("Partner initials"));  // the video shows

    m.remote_camera_off = true;
    h.frame(m);
    auto circle = h.widget("Partner initials");
    REQUIRE(circle);
    CHECK(circle->text == "AL");
    CHECK(circle->kind == ui::widget_kind::picture);  // not a control: nothing to mirror

    SECTION("a shared screen shows even with the camera off") {
        m.remote_sharing = true;
        h.frame(m);
        CHECK_FALSE(h.widget("Partner initials"));
    }
    SECTION("no frame yet: the initials while waiting") {
        m.remote_camera_off = false;
        m.remote = {};
        h.frame(m);
        CHECK(h.widget("Partner initials"));
    }
}

TEST_CASE("in a call: Share screen, and Stop sharing while shared", "[client][ui][controls]") {
    ui_harness h;
    auto m = in_call();
    h.frame(m);
    CHECK_FALSE(h.widget("Share screen"));  // only where the browser can share
    m.can_share = true;
    h.frame(m);
    REQUIRE(h.widget("Share screen"));
    CHECK(h.press(m, "Share screen").intents.share_screen);
    CHECK_FALSE(h.widget("Stop sharing"));

    m.sharing = true;
    h.frame(m);
    CHECK_FALSE(h.widget("Share screen"));
    REQUIRE(h.widget("Stop sharing"));
    CHECK(h.widget("Stop sharing")->max.y <= h.widget("Microphone")->min.y);
    CHECK(h.press(m, "Stop sharing").intents.stop_sharing);
    SECTION("faded controls keep the banner") {
        m.controls_alpha = 0;
        CHECK(h.press(m, "Stop sharing").intents.stop_sharing);
    }
}
