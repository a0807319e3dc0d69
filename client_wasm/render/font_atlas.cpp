// ImGui's atlas filled with glyphs the browser rasterises (why: font_atlas.hpp).
#include "font_atlas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
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

constexpr int pad = 1;

// A glyph's box in the atlas from its measures (5 floats, font_rasterizer::measure), and
// where its pen starts inside it. Whole-pixel pen and baseline keep every glyph on the pixel
// grid: crisp, not smeared.
struct glyph_box {
    int w, h;
    float pen_x, pen_y, advance;
};
glyph_box box_of(float const* g) {
    float left = std::ceil(std::max(0.f, g[1]));
    float right = std::ceil(std::max(0.f, g[2]));
    float up = std::ceil(std::max(0.f, g[3]));
    float down = std::ceil(std::max(0.f, g[4]));
    return {static_cast<int>(left + right) + 2 * pad, static_cast<int>(up + down) + 2 * pad,
            pad + left, pad + up, std::round(g[0])};
}

// The spare room: as wide as ImGui's narrowest atlas allows (512, less its packing
// padding), high enough for spare_glyphs square glyphs of this size.
ImVec2 spare_size(float px) {
    int cell = static_cast<int>(px) + 2 * pad + 4;
    int width = 510;
    int per_row = std::max(1, width / cell);
    int rows = (font_atlas::spare_glyphs + per_row - 1) / per_row;
    return ImVec2(float(width), float(rows * cell));
}

// A glyph the browser drew in colour (an emoji font's): its RGBA pixels into the renderer's
// copy of the atlas (white where Alpha8 is the source), and the flag that makes ImGui draw
// it untinted. `from` holds the pixels at the same place, `from_w` wide, offset by `origin`.
void paint_colour(ImFontAtlas* atlas, ImFontGlyph* glyph, int x, int y, int w, int h,
                  std::uint32_t const* from, int from_w, ImVec2 origin) {
    if (glyph == nullptr) return;
    unsigned char* rgba = nullptr;
    int tex_w = 0;
    int tex_h = 0;
    atlas->GetTexDataAsRGBA32(&rgba, &tex_w, &tex_h);  // made from Alpha8 if not yet
    for (int row = 0; row < h; ++row) {
        std::size_t src = std::size_t(y - int(origin.y) + row) * std::size_t(from_w) +
                          std::size_t(x - int(origin.x));
        std::size_t dst = std::size_t(y + row) * std::size_t(tex_w) + std::size_t(x);
        std::copy_n(from + src, w, atlas->TexPixelsRGBA32 + dst);
    }
    glyph->Colored = 1;
}

ImFontGlyph* glyph_of(ImFont* font, int cp) {
    return const_cast<ImFontGlyph*>(font->FindGlyphNoFallback(static_cast<ImWchar>(cp)));
}

}  // namespace

bool font_atlas::note(std::string_view utf8) {
    text::for_each_code_point_lenient(utf8, [&](char32_t cp) {
        // ImWchar is 32-bit (imgui.cmake): an emoji past the BMP is a glyph like any other,
        // drawn by the browser's fonts (in colour where the system has a colour emoji font;
        // a box where no font has it).
        if (cp < 0x20 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || in_base(cp) ||
            extra_.size() >= max_extra_glyphs) {
            return;
        }
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
    built_.clear();
    spare_rect_ = -1;
    shelf_x_ = shelf_y_ = shelf_h_ = 0;
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
    ascent_ = ascent;

    struct glyph {
        int cp;
        int rect;
        float pen_x;
        float pen_y;
    };
    std::vector<glyph> glyphs;
    glyphs.reserve(cps.size());
    for (int i = 0; i < n; ++i) {
        glyph_box b = box_of(&m[std::size_t(i) * 5]);
        int rect =
            atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(cps[std::size_t(i)]), b.w, b.h,
                                          b.advance, ImVec2(-b.pen_x, ascent - b.pen_y));
        glyphs.push_back({cps[std::size_t(i)], rect, b.pen_x, b.pen_y});
    }
    ImVec2 spare = spare_size(px);
    spare_rect_ = atlas->AddCustomRectRegular(int(spare.x), int(spare.y));
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
        if (!in_base(unsigned(g.cp))) built_.insert(static_cast<ImWchar>(g.cp));
        draw.insert(draw.end(), {float(g.cp), float(r->X), float(r->Y), float(r->Width),
                                 float(r->Height), g.pen_x, g.pen_y});
    }
    // Only glyphs beyond ASCII can be an emoji font's: the first build (ASCII) skips the check.
    std::vector<std::uint32_t> colour(extra_.empty() ? 0 : std::size_t(atlas_w) * std::size_t(atlas_h));
    std::vector<int> coloured = web::font_rasterizer::draw(px, draw, pixels, atlas_w, atlas_h,
                                                           colour.empty() ? nullptr : colour.data());
    for (int i : coloured) {
        float const* d = &draw[std::size_t(i) * 7];
        paint_colour(atlas, glyph_of(font, int(d[0])), int(d[1]), int(d[2]), int(d[3]), int(d[4]),
                     colour.data(), atlas_w, ImVec2(0, 0));
    }
    return true;
}

