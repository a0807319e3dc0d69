// The quality mark and the level meters (quality_mark.hpp).
#include "quality_mark.hpp"

#include <algorithm>
#include <cmath>

#include "theme.hpp"
#include "words/word.hpp"

namespace duet::ui {

namespace {

ImU32 quality_color(stats::quality q) {
    switch (q) {
        case stats::quality::good:
            return ImGui::GetColorU32(theme::success());
        case stats::quality::fair:
            return ImGui::GetColorU32(theme::warning());
        case stats::quality::poor:
            return ImGui::GetColorU32(theme::danger());
        case stats::quality::unknown:
            break;
    }
    return IM_COL32(150, 150, 150, 255);
}

int bars_lit(stats::quality q) {
    switch (q) {
        case stats::quality::good:
            return 3;
        case stats::quality::fair:
            return 2;
        case stats::quality::poor:
            return 1;
        case stats::quality::unknown:
            break;
    }
    return 0;
}

bool shows_health(model const& m) {
    return m.call_state == call::state::in_call && m.health.measured;
}

}  // namespace

float level_fill(double level) {
    if (!(level > 0)) return 0;
    double db = 20 * std::log10(std::min(level, 1.0));
    return float(std::clamp((db + 60) / 60, 0.0, 1.0));
}

void level_meter(ImDrawList* dl, ImVec2 min, ImVec2 max, double level) {
    float r = (max.y - min.y) * 0.5f;
    dl->AddRectFilled(min, max, IM_COL32(0, 0, 0, 140), r);
    float fill = level_fill(level);
    if (fill <= 0) return;
    ImVec2 end(min.x + std::max((max.x - min.x) * fill, 2 * r), max.y);
    dl->AddRectFilled(min, end, ImGui::GetColorU32(theme::success()), r);
}

void quality_mark(model const& m, ImVec2 video_min, ImVec2 /*video_max*/, float top,
                  frame_output& out) {
    if (!shows_health(m)) return;
    float s = m.scale;
    float inset = std::round(10 * s);
    float text = ImGui::GetTextLineHeight();
    float pad = std::round(6 * s);
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // [bars] [meter] on a dark pill, so it reads on any picture. The partner's name is the
    // title's, just above: said once.
    float bar_w = std::round(4 * s);
    float bar_gap = std::round(2 * s);
    float bars_w = 3 * bar_w + 2 * bar_gap;
    float meter_w = std::round(48 * s);
    ImVec2 a(video_min.x + inset, top + inset);
    ImVec2 b(a.x + pad + bars_w + pad + meter_w + pad, a.y + text + 2 * pad);
    dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, 150), (b.y - a.y) * 0.5f);

    int lit = bars_lit(m.health.quality);
    ImU32 on = quality_color(m.health.quality);
    float base = b.y - pad;
    for (int i = 0; i < 3; ++i) {
        float x = a.x + pad + float(i) * (bar_w + bar_gap);
        float h = text * (0.4f + 0.3f * float(i));
        dl->AddRectFilled(ImVec2(x, base - h), ImVec2(x + bar_w, base),
                          i < lit ? on : IM_COL32(255, 255, 255, 60), std::round(s));
    }
    float x = a.x + pad + bars_w + pad;
    float mh = std::round(6 * s);
    float my = std::floor((a.y + b.y - mh) * 0.5f);
    level_meter(dl, ImVec2(x, my), ImVec2(x + meter_w, my + mh), m.health.now.remote_level);
    out.health.quality = std::string(stats::to_string(m.health.quality));
}

void self_level(model const& m, ImVec2 min, ImVec2 max) {
    if (!shows_health(m)) return;
    float s = m.scale;
    float pad = std::round(4 * s);
    float mh = std::round(5 * s);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 a(min.x + pad, max.y - pad - mh);
    ImVec2 b(max.x - pad, max.y - pad);
    level_meter(dl, a, b, m.health.now.local_level);
    float text = ImGui::GetTextLineHeight();
    dl->AddText(ImVec2(a.x, a.y - text - std::round(2 * s)), IM_COL32(255, 255, 255, 220),
                words::say(words::word::you, m.lang));
}

}  // namespace duet::ui
