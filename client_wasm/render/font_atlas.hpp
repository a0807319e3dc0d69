// The ImGui font, rasterised by the browser.
//
// Debian's ImGui sources carry no TTF besides the 13px bitmap-style default, and shipping a
// font would cost more than the rest of the bundle. The browser already has good fonts and
// a good rasteriser: each glyph is drawn with canvas 2D fillText at the exact pixel size
// (CSS size x devicePixelRatio) into ImGui's atlas. The first build has ASCII only; code
// points beyond (an accented or non-Latin name) are added by a rebuild when text that needs
// them appears.
#pragma once

#include <imgui.h>

#include <set>
#include <string_view>

namespace duet::render {

class font_atlas {
  public:
    // The whole atlas stays a few MB of texture even for many scripts' worth of names.
    static constexpr std::size_t max_extra_glyphs = 2048;

    // Rebuilds io.Fonts at `pixel_size` (device pixels). The renderer must reload the texture.
    void build(float pixel_size);
    // Remembers the code points of text about to be shown; true if the atlas lacks some.
    bool note(std::string_view utf8);
    bool stale() const { return stale_; }
    float pixel_size() const { return pixel_size_; }
    bool from_browser() const { return from_browser_; }

  private:
    bool build_from_browser(float pixel_size);

    float pixel_size_ = 0;
    bool stale_ = false;
    bool from_browser_ = false;
    std::set<ImWchar> extra_;
};

}  // namespace duet::render
