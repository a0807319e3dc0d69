// The Stats button and the panel of plots (stats_panel.hpp). The plots are drawn with the
// draw list rather than ImGui::PlotLines: two series share one plot (audio and video), and
// the scale is chosen once per plot from its own data.
#include "stats_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {

// Below this panel width (CSS pixels) the plots stack in one column.
constexpr float two_columns_from_css = 300;

constexpr ImU32 audio_color = IM_COL32(94, 184, 255, 255);
constexpr ImU32 video_color = IM_COL32(255, 196, 77, 255);
constexpr ImU32 line_color = IM_COL32(130, 230, 160, 255);

bool in_call(model const& m) { return m.call_state == call::state::in_call; }

std::string format(char const* fmt, double a, double b = 0, double c = 0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, fmt, a, b, c);
    return buf;
}

struct plot_spec {
    std::string caption;
    std::string long_caption;  // shown instead where the column is wide enough
    stats::series const* first;
    ImU32 first_color;
    stats::series const* second = nullptr;  // drawn over the first
    ImU32 second_color = 0;
};

// The smallest of 1, 2, 5 x 10^n at or above `v`: a scale a person reads at a glance.
float nice_ceiling(float v) {
    if (!(v > 0)) return 1;
    float p = std::pow(10.f, std::floor(std::log10(v)));
    for (float k : {1.f, 2.f, 5.f, 10.f}) {
        if (k * p >= v) return k * p;
    }
    return 10 * p;
}

void draw_series(ImDrawList* dl, stats::series const& v, ImVec2 a, ImVec2 b, float top_value,
                 ImU32 color, float thickness) {
    if (v.size() < 2) return;
    // 60 s across the plot, the newest at the right edge: a short call fills from the right.
    float step = (b.x - a.x) / float(stats::series::capacity - 1);
    ImVec2 points[stats::series::capacity];
    std::size_t n = v.size();
    for (std::size_t i = 0; i < n; ++i) {
        float x = b.x - float(n - 1 - i) * step;
        float y = b.y - (b.y - a.y) * std::clamp(v.at(i) / top_value, 0.f, 1.f);
        points[i] = ImVec2(x, y);
    }
    dl->AddPolyline(points, int(n), color, 0, thickness);
}

// Draws the plot with its caption; returns the caption shown.
std::string const& draw_plot(ImDrawList* dl, plot_spec const& p, ImVec2 a, ImVec2 b, float text,
                             float s) {
    bool fits =
        !p.long_caption.empty() && ImGui::CalcTextSize(p.long_caption.c_str()).x <= b.x - a.x;
    std::string const& caption = fits ? p.long_caption : p.caption;
    dl->AddText(a, IM_COL32_WHITE, caption.c_str());
    ImVec2 pa(a.x, a.y + text + std::round(2 * s));
    dl->AddRectFilled(pa, b, IM_COL32(255, 255, 255, 18), 3 * s);
    float top = p.first->max();
    if (p.second) top = std::max(top, p.second->max());
    top = nice_ceiling(top);
    // The scale's top, small in the plot's corner.
    std::string scale = format("%g", double(top));
    ImVec2 ss = ImGui::CalcTextSize(scale.c_str());
    dl->AddText(ImVec2(b.x - ss.x - 2 * s, pa.y), IM_COL32(255, 255, 255, 110), scale.c_str());
    float thick = std::max(1.f, 1.5f * s);
    draw_series(dl, *p.first, pa, b, top, p.first_color, thick);
    if (p.second) draw_series(dl, *p.second, pa, b, top, p.second_color, thick);
    return caption;
}

std::string rounded_ms(std::optional<double> v) {
    return v ? format("%.0f ms", *v) : std::string("-");
}

}  // namespace

float stats_button_room(model const& m) {
    if (!in_call(m)) return 0;
    return ImGui::GetFrameHeight() + std::round(10 * m.scale);
}

