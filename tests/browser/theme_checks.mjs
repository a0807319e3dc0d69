// What a theme looks like from outside the page: window.duet.theme names it, and a corner of
// the screenshot no widget covers shows that theme's background (ui/theme.cpp's colours).
// Shared by the Chromium theme test and the Firefox test (which takes the system's scheme).
import assert from 'node:assert/strict';

import { screenshot, waitForDuet } from './harness.mjs';

// ui/theme.cpp's backgrounds.
const backgrounds = { dark: [0x1b, 0x1d, 0x22], light: [0xf6, 0xf7, 0xf9] };

// The screenshot's pixel at CSS (x, y): a corner of the page no widget covers.
async function backgroundPixel(page, name) {
  const { img, scale } = await screenshot(page, name);
  const vp = page.viewportSize();
  const x = Math.round(6 * scale);
  const y = Math.round((vp.height - 6) * scale);
  const i = (y * img.width + x) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]];
}

export async function expectTheme(page, theme, name) {
  // window.duet is published after the frame that drew the change.
  await waitForDuet(page, (t) => window.duet?.theme === t, theme, `window.duet.theme "${theme}"`);
  const pixel = await backgroundPixel(page, name);
  const want = backgrounds[theme];
  assert.ok(pixel.every((v, k) => Math.abs(v - want[k]) <= 3),
    `the ${theme} theme's background should be rgb(${want}), the screenshot shows rgb(${pixel})`);
}
