// The JS half of web/font_rasterizer: glyphs measured and drawn by the browser's canvas 2D
// (why: render/font_atlas.hpp). Linked with --js-library.
mergeInto(LibraryManager.library, {
  // Per code point: advance, ink left, ink right, ink ascent, ink descent (CSS canvas
  // TextMetrics); then the font's ascent and descent. 0 if there is no canvas 2D.
  duet_font_measure: function (px, cps, count, out) {
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
  },

  // Draws each glyph at (x + pen_x, y + pen_y) inside its atlas rect, then copies the alpha
  // of those rects (only) into the Alpha8 atlas, leaving ImGui's own rects untouched.
  duet_font_draw: function (px, glyphs, count, pixels, atlas_w, atlas_h) {
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
  },
});