void stats_panel(model const& m, ImVec2 video_min, ImVec2 video_max, float top, frame_output& out) {
    if (!in_call(m)) return;
    float s = m.scale;
    ImGuiStyle const& style = ImGui::GetStyle();
    float inset = std::round(10 * s);
    float text = ImGui::GetTextLineHeight();
    float gap = style.ItemSpacing.y;

    using words::word;
    float bw = std::round(button_width(word::stats, m.lang, 0) + 8 * s);
    ImGui::SetCursorScreenPos(ImVec2(video_max.x - inset - bw, top + inset));
    bool open = m.health.panel_open;
    ImVec4 color = open ? theme::primary() : ImVec4(0.1f, 0.1f, 0.12f, 0.75f);
    if (action_button(word::stats, m, ImVec2(bw, 0), color, true, out)) {
        out.intents.toggle_stats = true;
    }
    if (!open) return;

    auto const& f = m.health.now;
    auto const& h = m.health.history;
    std::string size = f.width > 0 ? format("%.0fx%.0f", f.width, f.height) : "-";
    auto say = [&](word w, std::initializer_list<std::pair<std::string_view, std::string_view>> v) {
        return words::fill(words::say(w, m.lang), v);
    };
    auto whole = [](double v) { return format("%.0f", v); };
    std::string header = say(word::stats_video, {{"size", size}, {"codec", f.codec.empty() ? "-" : f.codec}});
    std::string path = say(word::stats_path, {{"path", words::say(stats::word_for(f.path), m.lang)}});
    std::string out_kbps = whole(f.kbps_out()), in_kbps = whole(f.kbps_in());
    std::string audio_out = whole(f.kbps_audio_out), video_out = whole(f.kbps_video_out);
    std::string audio_in = whole(f.kbps_audio_in), video_in = whole(f.kbps_video_in);
    plot_spec plots[] = {
        {say(word::stats_sent, {{"kbps", out_kbps}}),
         say(word::stats_sent_detail, {{"kbps", out_kbps}, {"audio", audio_out}, {"video", video_out}}),
         &h.kbps_audio_out, audio_color, &h.kbps_video_out, video_color},
        {say(word::stats_received, {{"kbps", in_kbps}}),
         say(word::stats_received_detail, {{"kbps", in_kbps}, {"audio", audio_in}, {"video", video_in}}),
         &h.kbps_audio_in, audio_color, &h.kbps_video_in, video_color},
        {say(word::stats_round_trip, {{"ms", rounded_ms(f.rtt_ms)}}), {}, &h.rtt_ms, line_color},
        {say(word::stats_loss, {{"pct", format("%.1f", f.loss_pct)}}), {}, &h.loss_pct, line_color},
        {say(word::stats_jitter, {{"ms", rounded_ms(f.jitter_ms)}}), {}, &h.jitter_ms, line_color},
        {say(word::stats_frames, {{"fps", whole(f.fps)}}), {}, &h.fps, line_color},
    };
    constexpr int plot_count = int(sizeof plots / sizeof plots[0]);

    // Over the video, under the button: never over the controls (the call screen gives the
    // video all the height it has while the panel is open).
    float pad = std::round(8 * s);
    ImVec2 a(video_min.x + inset, top + inset + ImGui::GetFrameHeight() + gap);
    float width = video_max.x - video_min.x - 2 * inset;
    int columns = width >= two_columns_from_css * s ? 2 : 1;
    int rows = (plot_count + columns - 1) / columns;
    float fixed = 2 * pad + 3 * text + gap + float(rows) * (text + 2 * s + gap);
    float bottom = std::max(video_max.y - inset, a.y + fixed);
    float plot_h = std::clamp((bottom - a.y - fixed) / float(rows), 0.f, 90 * s);
    ImVec2 b(a.x + width, a.y + fixed + float(rows) * plot_h);

    // A window of its own, so that presses on it do not reach the controls under it.
    ImGui::SetNextWindowPos(a);
    ImGui::SetNextWindowSize(ImVec2(b.x - a.x, b.y - a.y));
    ImGui::SetNextWindowBgAlpha(0.f);
    ImGui::Begin("##stats", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoNav);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(16, 18, 22, 225), 8 * s);
    float x = a.x + pad;
    float y = a.y + pad;
    float inner = width - 2 * pad;
    dl->PushClipRect(a, b, true);
    dl->AddText(ImVec2(x, y), IM_COL32_WHITE, header.c_str());
    dl->AddText(ImVec2(x, y + text), IM_COL32_WHITE, path.c_str());
    // The legend of the two bitrate plots, in their colours.
    float lx = x;
    for (auto [legend, col] : {std::pair{word::legend_audio, audio_color},
                               std::pair{word::legend_video, video_color}}) {
        char const* name = words::say(legend, m.lang);
        float lw = std::round(14 * s);
        float ly = std::floor(y + 2 * text + text * 0.5f);
        dl->AddLine(ImVec2(lx, ly), ImVec2(lx + lw, ly), col, std::max(1.f, 2 * s));
        dl->AddText(ImVec2(lx + lw + 4 * s, y + 2 * text), col, name);
        lx += lw + 4 * s + ImGui::CalcTextSize(name).x + 2 * pad;
    }
    out.health.lines = {header, path};
    y += 3 * text + gap;
    float col_w = (inner - float(columns - 1) * 2 * pad) / float(columns);
    float cell_h = text + 2 * s + plot_h;
    for (int i = 0; i < plot_count; ++i) {
        int r = i / columns;
        int c = i % columns;
        ImVec2 pa(x + float(c) * (col_w + 2 * pad), y + float(r) * (cell_h + gap));
        out.health.lines.push_back(
            draw_plot(dl, plots[i], pa, ImVec2(pa.x + col_w, pa.y + cell_h), text, s));
    }
    dl->PopClipRect();
    ImGui::End();
}

}  // namespace duet::ui
