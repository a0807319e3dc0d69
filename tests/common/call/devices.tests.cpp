// The device choice: a chosen device that disappears falls back to the default (and which
// kinds say so), the notice's words, the next camera for "Flip camera", and the phone's
// other facing (call/devices.hpp).
#include "call/devices.hpp"

#include <catch2/catch.hpp>

namespace {
using duet::call::device_choice;
using duet::call::device_kind;
using duet::call::device_kind_named;
using duet::call::device_lists;
using duet::call::fall_back_if_gone;
using duet::call::fallback_notice;
using duet::call::has_device;
using duet::call::media_device;
using duet::call::next_camera;
using duet::call::other_facing;

device_lists two_of_each() {
    device_lists l;
    l.microphones = {{"m0", "Fake Default Audio Input"}, {"m1", "Fake Audio Input 1"}};
    l.cameras = {{"c0", "fake_device_0"}, {"c1", "fake_device_1"}};
    l.speakers = {{"s0", "Fake Default Audio Output"}, {"s1", "Fake Audio Output 1"}};
    return l;
}
}  // namespace

TEST_CASE("devices: the browser's kinds", "[call][devices]") {
    CHECK(device_kind_named("audioinput") == device_kind::microphone);
    CHECK(device_kind_named("videoinput") == device_kind::camera);
    CHECK(device_kind_named("audiooutput") == device_kind::speaker);
    CHECK_FALSE(device_kind_named("video"));
    CHECK_FALSE(device_kind_named(""));
}

TEST_CASE("devices: a chosen device that is gone falls back to the default", "[call][devices]") {
    auto lists = two_of_each();
    device_choice choice{"m1", "c1", "s1"};

    SECTION("all still there: nothing changes") {
        CHECK(fall_back_if_gone(choice, lists).empty());
        CHECK(choice == device_choice{"m1", "c1", "s1"});
    }
    SECTION("the camera unplugged: only the camera falls back") {
        lists.cameras.pop_back();
        auto lost = fall_back_if_gone(choice, lists);
        REQUIRE(lost.size() == 1);
        CHECK(lost[0] == device_kind::camera);
        CHECK(choice == device_choice{"m1", "", "s1"});
        SECTION("and a second change says nothing more") {
            CHECK(fall_back_if_gone(choice, lists).empty());
        }
    }
    SECTION("a headset unplugged: microphone and speaker, in kind order") {
        lists.microphones.pop_back();
        lists.speakers.pop_back();
        auto lost = fall_back_if_gone(choice, lists);
        REQUIRE(lost.size() == 2);
        CHECK(lost[0] == device_kind::microphone);
        CHECK(lost[1] == device_kind::speaker);
        CHECK(choice == device_choice{"", "c1", ""});
    }
    SECTION("the default is never gone") {
        device_choice defaults;
        lists = {};
        lists.cameras = {{"c9", "other"}};
        CHECK(fall_back_if_gone(defaults, lists).empty());
        CHECK(has_device(lists, device_kind::camera, ""));
    }
    SECTION("an empty list (no permission yet, no setSinkId) is no evidence of a loss") {
        lists.speakers.clear();
        CHECK(fall_back_if_gone(choice, lists).empty());
        CHECK(choice.speaker == "s1");
    }
}

TEST_CASE("devices: the notice says what fell back", "[call][devices]") {
    CHECK(fallback_notice({}).empty());
    CHECK(fallback_notice({device_kind::camera}) ==
          "Your camera was disconnected: using the default camera.");
    CHECK(fallback_notice({device_kind::microphone, device_kind::speaker}) ==
          "Your microphone and speaker were disconnected: using the default devices.");
    CHECK(fallback_notice({device_kind::microphone, device_kind::camera, device_kind::speaker}) ==
          "Your microphone, camera and speaker were disconnected: using the default devices.");
    CHECK(fallback_notice({device_kind::camera}, duet::words::language::chinese) ==
          "你的摄像头已断开：正在使用默认摄像头。");
    CHECK(fallback_notice({device_kind::microphone, device_kind::camera, device_kind::speaker},
                          duet::words::language::chinese) ==
          "你的麦克风、摄像头和扬声器已断开：正在使用默认设备。");
}

TEST_CASE("devices: Flip camera turns to the next camera", "[call][devices]") {
    auto cameras = two_of_each().cameras;
    SECTION("two cameras: each flip goes to the other") {
        CHECK(next_camera(cameras, "c0") == std::optional<std::string>("c1"));
        CHECK(next_camera(cameras, "c1") == std::optional<std::string>("c0"));
    }
    SECTION("three: round in list order") {
        cameras.push_back({"c2", "USB"});
        CHECK(next_camera(cameras, "c1") == std::optional<std::string>("c2"));
        CHECK(next_camera(cameras, "c2") == std::optional<std::string>("c0"));
    }
    SECTION("the camera in use not listed: the first") {
        CHECK(next_camera(cameras, "unknown") == std::optional<std::string>("c0"));
    }
    SECTION("one camera or none: nothing to flip to") {
        CHECK_FALSE(next_camera({{"c0", "only"}}, "c0"));
        CHECK_FALSE(next_camera({}, ""));
    }
}

TEST_CASE("devices: a phone's flip is the other facing", "[call][devices]") {
    CHECK(other_facing("user") == std::optional<std::string>("environment"));
    CHECK(other_facing("environment") == std::optional<std::string>("user"));
    CHECK_FALSE(other_facing(""));
    CHECK_FALSE(other_facing("left"));
}