std::optional<font_atlas::rect> font_atlas::add_noted() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!from_browser_ || spare_rect_ < 0 || atlas->TexPixelsAlpha8 == nullptr ||
        atlas->Fonts.empty()) {
        return std::nullopt;
    }
    std::vector<int> cps;
    for (ImWchar c : extra_) {
        if (built_.count(c) == 0) cps.push_back(static_cast<int>(c));
    }
    stale_ = false;
    if (cps.empty()) return rect{};
    ImFontAtlasCustomRect const* spare = atlas->GetCustomRectByIndex(spare_rect_);
    float px = std::round(pixel_size_);
    std::vector<float> m;
    if (!spare->IsPacked() || !web::font_rasterizer::measure(px, cps, m)) return std::nullopt;

    // On the spare room's shelves, after the glyphs added before.
    struct placed {
        int cp;
        int x, y;  // in the atlas
        glyph_box b;
    };
    std::vector<placed> glyphs;
    int sx = shelf_x_, sy = shelf_y_, sh = shelf_h_;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        glyph_box b = box_of(&m[i * 5]);
        if (sx + b.w > spare->Width) {
            sy += sh;
            sx = sh = 0;
        }
        if (b.w > spare->Width || sy + b.h > spare->Height) return std::nullopt;  // full
        glyphs.push_back({cps[i], spare->X + sx, spare->Y + sy, b});
        sx += b.w;
        sh = std::max(sh, b.h);
    }
    shelf_x_ = sx;
    shelf_y_ = sy;
    shelf_h_ = sh;

    // Only the rows the new glyphs touch are drawn and, by the renderer, uploaded again.
    int top = glyphs.front().y;
    int bottom = top;
    for (auto const& g : glyphs) bottom = std::max(bottom, g.y + g.b.h);
    rect dirty{spare->X, top, spare->Width, bottom - top};
    std::vector<float> draw;
    draw.reserve(glyphs.size() * 7);
    for (auto const& g : glyphs) {
        draw.insert(draw.end(), {float(g.cp), float(g.x - dirty.x), float(g.y - dirty.y),
                                 float(g.b.w), float(g.b.h), g.b.pen_x, g.b.pen_y});
    }
    std::vector<unsigned char> strip(std::size_t(dirty.w) * std::size_t(dirty.h), 0);
    std::vector<std::uint32_t> colour(strip.size(), 0);
    std::vector<int> coloured =
        web::font_rasterizer::draw(px, draw, strip.data(), dirty.w, dirty.h, colour.data());
    std::vector<bool> in_colour(glyphs.size(), false);
    for (int i : coloured) in_colour[std::size_t(i)] = true;

    ImFont* font = atlas->Fonts[0];
    int tex_w = atlas->TexWidth;
    for (auto const& g : glyphs) {
        for (int row = 0; row < g.b.h; ++row) {
            std::size_t src = std::size_t(g.y - dirty.y + row) * std::size_t(dirty.w) +
                              std::size_t(g.x - dirty.x);
            std::size_t dst = std::size_t(g.y + row) * std::size_t(tex_w) + std::size_t(g.x);
            for (int col = 0; col < g.b.w; ++col) {
                unsigned char a = strip[src + std::size_t(col)];
                atlas->TexPixelsAlpha8[dst + std::size_t(col)] = a;
                // The renderer's RGBA copy (GetTexDataAsRGBA32), kept in step.
                if (atlas->TexPixelsRGBA32 != nullptr) {
                    atlas->TexPixelsRGBA32[dst + std::size_t(col)] = IM_COL32(255, 255, 255, a);
                }
            }
        }
        // As ImFontAtlasBuildFinish adds a custom rect's glyph.
        float x0 = -g.b.pen_x;
        float y0 = ascent_ - g.b.pen_y;
        ImVec2 uv0(float(g.x) * atlas->TexUvScale.x, float(g.y) * atlas->TexUvScale.y);
        ImVec2 uv1(float(g.x + g.b.w) * atlas->TexUvScale.x,
                   float(g.y + g.b.h) * atlas->TexUvScale.y);
        font->AddGlyph(nullptr, static_cast<ImWchar>(g.cp), x0, y0, x0 + float(g.b.w),
                       y0 + float(g.b.h), uv0.x, uv0.y, uv1.x, uv1.y, g.b.advance);
        if (in_colour[std::size_t(&g - glyphs.data())]) {
            paint_colour(atlas, &font->Glyphs.back(), g.x, g.y, g.b.w, g.b.h, colour.data(),
                         dirty.w, ImVec2(float(dirty.x), float(dirty.y)));
        }
        built_.insert(static_cast<ImWchar>(g.cp));
    }
    font->BuildLookupTable();
    return dirty;
}

}  // namespace duet::render
