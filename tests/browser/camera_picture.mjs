// Finds Chromium's fake-camera picture in a screenshot of the canvas.
//
// With --use-fake-device-for-media-stream every camera shows the same test pattern: a dark
// green field (about rgb(0,135,0)) with a bright green "pacman", a running timestamp and
// bright corner squares. Nothing in Dear ImGui's default style is green-dominant, so the
// green areas of a screenshot, outside the published widgets, are where the app draws video.
// The remote video is the large one; the local preview is small (and may sit inside it).
import { regionStats } from './png.mjs';

const cell_css_px = 8;

export function isCameraGreen(r, g, b) {
  return g >= 80 && g >= r + 40 && g >= b + 40;
}

function inside(rects, x, y) {
  return rects.some((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
}

// img: decoded screenshot; scale: image pixels per CSS pixel; exclude: CSS-pixel rectangles
// (the widgets) left out of the search. Returns the green regions in CSS pixels, largest first.
export function findCameraPictures(img, { scale, exclude = [] }) {
  const pad = 4;
  const excluded = exclude.map((r) => ({
    x: (r.x - pad) * scale,
    y: (r.y - pad) * scale,
    w: (r.w + 2 * pad) * scale,
    h: (r.h + 2 * pad) * scale,
  }));
  const cell = cell_css_px * scale;
  const cols = Math.floor(img.width / cell);
  const rows = Math.floor(img.height / cell);
  const green = new Uint8Array(cols * rows);
  const step = Math.max(1, Math.round(scale));
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      if (inside(excluded, (cx + 0.5) * cell, (cy + 0.5) * cell)) continue;
      let n = 0;
      let hits = 0;
      for (let y = Math.floor(cy * cell); y < Math.floor((cy + 1) * cell); y += step) {
        for (let x = Math.floor(cx * cell); x < Math.floor((cx + 1) * cell); x += step) {
          const o = (y * img.width + x) * 4;
          n++;
          if (isCameraGreen(img.data[o], img.data[o + 1], img.data[o + 2])) hits++;
        }
      }
      if (hits >= n / 2) green[cy * cols + cx] = 1;
    }
  }

  const label = new Int32Array(cols * rows).fill(-1);
  const regions = [];
  for (let start = 0; start < green.length; start++) {
    if (!green[start] || label[start] >= 0) continue;
    const id = regions.length;
    const stack = [start];
    label[start] = id;
    let cells = 0;
    let minX = cols, minY = rows, maxX = -1, maxY = -1;
    while (stack.length) {
      const i = stack.pop();
      const cx = i % cols;
      const cy = (i - cx) / cols;
      cells++;
      minX = Math.min(minX, cx); maxX = Math.max(maxX, cx);
      minY = Math.min(minY, cy); maxY = Math.max(maxY, cy);
      for (const [nx, ny] of [[cx - 1, cy], [cx + 1, cy], [cx, cy - 1], [cx, cy + 1]]) {
        if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
        const j = ny * cols + nx;
        if (green[j] && label[j] < 0) {
          label[j] = id;
          stack.push(j);
        }
      }
    }
    regions.push({ cells, minX, minY, maxX, maxY });
  }

  return regions
    .filter((r) => r.cells >= 4)
    .map((r) => refine(img, r, cell, excluded, scale))
    .sort((a, b) => b.w * b.h - a.w * a.h);
}

// Exact bounds from the green pixels around a component's cells (its edges cut through
// cells). A local preview that overlaps the remote video's edge joins the same component and
// sticks out of it, so each edge is the median over rows (left, right) and over columns
// (top, bottom): the preview spans a minority of them.
function refine(img, region, cell, excluded, scale) {
  const x0 = Math.max(0, Math.floor((region.minX - 1) * cell));
  const y0 = Math.max(0, Math.floor((region.minY - 1) * cell));
  const x1 = Math.min(img.width, Math.ceil((region.maxX + 2) * cell));
  const y1 = Math.min(img.height, Math.ceil((region.maxY + 2) * cell));
  const green = (x, y) => {
    const o = (y * img.width + x) * 4;
    return isCameraGreen(img.data[o], img.data[o + 1], img.data[o + 2]) &&
      !inside(excluded, x, y);
  };
  const lefts = [];
  const rights = [];
  for (let y = y0; y < y1; y++) {
    let first = -1;
    let last = -1;
    for (let x = x0; x < x1; x++) {
      if (!green(x, y)) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first >= 0 && last - first + 1 >= cell) {
      lefts.push(first);
      rights.push(last);
    }
  }
  const left = median(lefts);
  const right = median(rights);
  const tops = [];
  const bottoms = [];
  for (let x = Math.max(x0, left); x <= Math.min(x1 - 1, right); x++) {
    let first = -1;
    let last = -1;
    for (let y = y0; y < y1; y++) {
      if (!green(x, y)) continue;
      if (first < 0) first = y;
      last = y;
    }
    if (first >= 0 && last - first + 1 >= cell) {
      tops.push(first);
      bottoms.push(last);
    }
  }
  const top = median(tops);
  const bottom = median(bottoms);
  return {
    x: left / scale,
    y: top / scale,
    w: (right - left + 1) / scale,
    h: (bottom - top + 1) / scale,
    cells: region.cells,
  };
}

function median(values) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// What the test pattern holds inside a region (CSS px): the share of dark-green field and of
// bright-green drawing (pacman, timestamp, corner squares). A flat fill has one of them only.
export function cameraPictureContent(img, rect, scale) {
  const r = { x: rect.x * scale, y: rect.y * scale, w: rect.w * scale, h: rect.h * scale };
  let n = 0;
  let field = 0;
  let drawing = 0;
  const x1 = Math.min(img.width, Math.ceil(r.x + r.w));
  const y1 = Math.min(img.height, Math.ceil(r.y + r.h));
  for (let y = Math.max(0, Math.floor(r.y)); y < y1; y++) {
    for (let x = Math.max(0, Math.floor(r.x)); x < x1; x++) {
      const o = (y * img.width + x) * 4;
      const red = img.data[o];
      const g = img.data[o + 1];
      const b = img.data[o + 2];
      n++;
      if (!isCameraGreen(red, g, b)) continue;
      if (g >= 215) drawing++;
      else if (g >= 100 && g < 170) field++;
    }
  }
  return {
    field: n ? field / n : 0,
    drawing: n ? drawing / n : 0,
    stats: regionStats(img, r),
  };
}
