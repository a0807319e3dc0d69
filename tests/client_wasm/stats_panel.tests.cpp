// The call's health on screen: the Stats button, the quality mark and what the panel shows
// for given figures, on a desktop and on a phone-sized display.
#include <algorithm>
#include <catch2/catch.hpp>

#include "ui/quality_mark.hpp"
#include "ui_harness.hpp"

namespace {

using duet::call::role;
using duet::call::state;
using duet::test::none;
using duet::test::ui_harness;
namespace ui = duet::ui;
namespace stats = duet::stats;

// A call a few seconds old, with figures as call_stats would give them.
ui::model in_call(bool panel_open = false) {
    ui::model m;
    m.current = ui::screen::call;
    m.call_state = state::in_call;
    m.role = role::caller;
    m.allowed = duet::call::allowed_in(state::in_call, role::caller);
    m.name = "alice";
    m.partner = "bob";
    auto& h = m.health;
    h.measured = true;
    h.quality = stats::quality::fair;
    h.now.rtt_ms = 412.4;
    h.now.loss_pct = 1.25;
    h.now.jitter_ms = 3.6;
    h.now.fps = 29.6;
    h.now.width = 640;
    h.now.height = 480;
    h.now.kbps_audio_in = 31.6;
    h.now.kbps_video_in = 780.2;
    h.now.kbps_audio_out = 33;
    h.now.kbps_video_out = 650;
    h.now.codec = "VP8";
    h.now.path = stats::path::relay;
    h.panel_open = panel_open;
    for (int i = 0; i < 5; ++i) h.history.fps.push(float(25 + i));
    return m;
}

bool shows(ui::frame_output const& out, std::string const& line) {
    return std::find(out.health.lines.begin(), out.health.lines.end(), line) !=
           out.health.lines.end();
}

}  // namespace

TEST_CASE("health: the Stats button and the quality mark, in a call only", "[client][ui][stats]") {
    ui_harness h;

    SECTION("in a call: Stats in the video's top-right corner, the mark says fair") {
        auto m = in_call();
        auto out = h.frame(m);
        auto stats = h.widget("Stats");
        REQUIRE(stats);
        auto hang_up = h.widget("Hang Up");
        REQUIRE(hang_up);
        CHECK(stats->max.y < hang_up->min.y);  // over the video, above the controls
        CHECK(stats->max.x > 1280 * 0.8f);  // at the right
        CHECK(out.health.quality == "fair");
        CHECK(out.health.lines.empty());  // the panel is closed
    }
    SECTION("no measured second yet: the button, but no mark") {
        auto m = in_call();
        m.health.measured = false;
        auto out = h.frame(m);
        CHECK(h.widget("Stats"));
        CHECK(out.health.quality.empty());
    }
    SECTION("not in a call: neither") {
        auto m = in_call();
        m.call_state = state::idle;
        m.allowed = duet::call::allowed_in(state::idle, role::none);
        auto out = h.frame(m);
        CHECK_FALSE(h.widget("Stats"));
        CHECK(out.health.quality.empty());
    }
    SECTION("pressing Stats asks to toggle the panel, and nothing else") {
        auto out = h.press(in_call(), "Stats");
        CHECK(out.intents.toggle_stats);
        out.intents.toggle_stats = false;
        CHECK(none(out.intents));
    }
}

TEST_CASE("health: what the open panel shows", "[client][ui][stats]") {
    SECTION("desktop: every figure, the bitrates split by kind, the path in words") {
        ui_harness h;
        auto out = h.frame(in_call(true));
        CHECK(shows(out, "Video 640x480  VP8"));
        CHECK(shows(out, "Path: relayed by TURN"));
        CHECK(shows(out, "Sent 683 kbps (audio 33, video 650)"));
        CHECK(shows(out, "Received 812 kbps (audio 32, video 780)"));
        CHECK(shows(out, "Round trip 412 ms"));
        CHECK(shows(out, "Loss 1.2 %"));
        CHECK(shows(out, "Jitter 4 ms"));
        CHECK(shows(out, "Frames 30/s"));
        CHECK(out.health.lines.size() == 8);
    }
    SECTION("unknown figures and path say so") {
        ui_harness h;
        auto m = in_call(true);
        m.health.now.rtt_ms.reset();
        m.health.now.jitter_ms.reset();
        m.health.now.path = stats::path::unknown;
        m.health.now.width = 0;
        m.health.now.codec.clear();
        auto out = h.frame(m);
        CHECK(shows(out, "Round trip -"));
        CHECK(shows(out, "Jitter -"));
        CHECK(shows(out, "Path: unknown"));
        CHECK(shows(out, "Video -  -"));
    }
    SECTION("a phone: two narrow columns, short captions, the panel still drawn whole") {
        ui_harness h(ImVec2(390, 844), true);
        auto m = in_call(true);
        auto out = h.frame(m);
        CHECK(shows(out, "Sent 683 kbps"));
        CHECK(shows(out, "Received 812 kbps"));
        CHECK(shows(out, "Path: relayed by TURN"));
        CHECK(out.health.lines.size() == 8);
        CHECK(h.widget("Stats"));
        CHECK(h.widget("Hang Up"));
    }
    SECTION("a short phone on its side: the panel stays over the video, Hang Up works") {
        ui_harness h(ImVec2(844, 390), true);
        auto m = in_call(true);
        h.frame(m);
        REQUIRE(h.widget("Hang Up"));
        auto out = h.press(m, "Hang Up");
        CHECK(out.intents.hang_up);
        CHECK(out.health.lines.size() == 8);
    }
}

TEST_CASE("health: the level meter's scale", "[client][ui][stats]") {
    CHECK(ui::level_fill(0) == 0);
    CHECK(ui::level_fill(-1) == 0);
    CHECK(ui::level_fill(0.001) == Approx(0));                   // -60 dB
    CHECK(ui::level_fill(0.0316) == Approx(0.5).epsilon(0.01));  // -30 dB
    CHECK(ui::level_fill(1) == Approx(1));
    CHECK(ui::level_fill(3) == Approx(1));
}
