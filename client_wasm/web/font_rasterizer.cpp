// The C++ side of js/font_rasterizer.js.
#include "font_rasterizer.hpp"

extern "C" {
int duet_font_measure(float px, int const* cps, int count, float* out);
int duet_font_draw(float px, float const* glyphs, int count, unsigned char* pixels, int atlas_w,
                   int atlas_h, std::uint32_t* colour, int* coloured);
}

namespace duet::web::font_rasterizer {

bool measure(float px, std::vector<int> const& cps, std::vector<float>& out) {
    int n = static_cast<int>(cps.size());
    out.assign(cps.size() * 5 + 2, 0.f);
    return duet_font_measure(px, cps.data(), n, out.data()) != 0;
}

std::vector<int> draw(float px, std::vector<float> const& glyphs, unsigned char* pixels,
                      int width, int height, std::uint32_t* colour) {
    int count = static_cast<int>(glyphs.size() / 7);
    std::vector<int> coloured(std::size_t(count), 0);
    int n = duet_font_draw(px, glyphs.data(), count, pixels, width, height, colour,
                           coloured.data());
    coloured.resize(std::size_t(n));
    return coloured;
}

}  // namespace duet::web::font_rasterizer
