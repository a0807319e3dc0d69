// A small PNG decoder and pixel statistics for screenshot checks, so the suite needs no image
// library. Enough for what Chromium's screenshots use: 8-bit greyscale, grey+alpha, RGB or
// RGBA, not interlaced (PNG spec, sections 11.2.2 IHDR and 9 filtering).
import { inflateSync } from 'node:zlib';

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const channels_by_colour_type = { 0: 1, 2: 3, 4: 2, 6: 4 };

// Returns { width, height, data } with data as RGBA bytes, row-major.
export function decodePng(buffer) {
  if (!buffer.subarray(0, 8).equals(signature)) throw new Error('not a PNG file');
  let offset = 8;
  let header = null;
  const idat = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8],
        colourType: body[9],
        interlace: body[12],
      };
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (!header) throw new Error('PNG without IHDR');
  const channels = channels_by_colour_type[header.colourType];
  if (header.bitDepth !== 8 || !channels || header.interlace !== 0) {
    throw new Error(
      `unsupported PNG: bit depth ${header.bitDepth}, colour type ${header.colourType}, ` +
        `interlace ${header.interlace}`,
    );
  }
  const { width, height } = header;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG data is truncated');
  const rows = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : null;
    unfilter(filter, src, out, prev, channels);
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, p = 0; i < width * height; i++, p += channels) {
    const o = i * 4;
    if (channels >= 3) {
      data[o] = rows[p];
      data[o + 1] = rows[p + 1];
      data[o + 2] = rows[p + 2];
      data[o + 3] = channels === 4 ? rows[p + 3] : 255;
    } else {
      data[o] = data[o + 1] = data[o + 2] = rows[p];
      data[o + 3] = channels === 2 ? rows[p + 1] : 255;
    }
  }
  return { width, height, data };
}

function unfilter(filter, src, out, prev, bpp) {
  for (let i = 0; i < src.length; i++) {
    const a = i >= bpp ? out[i - bpp] : 0;
    const b = prev ? prev[i] : 0;
    const c = prev && i >= bpp ? prev[i - bpp] : 0;
    let value;
    switch (filter) {
      case 0: value = src[i]; break;
      case 1: value = src[i] + a; break;
      case 2: value = src[i] + b; break;
      case 3: value = src[i] + ((a + b) >> 1); break;
      case 4: value = src[i] + paeth(a, b, c); break;
      default: throw new Error(`bad PNG filter type ${filter}`);
    }
    out[i] = value & 0xff;
  }
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// Image pixels of a rectangle given in image pixels, clamped to the image.
function clampRect(img, rect) {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(img.width, Math.ceil(rect.x + rect.w));
  const y1 = Math.min(img.height, Math.ceil(rect.y + rect.h));
  return { x0, y0, x1, y1 };
}

// Luma spread and colour count of a region. `distinctColours` counts colours after dropping
// the low 3 bits of each channel, so encoder noise on a flat fill does not count as detail.
export function regionStats(img, rect) {
  const { x0, y0, x1, y1 } = clampRect(img, rect);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  const colours = new Set();
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * img.width + x) * 4;
      const r = img.data[o];
      const g = img.data[o + 1];
      const b = img.data[o + 2];
      const luma = 0.299 * r + 0.587 * g + 0.114 * b;
      n++;
      sum += luma;
      sumSq += luma * luma;
      if (colours.size < 4096) colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    }
  }
  const mean = n ? sum / n : 0;
  const stddev = n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
  return { pixels: n, mean, stddev, distinctColours: colours.size };
}

// Flat: one colour give or take compression noise. Text, a picture or a drawn control is not.
export function isFlat(img, rect) {
  const s = regionStats(img, rect);
  return s.pixels === 0 || s.stddev < 4 || s.distinctColours < 3;
}

// Fraction of pixels in a rectangle (image pixels) that differ by more than `tolerance` in
// any channel between two same-sized images.
export function changedFraction(a, b, rect, tolerance = 24) {
  if (a.width !== b.width || a.height !== b.height) throw new Error('images differ in size');
  const { x0, y0, x1, y1 } = clampRect(a, rect);
  let n = 0;
  let changed = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * a.width + x) * 4;
      n++;
      if (
        Math.abs(a.data[o] - b.data[o]) > tolerance ||
        Math.abs(a.data[o + 1] - b.data[o + 1]) > tolerance ||
        Math.abs(a.data[o + 2] - b.data[o + 2]) > tolerance
      ) {
        changed++;
      }
    }
  }
  return n ? changed / n : 0;
}
