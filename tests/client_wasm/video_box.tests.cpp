// How a video is laid into the draw list (ui/widgets video_box, ui/draw_hints): the partner's
// picture with square corners is opaque (between the hints, no black painted under it), the
// rounded self-view is blended, and each frame says the size each picture was drawn at.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "ui/draw_hints.hpp"
#include "ui_harness.hpp"

namespace {

using duet::test::ui_harness;
namespace ui = duet::ui;

ImTextureID const remote_texture = reinterpret_cast<ImTextureID>(std::uintptr_t(7));
ImTextureID const local_texture = reinterpret_cast<ImTextureID>(std::uintptr_t(9));

struct triangle {
    ImVec2 p[3];
    ImU32 colour;  // the first vertex's
    ImTextureID texture;
    bool opaque;  // between opaque_begin and opaque_end
};

// Every triangle of the last rendered frame, in order; fails on a hint left open.
std::vector<triangle> triangles() {
    std::vector<triangle> out;
    ImDrawData const* data = ImGui::GetDrawData();
    REQUIRE(data != nullptr);
    for (int n = 0; n < data->CmdListsCount; ++n) {
        ImDrawList const* list = data->CmdLists[n];
        bool opaque = false;
        for (ImDrawCmd const& cmd : list->CmdBuffer) {
            if (ui::is_opaque_begin(cmd)) {
                REQUIRE_FALSE(opaque);
                opaque = true;
                continue;
            }
            if (ui::is_opaque_end(cmd)) {
                REQUIRE(opaque);
                opaque = false;
                continue;
            }
            if (cmd.UserCallback != nullptr) continue;
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                triangle t{};
                for (int k = 0; k < 3; ++k) {
                    auto const& v = list->VtxBuffer[int(cmd.VtxOffset + list->IdxBuffer[int(cmd.IdxOffset + i + unsigned(k))])];
                    t.p[k] = v.pos;
                    if (k == 0) t.colour = v.col;
                }
                t.texture = cmd.TextureId;
                t.opaque = opaque;
                out.push_back(t);
            }
        }
        REQUIRE_FALSE(opaque);
    }
    return out;
}

bool contains(triangle const& t, ImVec2 q) {
    auto side = [](ImVec2 a, ImVec2 b, ImVec2 c) {
        return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    };
    float d0 = side(t.p[0], t.p[1], q);
    float d1 = side(t.p[1], t.p[2], q);
    float d2 = side(t.p[2], t.p[0], q);
    bool negative = d0 < 0 || d1 < 0 || d2 < 0;
    bool positive = d0 > 0 || d1 > 0 || d2 > 0;
    return !(negative && positive);
}

ui::model call_with_textures() {
    auto m = duet::test::in_call_model();
    m.remote.texture = remote_texture;
    m.local.texture = local_texture;
    return m;
}

}  // namespace

TEST_CASE("the partner's video is drawn opaque, with black only beside it",
          "[client][ui][video]") {
    ui_harness h;  // 1280 x 800: a 4:3 picture leaves a bar on each side
    auto m = call_with_textures();
    auto out = h.frame(m);
    auto tris = triangles();

    // 800 high, 4:3: 1066.67 wide, centred.
    CHECK(out.remote_video_shown.x == Approx(800.f * 4 / 3));
    CHECK(out.remote_video_shown.y == Approx(800.f));
    ImVec2 centre(640, 400);
    int remote_triangles = 0;
    for (auto const& t : tris) {
        if (t.texture == remote_texture) {
            ++remote_triangles;
            CHECK(t.opaque);
        }
    }
    CHECK(remote_triangles == 2);  // one quad
    SECTION("nothing black is painted under the picture") {
        for (auto const& t : tris) {
            bool black = t.colour == IM_COL32(0, 0, 0, 255);
            if (black) CHECK_FALSE(contains(t, centre));
        }
    }
    SECTION("the bars beside it are black, and opaque too") {
        ImVec2 left_bar(50, 400);
        ImVec2 right_bar(1230, 400);
        bool left = false;
        bool right = false;
        for (auto const& t : tris) {
            if (!t.opaque || t.colour != IM_COL32(0, 0, 0, 255)) continue;
            left = left || contains(t, left_bar);
            right = right || contains(t, right_bar);
        }
        CHECK(left);
        CHECK(right);
    }
}

TEST_CASE("the self-view is blended (soft corners) and says its size", "[client][ui][video]") {
    ui_harness h;
    auto m = call_with_textures();
    auto out = h.frame(m);
    auto self = h.widget("Self view");
    REQUIRE(self);
    CHECK(out.local_video_shown.x == Approx(self->max.x - self->min.x));
    CHECK(out.local_video_shown.y == Approx(self->max.y - self->min.y));
    CHECK(out.local_video_shown.x < 400);  // a corner of the screen, not the camera's 640
    int local_triangles = 0;
    for (auto const& t : triangles()) {
        if (t.texture != local_texture) continue;
        ++local_triangles;
        CHECK_FALSE(t.opaque);
    }
    CHECK(local_triangles > 2);  // a rounded shape, not a quad
}

TEST_CASE("a partner with the camera off: the place of the video is one opaque fill",
          "[client][ui][video]") {
    ui_harness h;
    auto m = call_with_textures();
    m.remote_camera_off = true;
    auto out = h.frame(m);
    CHECK(out.remote_video_shown.x == 0);
    CHECK(out.remote_video_shown.y == 0);
    bool filled = false;
    for (auto const& t : triangles()) {
        CHECK(t.texture != remote_texture);
        if (t.opaque && contains(t, ImVec2(640, 400))) filled = true;
    }
    CHECK(filled);
}

TEST_CASE("no picture drawn: sizes are zero, so uploads are not limited",
          "[client][ui][video]") {
    ui_harness h;
    auto m = call_with_textures();
    m.local = {};
    m.remote = {};
    auto out = h.frame(m);
    CHECK(out.remote_video_shown.x == 0);
    CHECK(out.local_video_shown.x == 0);
}
