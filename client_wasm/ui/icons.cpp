// The glyphs of icons.hpp, as a few lines and arcs each.
#include "icons.hpp"

#include <algorithm>
#include <cmath>

namespace duet::ui::icons {

namespace {

constexpr float pi = 3.14159265f;

struct frame {
    ImVec2 c;  // centre
    float u;   // a tenth of the square's side
};

frame frame_of(ImVec2 min, ImVec2 max) {
    return {ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f),
            std::min(max.x - min.x, max.y - min.y) / 10.f};
}

ImVec2 at(frame const& f, float x, float y) { return ImVec2(f.c.x + x * f.u, f.c.y + y * f.u); }

}  // namespace

ImU32 faded(ImU32 color, float alpha) {
    auto a = float((color >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(alpha, 0.f, 1.f);
    return (color & ~IM_COL32_A_MASK) | (ImU32(a + 0.5f) << IM_COL32_A_SHIFT);
}

void microphone(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
    auto f = frame_of(min, max);
    float t = std::max(1.f, 0.55f * f.u);
    dl->AddRectFilled(at(f, -1.3f, -3.6f), at(f, 1.3f, 1.0f), color, 1.3f * f.u);
    dl->PathArcTo(at(f, 0, -0.4f), 2.6f * f.u, 0, pi, 16);
    dl->PathStroke(color, 0, t);
    dl->AddLine(at(f, 0, 2.2f), at(f, 0, 3.6f), color, t);
    dl->AddLine(at(f, -1.6f, 3.6f), at(f, 1.6f, 3.6f), color, t);
}

void camera(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
    auto f = frame_of(min, max);
    dl->AddRectFilled(at(f, -3.8f, -2.2f), at(f, 1.4f, 2.2f), color, 0.8f * f.u);
    dl->AddTriangleFilled(at(f, 1.0f, 0), at(f, 3.8f, -2.0f), at(f, 3.8f, 2.0f), color);
}

void hang_up(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
    // A handset lying face down, as on every phone's red button.
    auto f = frame_of(min, max);
    dl->PathArcTo(at(f, 0, 3.2f), 4.2f * f.u, pi * 1.18f, pi * 1.82f, 20);
    dl->PathStroke(color, 0, 1.6f * f.u);
    for (float side : {-1.f, 1.f}) {
        dl->AddRectFilled(at(f, side * 3.9f - 0.9f, -0.6f), at(f, side * 3.9f + 0.9f, 1.0f), color,
                          0.4f * f.u);
    }
}

void fullscreen(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
    auto f = frame_of(min, max);
    float t = std::max(1.f, 0.6f * f.u);
    for (float sx : {-1.f, 1.f}) {
        for (float sy : {-1.f, 1.f}) {
            ImVec2 corner = at(f, 3.2f * sx, 3.2f * sy);
            dl->AddLine(corner, at(f, 1.4f * sx, 3.2f * sy), color, t);
            dl->AddLine(corner, at(f, 3.2f * sx, 1.4f * sy), color, t);
        }
    }
}

void devices(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
    auto f = frame_of(min, max);
    float t = std::max(1.f, 0.55f * f.u);
    float knobs[] = {-1.5f, 1.8f, -0.2f};
    for (int i = 0; i < 3; ++i) {
        float y = -2.8f + 2.8f * float(i);
        dl->AddLine(at(f, -3.6f, y), at(f, 3.6f, y), color, t);
        dl->AddCircleFilled(at(f, knobs[i], y), 1.0f * f.u, color, 12);
    }
}

void flip(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
    auto f = frame_of(min, max);
    float t = std::max(1.f, 0.6f * f.u);
    float r = 3.0f * f.u;
    for (int half = 0; half < 2; ++half) {
        float a0 = pi * (0.15f + float(half));
        float a1 = pi * (0.85f + float(half));
        dl->PathArcTo(f.c, r, a0, a1, 12);
        dl->PathStroke(color, 0, t);
        // The arrow's head at the arc's end, pointing along it.
        ImVec2 tip(f.c.x + std::cos(a1) * r, f.c.y + std::sin(a1) * r);
        ImVec2 along(-std::sin(a1), std::cos(a1));
        ImVec2 out(std::cos(a1), std::sin(a1));
        float h = 1.3f * f.u;
        dl->AddTriangleFilled(ImVec2(tip.x + along.x * h, tip.y + along.y * h),
                              ImVec2(tip.x + out.x * h, tip.y + out.y * h),
                              ImVec2(tip.x - out.x * h, tip.y - out.y * h), color);
    }
}

void share_screen(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
    auto f = frame_of(min, max);
    float t = std::max(1.f, 0.55f * f.u);
    dl->AddRect(at(f, -4.0f, -3.0f), at(f, 4.0f, 2.4f), color, 0.6f * f.u, 0, t);
    dl->AddLine(at(f, -1.6f, 3.8f), at(f, 1.6f, 3.8f), color, t);
    dl->AddLine(at(f, 0, 1.2f), at(f, 0, -1.0f), color, t);
    dl->AddTriangleFilled(at(f, 0, -2.2f), at(f, 1.4f, -0.6f), at(f, -1.4f, -0.6f), color);
}

void slash(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color, ImU32 outline) {
    auto f = frame_of(min, max);
    dl->AddLine(at(f, -3.6f, -3.6f), at(f, 3.6f, 3.6f), outline, 1.6f * f.u);
    dl->AddLine(at(f, -3.6f, -3.6f), at(f, 3.6f, 3.6f), color, 0.7f * f.u);
}

}  // namespace duet::ui::icons
