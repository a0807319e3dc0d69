// The light theme: the page follows the system's prefers-color-scheme, at start and when it
// changes while the page is open (emulated over DevTools, Emulation.setEmulatedMedia):
// window.duet.theme says which, and the screenshot's background is that theme's colour.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, newContext, openApp, signIn, steps, useServerAndBrowser, waitForDuet,
} from './harness.mjs';
import { expectTheme } from './theme_checks.mjs';

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
