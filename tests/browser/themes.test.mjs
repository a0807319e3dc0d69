// The light theme: the page follows the system's prefers-color-scheme, at start and when it
// changes while the page is open (emulated over DevTools, Emulation.setEmulatedMedia):
// window.duet.theme says which, and the screenshot's background is that theme's colour.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, newContext, openApp, screenshot, signIn, steps,
  useServerAndBrowser, waitForDuet,
} from './harness.mjs';

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

async function expectTheme(page, theme, name) {
  // window.duet is published after the frame that drew the change.
  await waitForDuet(page, (t) => window.duet?.theme === t, theme, `window.duet.theme "${theme}"`);
  const pixel = await backgroundPixel(page, name);
  const want = backgrounds[theme];
  assert.ok(pixel.every((v, k) => Math.abs(v - want[k]) <= 3),
    `the ${theme} theme's background should be rgb(${want}), the screenshot shows rgb(${pixel})`);
}

async function emulateScheme(cdp, scheme) {
  await cdp.send('Emulation.setEmulatedMedia',
    { features: [{ name: 'prefers-color-scheme', value: scheme }] });
}

describe('themes: dark and light, as the system prefers', () => {
  const env = useServerAndBrowser('themes');
  const step = steps();
  let page;
  let cdp;

  step('a dark system: the dark theme', async () => {
    page = await openApp(await newContext(env.browser, {
      viewport: { width: 800, height: 600 }, colorScheme: 'dark' }), env.server, 'themes');
    await expectTheme(page, 'dark', 'theme-dark-login');
  });

  step('the system turns light while the page is open: the light theme', async () => {
    cdp = await page.context().newCDPSession(page);
    await emulateScheme(cdp, 'light');
    assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: light)').matches),
      true, 'the emulation did not take');
    await expectTheme(page, 'light', 'theme-light-login');
    await signIn(page, 'lighter');
    await expectTheme(page, 'light', 'theme-light-call');
  });

  step('and dark again', async () => {
    await emulateScheme(cdp, 'dark');
    await expectTheme(page, 'dark', 'theme-dark-call');
    await cdp.detach();
    assertNoPageProblems(page);
  });

  step('a page opened on a light system starts light', async () => {
    const context = await newContext(env.browser, {
      viewport: { width: 800, height: 600 }, colorScheme: 'dark' });
    const fresh = await context.newPage();
    const session = await context.newCDPSession(fresh);
    await emulateScheme(session, 'light');
    await fresh.goto(`${env.server.origin}/`);
    await waitForDuet(fresh, () => window.duet?.screen === 'login', null, 'the login screen', 30_000);
    await expectTheme(fresh, 'light', 'theme-light-start');
    await session.detach();
    await context.close();
  });
});
