// The redraw rule: the call's figures, once a second, are worth one frame; anything else
// the screen shows, the usual settling frames; nothing, none.
#include "app/redraw_rule.hpp"

#include <catch2/catch.hpp>

namespace ui = duet::ui;
using duet::pacing::frames_for_change;

TEST_CASE("redraw rule: figures alone cost one frame", "[client][pacing][stats]") {
    ui::model shown;
    shown.current = ui::screen::call;
    shown.call_state = duet::call::state::in_call;
    ui::model now = shown;

    SECTION("nothing changed: no frame") { CHECK(frames_for_change(shown, now) == 0); }
    SECTION("a new second of figures: one frame") {
        now.health.measured = true;
        now.health.now.fps = 30;
        now.health.now.remote_level = 0.2;
        CHECK(frames_for_change(shown, now) == 1);
    }
    SECTION("the panel's history moved on: one frame") {
        now.health.panel_open = shown.health.panel_open = true;
        now.health.history.fps.push(29);
        CHECK(frames_for_change(shown, now) == 1);
    }
    SECTION("a file's progress moved, with or without figures: one frame") {
        now.transfers.progress = shown.transfers.progress + 1;
        CHECK(frames_for_change(shown, now) == 1);
        now.health.measured = true;
        CHECK(frames_for_change(shown, now) == 1);
    }
    SECTION("a transfer's list changed with its progress: the settling frames") {
        now.transfers.progress = shown.transfers.progress + 1;
        now.transfers.revision = shown.transfers.revision + 1;
        CHECK(frames_for_change(shown, now) == 2);
    }
    SECTION("anything else, with or without new figures: the settling frames") {
        now.status = "Connected";
        CHECK(frames_for_change(shown, now) == 2);
        now.health.now.fps = 30;
        CHECK(frames_for_change(shown, now) == 2);
    }
}
