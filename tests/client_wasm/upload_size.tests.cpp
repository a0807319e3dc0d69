// How large a video frame is uploaded (app/upload_size): what is shown, in steps, kept while
// it still fits closely, and no limit for a picture that is not drawn.
#include <catch2/catch.hpp>

#include "app/upload_size.hpp"

using duet::pacing::pixel_box;
using duet::pacing::upload_box;

TEST_CASE("a video is uploaded at the size it is shown", "[client][video]") {
    SECTION("not drawn: no limit, the frame as it comes") {
        CHECK(upload_box(0, 0, {}) == pixel_box{});
        CHECK(upload_box(0, 0, {160, 120}) == pixel_box{});
        CHECK(upload_box(160, 0, {}) == pixel_box{});
        CHECK(upload_box(-3, 120, {}) == pixel_box{});
    }
    SECTION("the first frame: the shown size rounded up to whole steps of 16") {
        CHECK(upload_box(160, 120, {}) == pixel_box{160, 128});
        CHECK(upload_box(161.5f, 121, {}) == pixel_box{176, 128});
        CHECK(upload_box(1, 1, {}) == pixel_box{16, 16});
    }
    SECTION("a texture covering the picture closely is kept, so its size stops moving") {
        CHECK(upload_box(160, 120, {160, 120}) == pixel_box{160, 120});
        CHECK(upload_box(159, 119, {160, 120}) == pixel_box{160, 120});
        // A quarter larger plus one step still counts as close.
        CHECK(upload_box(128, 96, {176, 132}) == pixel_box{176, 132});
    }
    SECTION("a picture that grew past its texture asks for more") {
        CHECK(upload_box(161, 121, {160, 120}) == pixel_box{176, 128});
        CHECK(upload_box(640, 480, {160, 120}) == pixel_box{640, 480});
    }
    SECTION("a picture that shrank well below its texture asks for less") {
        CHECK(upload_box(160, 120, {640, 480}) == pixel_box{160, 128});
        CHECK(upload_box(100, 75, {160, 120}) == pixel_box{112, 80});
    }
    SECTION("shown larger than the camera gives: the box is larger, the frame is not enlarged") {
        // The door fits the frame into the box and never scales up, so a 640x480 texture
        // shown at 800x600 stays 640x480 frame after frame.
        CHECK(upload_box(800, 600, {640, 480}) == pixel_box{800, 608});
    }
}
