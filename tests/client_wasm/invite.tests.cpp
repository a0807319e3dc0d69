// The invite panel, its QR code and the safety code's line: pressed and read as a person
// would, on the screens the app draws.
#include <catch2/catch.hpp>
#include <string>

#include "ui/qr_code.hpp"
#include "ui_harness.hpp"

using namespace duet;

namespace {

ui::model signed_in_model() {
    ui::model m;
    m.current = ui::screen::call;
    m.name = "alice";
    m.allowed = call::allowed_in(call::state::idle, call::role::none);
    m.invite_link = "https://duet.example/#call=alice";
    return m;
}

// The three finder patterns of a QR symbol: 7x7 squares, dark ring, light ring, dark core.
bool finder_at(ui::qr_matrix const& qr, int x0, int y0) {
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (qr.at(x0 + x, y0 + y) != (ring || core)) return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("the invite panel opens from Invite and records its intents", "[client][invite]") {
    test::ui_harness ui;
    ui::model m = signed_in_model();
    ui.frame(m);
    REQUIRE(ui.widget("Invite"));
    CHECK_FALSE(ui.widget("Copy link"));
    ui.press(m, "Invite");
    ui.frame(m);
    REQUIRE(ui.widget("Copy link"));
    REQUIRE(ui.widget("Invite code"));
    CHECK(ui.widget("Invite link")->text == m.invite_link);
    CHECK_FALSE(ui.widget("Share"));
    SECTION("the QR code is square and fits the window") {
        auto qr = *ui.widget("Invite code");
        CHECK(qr.max.x - qr.min.x == Approx(qr.max.y - qr.min.y));
        CHECK(qr.max.x - qr.min.x >= 100);
    }
    SECTION("Copy link records the copy") {
        CHECK(ui.press(m, "Copy link").intents.copy_invite);
    }
    SECTION("Share where the browser has Web Share") {
        m.can_web_share = true;
        ui.frame(m);
        REQUIRE(ui.widget("Share"));
        CHECK(ui.press(m, "Share").intents.share_invite);
    }
    SECTION("Invite again closes it") {
        ui.press(m, "Invite");
        ui.frame(m);
        CHECK_FALSE(ui.widget("Copy link"));
    }
    SECTION("signed out: no link, no button") {
        m.invite_link.clear();
        ui.frame(m);
        CHECK_FALSE(ui.widget("Invite"));
        CHECK_FALSE(ui.widget("Copy link"));
    }
}

TEST_CASE("the invite's QR code", "[client][invite]") {
    SECTION("a link gives a symbol with its three finder patterns") {
        auto qr = ui::qr_encode("https://duet.example/#call=%E5%BC%A0%E4%BC%9F");
        REQUIRE(qr);
        CHECK(qr->size >= 21);
        CHECK((qr->size - 17) % 4 == 0);  // versions 1..40: 21, 25, ... 177 modules
        CHECK(finder_at(*qr, 0, 0));
        CHECK(finder_at(*qr, qr->size - 7, 0));
        CHECK(finder_at(*qr, 0, qr->size - 7));
        CHECK_FALSE(finder_at(*qr, qr->size - 7, qr->size - 7));
    }
    SECTION("different links, different symbols") {
        CHECK(ui::qr_encode("https://a/#call=alice")->dark != ui::qr_encode("https://a/#call=bob")->dark);
    }
    SECTION("text past any link's length is refused, not thrown") {
        CHECK_FALSE(ui::qr_encode(std::string(5000, 'a')));
    }
}

TEST_CASE("the safety code shows in the call", "[client][invite]") {
    test::ui_harness ui;
    ui::model m = test::in_call_model();
    ui.frame(m);
    CHECK_FALSE(ui.widget("Safety code"));
    m.safety_code = "482 915";
    ui.frame(m);
    REQUIRE(ui.widget("Safety code"));
    CHECK(ui.widget("Safety code")->text == "Safety code  482 915");
    SECTION("in Chinese") {
        m.lang = words::language::chinese;
        ui.frame(m);
        CHECK(ui.widget("Safety code")->text == "安全码  482 915");
    }
}

TEST_CASE("the login screen names who invites", "[client][invite]") {
    test::ui_harness ui;
    ui::model m;
    ui.frame(m);
    CHECK_FALSE(ui.widget("Invitation"));
    m.invited_by = "alice";
    ui.frame(m);
    REQUIRE(ui.widget("Invitation"));
    CHECK(ui.widget("Invitation")->text == "alice invites you to a call");
    m.lang = words::language::chinese;
    ui.frame(m);
    CHECK(ui.widget("Invitation")->text == "alice 邀请你通话");
}
