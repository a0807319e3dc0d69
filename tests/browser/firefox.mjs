// Debian's Firefox ESR in the browser suite, driven by puppeteer-core over WebDriver BiDi.
//
// Headless Firefox has no WebGL2 on a machine without a GPU, so it runs headed on a private
// Xvfb display (xvfb.mjs). Its pages are wrapped to look like the playwright pages the
// harness helpers take (evaluate, waitForFunction, mouse, keyboard, viewportSize, screenshot),
// so a test signs in, calls and hangs up in Firefox with the same helpers as in Chromium.
import fs from 'node:fs';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import puppeteer from 'puppeteer-core';

import { recordPeerConnections, watchPage, waitForScreen } from './harness.mjs';
import { startXvfb } from './xvfb.mjs';

const firefoxPath = process.env.DUET_FIREFOX || '/usr/bin/firefox-esr';

// A fake camera and microphone, granted without a prompt, and ICE on loopback. Without a
// stored camera permission Firefox gathers candidates only on the default route's interface
// (none in a loopback-only namespace), so the permission defaults to "allow".
export const firefoxPrefs = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  // Autoplay of the remote audio and the ring, as Chromium's test flags allow.
  'media.autoplay.default': 0,
};

// One Xvfb and one Firefox for a test file, both stopped (by PID) after it.
export function useFirefox() {
  const env = { browser: null, xvfb: null };
  before(async () => {
    env.xvfb = await startXvfb();
    env.browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: false,
      env: { ...process.env, DISPLAY: env.xvfb.display },
      extraPrefsFirefox: firefoxPrefs,
      protocolTimeout: 30_000,
      timeout: 60_000,
    });
  }, { timeout: 90_000 });
  after(async () => {
    if (env.browser) {
      await Promise.race([env.browser.close().catch(() => {}), sleep(10_000, null, { ref: false })]);
      // A Firefox that did not close within 10 s is ended by its own PID.
      const pid = env.browser.process()?.pid;
      if (pid && env.browser.process().exitCode === null) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }
    await env.xvfb?.stop();
  });
  return env;
}

// A puppeteer page with the playwright calls the harness makes.
class FirefoxPage {
  constructor(page, viewport) {
    this.page = page;
    this.mouse = page.mouse;
    this.keyboard = page.keyboard;
    this.touchscreen = page.touchscreen;
    this.viewport = viewport;
  }

  evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }

  // playwright's order (predicate, arg, options); a timeout says "timeout" as playwright's does.
  async waitForFunction(fn, arg, { timeout = 10_000, polling = 100 } = {}) {
    try {
      return await this.page.waitForFunction(fn, { timeout, polling }, arg);
    } catch (error) {
      if (error?.name === 'TimeoutError') throw new Error(`timeout: ${error.message}`);
      throw error;
    }
  }

  viewportSize() {
    return { ...this.viewport };
  }

  async screenshot({ path: file } = {}) {
    const buffer = Buffer.from(await this.page.screenshot());
    if (file) fs.writeFileSync(file, buffer);
    return buffer;
  }

  close() {
    return this.page.close();
  }
}

// A page of its own (a fresh user context: its own storage, like a new Chromium context)
// whose console, errors and dialogs the harness records (watchPage).
export async function openFirefoxPage(browser, url, label, viewport = { width: 800, height: 600 }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const wrapped = new FirefoxPage(page, viewport);
  watchPage(wrapped, label, page);
  await page.setViewport(viewport);
  await page.evaluateOnNewDocument(recordPeerConnections);
  await page.goto(url);
  return wrapped;
}

// Opens the app in Firefox and waits for its login screen (the wasm compiles first).
export async function openFirefoxApp(browser, server, label) {
  const page = await openFirefoxPage(browser, `${server.origin}/`, label);
  await waitForScreen(page, 'login', 30_000);
  return page;
}
