// The Devices menu: opened by its button, listing each kind under the labels tests press,
// a press recording the device chosen, closed by a choice or a press elsewhere; Flip camera
// only where there is something to flip to; the fall-back notice (ui/devices_menu).
#include <catch2/catch.hpp>

#include "ui/devices_menu.hpp"
#include "ui_harness.hpp"

namespace {

using duet::call::device_kind;
using duet::call::role;
using duet::call::state;
using duet::test::ui_harness;
namespace ui = duet::ui;

ui::model in_call() {
    ui::model m = duet::test::in_call_model();
    m.devices.lists.microphones = {{"default", "Fake Default Audio Input"}, {"m1", "Fake Audio Input 1"}};
    m.devices.lists.cameras = {{"c0", "fake_device_0"}, {"c1", "fake_device_1"}};
    m.devices.lists.speakers = {{"default", "Fake Default Audio Output"}};
    m.devices.in_use.camera = "c0";
    return m;
}

}  // namespace

TEST_CASE("the Devices menu", "[client][ui][devices]") {
    ui_harness h;
    auto m = in_call();
    h.frame(m);
    REQUIRE(h.widget("Devices"));
    CHECK_FALSE(h.widget("Camera: fake_device_1"));  // closed at first

    h.press(m, "Devices");
    h.frame(m);
    h.frame(m);  // an auto-sized window takes a frame to measure itself

    SECTION("open: every device under its kind's label, above the control bar") {
        for (char const* label : {"Microphone: Fake Default Audio Input", "Microphone: Fake Audio Input 1",
                                  "Camera: fake_device_0", "Camera: fake_device_1",
                                  "Speaker: Fake Default Audio Output"}) {
            INFO(label);
            REQUIRE(h.widget(label));
            CHECK(h.widget(label)->max.y <= h.widget("Devices")->min.y);
        }
    }
    SECTION("a press chooses that device, and the menu closes") {
        auto out = h.press(m, "Camera: fake_device_1");
        REQUIRE(out.intents.choose_device);
        CHECK(out.intents.choose_device->kind == device_kind::camera);
        CHECK(out.intents.choose_device->id == "c1");
        h.frame(m);
        CHECK_FALSE(h.widget("Camera: fake_device_1"));
        CHECK_FALSE(out.intents.toggle_camera);
    }
    SECTION("a microphone press names the microphone") {
        auto out = h.press(m, "Microphone: Fake Audio Input 1");
        REQUIRE(out.intents.choose_device);
        CHECK(out.intents.choose_device->kind == device_kind::microphone);
        CHECK(out.intents.choose_device->id == "m1");
    }
    SECTION("the Devices button again closes it") {
        h.press(m, "Devices");
        h.frame(m);
        CHECK_FALSE(h.widget("Camera: fake_device_1"));
    }
    SECTION("a press elsewhere closes it and chooses nothing") {
        auto out = h.press(m, "Self view");
        CHECK_FALSE(out.intents.choose_device);
        h.frame(m);
        CHECK_FALSE(h.widget("Camera: fake_device_1"));
    }
}

TEST_CASE("Flip camera and the fall-back notice", "[client][ui][devices]") {
    ui_harness h;
    auto m = in_call();
    SECTION("shown only where there is another camera") {
        h.frame(m);
        CHECK_FALSE(h.widget("Flip camera"));
        m.devices.can_flip = true;
        h.frame(m);
        REQUIRE(h.widget("Flip camera"));
        CHECK(h.press(m, "Flip camera").intents.flip_camera);
    }
    SECTION("the device names are the menu's entries") {
        CHECK(ui::device_entry_label(device_kind::speaker, "USB") == "Speaker: USB");
    }
}

TEST_CASE("a phone's bar of six buttons fits its width", "[client][ui][devices]") {
    ui_harness phone(ImVec2(390, 844), true);
    auto m = in_call();
    m.devices.can_flip = true;
    m.can_fullscreen = true;
    phone.frame(m);
    for (char const* label : {"Microphone", "Camera", "Flip camera", "Devices", "Fullscreen", "Hang Up"}) {
        INFO(label);
        REQUIRE(phone.widget(label));
        CHECK(phone.widget(label)->min.x >= 0);
        CHECK(phone.widget(label)->max.x <= 390);
    }
}

TEST_CASE("before a call: Preview camera on request, then Devices", "[client][ui][devices]") {
    ui_harness h;
    ui::model m;
    m.current = ui::screen::call;
    m.call_state = state::idle;
    m.allowed = duet::call::allowed_in(state::idle, role::none);
    m.devices = in_call().devices;
    h.frame(m);
    REQUIRE(h.widget("Preview camera"));
    CHECK_FALSE(h.widget("Devices"));
    CHECK(h.press(m, "Preview camera").intents.preview);

    m.media_requested = true;
    m.local = {nullptr, 640, 480};
    h.frame(m);
    CHECK_FALSE(h.widget("Preview camera"));
    h.press(m, "Devices");
    h.frame(m);
    h.frame(m);
    REQUIRE(h.widget("Camera: fake_device_1"));
    auto out = h.press(m, "Camera: fake_device_1");
    REQUIRE(out.intents.choose_device);
    CHECK(out.intents.choose_device->id == "c1");

    SECTION("a ring covers the video: no preview buttons under it") {
        m.media_requested = false;
        m.call_state = state::ringing_in;
        m.partner = "bob";
        h.frame(m);
        CHECK_FALSE(h.widget("Preview camera"));
    }
}
