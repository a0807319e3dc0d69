// The browser's text rasteriser, for the ImGui font atlas (why the browser's: see
// render/font_atlas.hpp). Canvas 2D measures and draws; js/font_rasterizer.js is its JS half.
#pragma once

#include <cstdint>
#include <vector>

namespace duet::web::font_rasterizer {

// Per code point of `cps`, 5 floats: advance, ink left, ink right, ink ascent, ink descent;
// then the font's ascent and descent. False if the page has no canvas 2D.
bool measure(float px, std::vector<int> const& cps, std::vector<float>& out);

// `glyphs` holds 7 floats a glyph: code point, rect x, y, w, h, pen x, pen y. Each is drawn
// at (x + pen x, y + pen y) and its rect's alpha copied into the Alpha8 `pixels`.
// Where `colour` is given (RGBA, 4 bytes a pixel, `width` x `height` like `pixels`), a glyph
// the browser drew in colour (an emoji font's) has its pixels copied there too; the result
// lists those glyphs by their index in `glyphs`. Without it nothing is checked for colour.
std::vector<int> draw(float px, std::vector<float> const& glyphs, unsigned char* pixels,
                      int width, int height, std::uint32_t* colour);

}  // namespace duet::web::font_rasterizer
