// The ImGui font, rasterised by the browser.
//
// Debian's ImGui sources carry no TTF besides the 13px bitmap-style default, and shipping a
// font would cost more than the rest of the bundle. The browser already has good fonts and
// a good rasteriser: each glyph is drawn with canvas 2D fillText at the exact pixel size
// (CSS size x devicePixelRatio) into ImGui's atlas. The first build has ASCII only; code
// points beyond (an accented or non-Latin name, a chat message) are added when text that
// needs them appears: into room each build keeps free for them, drawing only the new glyphs
// and uploading only the texture rows they changed (add_noted), so a new name costs a few
// glyphs' work, not the whole atlas's; a full rebuild only when that room is used up.
#pragma once

#include <imgui.h>

#include <optional>
#include <set>
#include <string_view>

namespace duet::render {

class font_atlas {
  public:
    // The whole atlas stays a few MB of texture even for many scripts' worth of names.
    static constexpr std::size_t max_extra_glyphs = 2048;

    // A changed rectangle of the atlas texture, in its pixels.
    struct rect {
        int x = 0, y = 0, w = 0, h = 0;
    };
    // Glyphs the atlas keeps room for after each build before another is needed.
    static constexpr int spare_glyphs = 96;

    // Rebuilds io.Fonts at `pixel_size` (device pixels). The renderer must reload the texture.
    void build(float pixel_size);
    // Adds the glyphs noted since the last build into the atlas's spare room: the texture
    // rectangle to upload again (empty if none was needed), or nothing when they do not fit
    // (then build() and reload the whole texture).
    std::optional<rect> add_noted();
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
    std::set<ImWchar> extra_;  // noted beyond the base
    std::set<ImWchar> built_;  // of those, in the atlas now
    float ascent_ = 0;
    int spare_rect_ = -1;  // the custom rect kept free; glyphs go in on shelves, left to right
    int shelf_x_ = 0;
    int shelf_y_ = 0;
    int shelf_h_ = 0;
};

}  // namespace duet::render
