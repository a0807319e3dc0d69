// ImGui's atlas filled with glyphs the browser rasterises (why: font_atlas.hpp).
#include "font_atlas.hpp"

#include <cmath>
#include <vector>

#include "text/utf8.hpp"
#include "web/font_rasterizer.hpp"

namespace duet::render {

namespace {

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
    std::vector<float> m;
    float px = std::round(pixel_size);
    if (!web::font_rasterizer::measure(px, cps, m)) return false;

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
    web::font_rasterizer::draw(px, draw, pixels, atlas_w, atlas_h);
    return true;
}

}  // namespace duet::render
