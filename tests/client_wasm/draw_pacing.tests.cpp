// The pacing rules with a clock the test holds: no browser, no waiting.
#include <catch2/catch.hpp>

#include "app/draw_pacing.hpp"

namespace {

using duet::call::state;
namespace pacing = duet::pacing;

}  // namespace

TEST_CASE("draw pacing: outside a call setup, nothing waits", "[client][pacing]") {
    pacing::draw_pacing p;
    p.on_call_state(state::idle, 1000);
    p.on_drawn(999);
    CHECK_FALSE(p.setting_up(true, 1000));
    CHECK(p.frame_delay(true, 1000) <= 0);
    CHECK(p.take_local_frame(true, 1000));
}

TEST_CASE("draw pacing: while connecting, draws are spaced", "[client][pacing]") {
    pacing::draw_pacing p;
    p.on_call_state(state::idle, 0);
    p.on_call_state(state::connecting, 10'000);
    p.on_drawn(10'100);

    SECTION("a frame soon after a draw waits out the setup interval") {
        CHECK(p.setting_up(true, 10'150));
        CHECK(p.frame_delay(true, 10'150) == Approx(pacing::setup_draw_interval_ms - 50));
    }
    SECTION("once the interval has passed, it draws") {
        CHECK(p.frame_delay(true, 10'100 + pacing::setup_draw_interval_ms) <= 0);
    }
    SECTION("the self-view holds still for the first second") {
        CHECK_FALSE(p.take_local_frame(true, 10'000 + pacing::self_view_hold_ms - 1));
        CHECK(p.take_local_frame(true, 10'000 + pacing::self_view_hold_ms));
    }
    SECTION("after the hold, the self-view refreshes only as often as setup draws") {
        double t = 10'000 + pacing::self_view_hold_ms + 10;
        p.on_local_upload(t);
        CHECK_FALSE(p.take_local_frame(true, t + pacing::setup_draw_interval_ms - 1));
        CHECK(p.take_local_frame(true, t + pacing::setup_draw_interval_ms));
    }
    SECTION("staying in connecting does not restart the hold") {
        p.on_call_state(state::connecting, 10'900);
        CHECK(p.take_local_frame(true, 10'000 + pacing::self_view_hold_ms));
    }
}

TEST_CASE("draw pacing: while ringing, the self-view runs at half a camera's rate",
          "[client][pacing]") {
    pacing::draw_pacing p;
    p.on_call_state(state::idle, 0);
    double const camera = 1000.0 / 30;  // a 30 fps camera's frame interval

    SECTION("idle, every camera frame is taken") {
        p.on_local_upload(1'000);
        CHECK(p.take_local_frame(true, 1'000 + camera));
    }
    for (state ringing : {state::ringing_out, state::ringing_in}) {
        DYNAMIC_SECTION("in " << duet::call::to_string(ringing) << ", every other frame") {
            p.on_call_state(ringing, 1'000);
            p.on_local_upload(1'000);
            CHECK_FALSE(p.take_local_frame(true, 1'000 + camera));
            CHECK(p.take_local_frame(true, 1'000 + 2 * camera));
            // A frame a few ms early (the camera's jitter) is still the next one.
            CHECK(p.take_local_frame(true, 1'000 + 2 * camera - 8));
            // Ringing is no call setup: draws are not held back.
            CHECK(p.frame_delay(true, 1'001) <= 0);
        }
    }
    SECTION("once the call is accepted, the setup's hold applies instead") {
        p.on_call_state(state::ringing_out, 1'000);
        p.on_local_upload(1'000);
        p.on_call_state(state::connecting, 1'100);
        CHECK_FALSE(p.take_local_frame(true, 1'100 + 2 * camera));
    }
}

TEST_CASE("draw pacing: in a call, until the first remote frame", "[client][pacing]") {
    pacing::draw_pacing p;
    p.on_call_state(state::connecting, 0);
    p.on_call_state(state::in_call, 5'000);
    p.on_drawn(5'000);

    SECTION("waiting for the remote video is still setup, for a second at most") {
        CHECK(p.setting_up(true, 5'000 + pacing::first_frame_wait_ms - 1));
        CHECK_FALSE(p.setting_up(true, 5'000 + pacing::first_frame_wait_ms));
    }
    SECTION("once the remote video shows, it is not") {
        CHECK_FALSE(p.setting_up(false, 5'010));
        CHECK(p.frame_delay(false, 5'010) <= 0);
    }
}

TEST_CASE("draw pacing: video frames share draws", "[client][pacing]") {
    pacing::draw_pacing p;
    p.on_drawn(1'000);
    SECTION("a frame right after a draw waits for the next video interval") {
        CHECK(p.delay_after_upload(1'010) ==
              Approx(pacing::min_video_frame_interval_ms - 10));
    }
    SECTION("a frame long after a draw is drawn at once") {
        CHECK(p.delay_after_upload(1'000 + pacing::min_video_frame_interval_ms) <= 0);
    }
}

TEST_CASE("draw pacing: the in-call overlay fades without input", "[client][pacing]") {
    pacing::draw_pacing p;
    p.on_call_state(state::connecting, 0);
    p.on_call_state(state::in_call, 10'000);

    SECTION("outside a call the controls show and nothing is scheduled") {
        pacing::draw_pacing idle;
        CHECK(idle.controls_alpha(50'000) == 1);
        CHECK(idle.call_seconds(50'000) == -1);
        CHECK(idle.overlay_delay(50'000, false) < 0);
    }
    SECTION("shown for 3 s, then fading, then gone; input brings them back") {
        CHECK(p.controls_alpha(12'999) == 1);
        CHECK(p.controls_alpha(13'000 + pacing::controls_fade_ms / 2) == Approx(0.5));
        CHECK(p.controls_alpha(14'000) == 0);
        p.on_input(14'000);
        CHECK(p.controls_alpha(14'001) == 1);
    }
    SECTION("with reduced motion they go at once, without a fade") {
        p.set_reduced_motion(true);
        CHECK(p.controls_alpha(12'999) == 1);
        CHECK(p.controls_alpha(13'001) == 0);
        CHECK(p.overlay_delay(10'400, true) == Approx(2600));
        CHECK(p.overlay_delay(13'001, true) < 0);  // nothing to step through
        p.on_input(14'000);
        CHECK(p.controls_alpha(14'001) == 1);
    }
    SECTION("the clock counts whole seconds from the connection") {
        CHECK(p.call_seconds(10'999) == 0);
        CHECK(p.call_seconds(75'500) == 65);
    }
    SECTION("the next change: the fade's start, its steps, the clock's second") {
        CHECK(p.overlay_delay(10'400, true) == Approx(2600));  // video draws the clock
        CHECK(p.overlay_delay(10'400, false) == Approx(600));  // no video: the next second
        CHECK(p.overlay_delay(13'100, true) == Approx(pacing::min_video_frame_interval_ms));
        CHECK(p.overlay_delay(20'000, true) < 0);  // faded, video flowing: nothing to do
        CHECK(p.overlay_delay(20'250, false) == Approx(750));
    }
}
