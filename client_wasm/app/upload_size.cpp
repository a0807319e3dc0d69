// The rule of upload_size.hpp.
#include "upload_size.hpp"

#include <cmath>

namespace duet::pacing {

namespace {

// Sizes asked for in steps of this many pixels, so that a picture growing a little (a window
// resized by a few pixels) reuses the texture it has.
constexpr int step = 16;
// A texture up to this much larger than shown is kept (a quarter more, plus one step).
constexpr float kept_larger = 1.25f;

int round_up(float pixels) { return int(std::ceil(pixels / step)) * step; }

}  // namespace

pixel_box upload_box(float shown_width, float shown_height, pixel_box texture) {
    if (!(shown_width >= 1) || !(shown_height >= 1)) return {};
    bool covers = texture.width >= shown_width && texture.height >= shown_height;
    bool close = texture.width <= shown_width * kept_larger + step &&
                 texture.height <= shown_height * kept_larger + step;
    if (covers && close) return texture;
    return {round_up(shown_width), round_up(shown_height)};
}

}  // namespace duet::pacing
