// The JS half of web/font_rasterizer: glyphs measured and drawn by the browser's canvas 2D
// (why: render/font_atlas.hpp). Linked with --js-library.
mergeInto(LibraryManager.library, {
  // The font for one code point: the text families, except for the pictographs' planes,
  // which go to the systems' colour emoji fonts first (a text font such as DejaVu Sans
  // has some of them in black and white, and would win were it first).
  $fontFor: function (px, cp) {
    var family = Module["duetFontFamily"];
    if (cp >= 0x1F000 && cp <= 0x1FAFF) {
      family = "\"Apple Color Emoji\", \"Segoe UI Emoji\", \"Noto Color Emoji\", " + family;
    }
    return px + "px " + family;
  },
  duet_font_measure__deps: ["$fontFor"],
  duet_font_draw__deps: ["$fontFor"],

  // Per code point: advance, ink left, ink right, ink ascent, ink descent (CSS canvas
  // TextMetrics); then the font's ascent and descent. 0 if there is no canvas 2D.
  duet_font_measure: function (px, cps, count, out) {
    var c = Module["duetFontCanvas"] || (Module["duetFontCanvas"] = document.createElement("canvas"));
    var ctx = c.getContext("2d", { willReadFrequently: true });
    if (!ctx || typeof ctx.measureText !== "function") return 0;
    var family = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"Helvetica Neue\", " +
        "Arial, \"DejaVu Sans\", sans-serif";
    Module["duetFontFamily"] = family;
    var current = ctx.font = px + "px " + family;
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    var o = out >> 2;
    for (var i = 0; i < count; i++) {
        var cp = HEAP32[(cps >> 2) + i];
        var f = fontFor(px, cp);
        if (f !== current) ctx.font = current = f;
        var m = ctx.measureText(String.fromCodePoint(cp));
        var right = m.actualBoundingBoxRight;
        HEAPF32[o + i * 5] = m.width;
        HEAPF32[o + i * 5 + 1] = m.actualBoundingBoxLeft || 0;
        HEAPF32[o + i * 5 + 2] = right === undefined ? m.width : right;
        HEAPF32[o + i * 5 + 3] = m.actualBoundingBoxAscent === undefined ? px * 0.8 : m.actualBoundingBoxAscent;
        HEAPF32[o + i * 5 + 4] = m.actualBoundingBoxDescent || 0;
    }
    ctx.font = px + "px " + family;
    var line = ctx.measureText("Hg");
    HEAPF32[o + count * 5] = line.fontBoundingBoxAscent || px * 0.8;
    HEAPF32[o + count * 5 + 1] = line.fontBoundingBoxDescent || px * 0.2;
    return 1;
  },

  // Draws each glyph at (x + pen_x, y + pen_y) inside its atlas rect, then copies the alpha
  // of those rects (only) into the Alpha8 atlas, leaving ImGui's own rects untouched. With
  // `colour` (an RGBA buffer the atlas's size), a glyph drawn in colour is found (drawn in
  // white, any other colour is the font's: an emoji) and its RGBA copied there; its index
  // goes to `coloured`. Returns how many.
  duet_font_draw: function (px, glyphs, count, pixels, atlas_w, atlas_h, colour, coloured) {
    var c = Module["duetFontCanvas"];
    c.width = atlas_w;
    c.height = atlas_h;
    var ctx = c.getContext("2d", { willReadFrequently: true });
    ctx.clearRect(0, 0, atlas_w, atlas_h);
    var current = ctx.font = px + "px " + Module["duetFontFamily"];
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    ctx.fillStyle = "#fff";
    var g = glyphs >> 2;
    for (var i = 0; i < count; i++) {
        var b = g + i * 7;
        var x = HEAPF32[b + 1], y = HEAPF32[b + 2], w = HEAPF32[b + 3], h = HEAPF32[b + 4];
        var f = fontFor(px, HEAPF32[b]);  // outside save/restore, which would undo it
        if (f !== current) ctx.font = current = f;
        ctx.save();
        ctx.beginPath();
        ctx.rect(x, y, w, h);
        ctx.clip();
        ctx.fillText(String.fromCodePoint(HEAPF32[b]), x + HEAPF32[b + 5], y + HEAPF32[b + 6]);
        ctx.restore();
    }
    var data = ctx.getImageData(0, 0, atlas_w, atlas_h).data;
    var found = 0;
    for (var i = 0; i < count; i++) {
        var b = g + i * 7;
        var x = HEAPF32[b + 1], y = HEAPF32[b + 2], w = HEAPF32[b + 3], h = HEAPF32[b + 4];
        var inColour = false;
        for (var row = y; row < y + h; row++) {
            var src = (row * atlas_w + x) * 4;
            var dst = pixels + row * atlas_w + x;
            for (var col = 0; col < w; col++) {
                var p = src + col * 4;
                HEAPU8[dst + col] = data[p + 3];
                // Antialiasing keeps white white (the values are not premultiplied).
                if (colour && data[p + 3] > 32 && (data[p] < 224 || data[p + 1] < 224 || data[p + 2] < 224)) {
                    inColour = true;
                }
            }
        }
        if (!inColour) continue;
        HEAP32[(coloured >> 2) + found++] = i;
        for (var row = y; row < y + h; row++) {
            var from = (row * atlas_w + x) * 4;
            HEAPU8.set(data.subarray(from, from + w * 4), colour + from);
        }
    }
    c.width = c.height = 1;  // give the big canvas's memory back
    return found;
  },
});
