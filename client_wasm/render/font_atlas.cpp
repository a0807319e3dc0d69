#include "font_atlas.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cmath>
#include <vector>

#include "text/utf8.hpp"

namespace duet::render {

namespace {

// clang-format off
// Per code point: advance, ink left, ink right, ink ascent, ink descent (CSS canvas
// TextMetrics); then the font's ascent and descent. 0 if there is no canvas 2D.
EM_JS(int, duet_font_measure, (float px, int const* cps, int count, float* out), {
    var c = Module["duetFontCanvas"] || (Module["duetFontCanvas"] = document.createElement("canvas"));
    var ctx = c.getContext("2d", { willReadFrequently: true });
    if (!ctx || typeof ctx.measureText !== "function") return 0;
    var family = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"Helvetica Neue\", " +
        "Arial, \"DejaVu Sans\", sans-serif";
    Module["duetFontFamily"] = family;
    ctx.font = px + "px " + family;
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    var o = out >> 2;
    for (var i = 0; i < count; i++) {
        var m = ctx.measureText(String.fromCodePoint(HEAP32[(cps >> 2) + i]));
        var right = m.actualBoundingBoxRight;
        HEAPF32[o + i * 5] = m.width;
        HEAPF32[o + i * 5 + 1] = m.actualBoundingBoxLeft || 0;
        HEAPF32[o + i * 5 + 2] = right === undefined ? m.width : right;
        HEAPF32[o + i * 5 + 3] = m.actualBoundingBoxAscent === undefined ? px * 0.8 : m.actualBoundingBoxAscent;
        HEAPF32[o + i * 5 + 4] = m.actualBoundingBoxDescent || 0;
    }
    var line = ctx.measureText("Hg");
    HEAPF32[o + count * 5] = line.fontBoundingBoxAscent || px * 0.8;
    HEAPF32[o + count * 5 + 1] = line.fontBoundingBoxDescent || px * 0.2;
    return 1;
});

// Draws each glyph at (x + pen_x, y + pen_y) inside its atlas rect, then copies the alpha
// of those rects (only) into the Alpha8 atlas, leaving ImGui's own rects untouched.
EM_JS(void, duet_font_draw, (float px, float const* glyphs, int count, unsigned char* pixels, int atlas_w, int atlas_h), {
    var c = Module["duetFontCanvas"];
    c.width = atlas_w;
    c.height = atlas_h;
    var ctx = c.getContext("2d", { willReadFrequently: true });
    ctx.clearRect(0, 0, atlas_w, atlas_h);
    ctx.font = px + "px " + Module["duetFontFamily"];
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    ctx.fillStyle = "#fff";
    var g = glyphs >> 2;
    for (var i = 0; i < count; i++) {
        var b = g + i * 7;
        var x = HEAPF32[b + 1], y = HEAPF32[b + 2], w = HEAPF32[b + 3], h = HEAPF32[b + 4];
        ctx.save();
        ctx.beginPath();
        ctx.rect(x, y, w, h);
        ctx.clip();
        ctx.fillText(String.fromCodePoint(HEAPF32[b]), x + HEAPF32[b + 5], y + HEAPF32[b + 6]);
        ctx.restore();
    }
    var data = ctx.getImageData(0, 0, atlas_w, atlas_h).data;
    for (var i = 0; i < count; i++) {
        var b = g + i * 7;
        var x = HEAPF32[b + 1], y = HEAPF32[b + 2], w = HEAPF32[b + 3], h = HEAPF32[b + 4];
        for (var row = y; row < y + h; row++) {
            var src = (row * atlas_w + x) * 4 + 3;
            var dst = pixels + row * atlas_w + x;
            for (var col = 0; col < w; col++) HEAPU8[dst + col] = data[src + col * 4];
        }
    }
    c.width = c.height = 1;  // give the big canvas's memory back
});
// clang-format on

// Printable ASCII: all of the app's own text. Everything else (accents in a name) comes
// on demand; half the glyphs is half the rasterising before the login screen shows.
void base_code_points(std::vector<int>& out) {
    for (int c = 0x20; c <= 0x7E; ++c) out.push_back(c);
}

bool in_base(unsigned c) { return c >= 0x20 && c <= 0x7E; }

}  // namespace

bool font_atlas::note(std::string_view utf8) {
    text::for_each_code_point_lenient(utf8, [&](char32_t cp) {
        // ImWchar is 16-bit here: code points past the BMP cannot be in the atlas.
        if (cp < 0x20 || cp > 0xFFFF || in_base(cp) || extra_.size() >= max_extra_glyphs) return;
        if (extra_.insert(static_cast<ImWchar>(cp)).second) stale_ = true;
    });
    return stale_;
}

void font_atlas::build(float pixel_size) {
    pixel_size_ = pixel_size;
    stale_ = false;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    atlas->Flags |= ImFontAtlasFlags_NoMouseCursors;
    from_browser_ = build_from_browser(pixel_size);
    if (from_browser_) return;
    // No canvas 2D: ImGui's own font at the same size, blocky but readable.
    atlas->Clear();
    ImFontConfig cfg;
    cfg.SizePixels = std::round(pixel_size);
    atlas->AddFontDefault(&cfg);
    atlas->Build();
}

bool font_atlas::build_from_browser(float pixel_size) {
    std::vector<int> cps;
    base_code_points(cps);
    for (ImWchar c : extra_) cps.push_back(c);
    int n = static_cast<int>(cps.size());
    std::vector<float> m(std::size_t(n) * 5 + 2);
    float px = std::round(pixel_size);
    if (!duet_font_measure(px, cps.data(), n, m.data())) return false;

    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    // ImGui needs one real font to hang glyphs on; its default supplies only the space.
    static ImWchar const just_space[] = {0x20, 0x20, 0};
    ImFontConfig cfg;
    cfg.SizePixels = px;
    cfg.GlyphRanges = just_space;
    ImFont* font = atlas->AddFontDefault(&cfg);

    // The line box is the font size; the baseline sits where the font's own metrics put it.
    float font_ascent = m[std::size_t(n) * 5];
    float font_descent = m[std::size_t(n) * 5 + 1];
    float ascent = std::round(px * font_ascent / (font_ascent + font_descent));
    constexpr int pad = 1;

    struct glyph {
        int cp;
        int rect;
        float pen_x;
        float pen_y;
    };
    std::vector<glyph> glyphs;
    glyphs.reserve(cps.size());
    for (int i = 0; i < n; ++i) {
        float const* g = &m[std::size_t(i) * 5];
        float left = std::ceil(std::max(0.f, g[1]));
        float right = std::ceil(std::max(0.f, g[2]));
        float up = std::ceil(std::max(0.f, g[3]));
        float down = std::ceil(std::max(0.f, g[4]));
        int w = static_cast<int>(left + right) + 2 * pad;
        int h = static_cast<int>(up + down) + 2 * pad;
        // Whole-pixel pen and baseline keep every glyph on the pixel grid: crisp, not smeared.
        float pen_x = pad + left;
        float pen_y = pad + up;
        float advance = std::round(g[0]);
        int rect = atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(cps[std::size_t(i)]), w,
                                                 h, advance, ImVec2(-pen_x, ascent - pen_y));
        glyphs.push_back({cps[std::size_t(i)], rect, pen_x, pen_y});
    }
    if (!atlas->Build()) return false;
    font->Ascent = ascent;
    font->Descent = ascent - px;

    unsigned char* pixels = nullptr;
    int atlas_w = 0;
    int atlas_h = 0;
    atlas->GetTexDataAsAlpha8(&pixels, &atlas_w, &atlas_h);
    std::vector<float> draw;
    draw.reserve(glyphs.size() * 7);
    for (auto const& g : glyphs) {
        ImFontAtlasCustomRect const* r = atlas->GetCustomRectByIndex(g.rect);
        if (!r->IsPacked()) continue;
        draw.insert(draw.end(), {float(g.cp), float(r->X), float(r->Y), float(r->Width),
                                 float(r->Height), g.pen_x, g.pen_y});
    }
    duet_font_draw(px, draw.data(), static_cast<int>(draw.size() / 7), pixels, atlas_w, atlas_h);
    return true;
}

}  // namespace duet::render
