// WebKit in the browser suite: Debian's WebKitGTK MiniBrowser driven by WebKitWebDriver over
// plain W3C WebDriver HTTP (a few fetch calls; its BiDi is refused, so nothing runs before the
// page's own scripts). Headed on a private Xvfb display (xvfb.mjs): no WebGL2 headless here.
//
// Its pages are wrapped to look like the playwright pages the harness helpers take (evaluate,
// waitForFunction, mouse, keyboard, viewportSize, screenshot): input goes through WebDriver
// actions, which WebKit turns into real pointer and key events.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { artifactsDir, freePort, killAtExit, watchPage } from './harness.mjs';
import { startXvfb } from './xvfb.mjs';

const driverPath = process.env.DUET_WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const miniBrowser = process.env.DUET_MINIBROWSER ||
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// A mock camera (without it getUserMedia fails with OverconstrainedError), WebGL and
// media streams on.
const capabilities = {
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': {
    binary: miniBrowser,
    args: ['--automation', '--enable-mock-capture-devices=true', '--enable-webgl=true',
      '--enable-media-stream=true'],
  },
};

async function request(base, method, route, body) {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const reply = await response.json().catch(() => ({}));
  if (!response.ok || reply.value?.error) {
    const v = reply.value ?? {};
    throw new Error(`WebDriver ${method} ${route}: ${v.error ?? response.status}: ${v.message ?? ''}`);
  }
  return reply.value;
}

// One Xvfb, one WebKitWebDriver and its session (one MiniBrowser window) for a test file.
export function useWebKit() {
  const env = { session: null, xvfb: null, driver: null };
  before(async () => {
    env.xvfb = await startXvfb();
    const port = await freePort();
    const driver = spawn(driverPath, [`--port=${port}`, '--host=local'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DISPLAY: env.xvfb.display },
    });
    killAtExit(driver);
    const log = fs.createWriteStream(path.join(artifactsDir, 'webkit-driver.log'));
    driver.stdout.pipe(log);
    driver.stderr.pipe(log);
    env.driver = { child: driver, exited: new Promise((r) => driver.on('exit', r)) };
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        await request(base, 'GET', '/status');
        break;
      } catch (error) {
        if (i > 100) throw new Error(`WebKitWebDriver did not answer on ${base}: ${error.message}`);
        await sleep(100);
      }
    }
    const created = await request(base, 'POST', '/session',
      { capabilities: { alwaysMatch: capabilities } });
    env.session = new Session(base, created.sessionId);
  }, { timeout: 90_000 });
  after(async () => {
    await env.session?.close().catch(() => {});
    if (env.driver) {
      const { child, exited } = env.driver;
      if (child.exitCode === null) process.kill(child.pid, 'SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(5000, false, { ref: false })]))) {
        process.kill(child.pid, 'SIGKILL');
      }
    }
    await env.xvfb?.stop();
  });
  return env;
}

// W3C key values for the names the harness uses.
const keys = { Enter: '\uE007', Backspace: '\uE003', Control: '\uE009', Escape: '\uE00C',
  Tab: '\uE004', Shift: '\uE008' };
const key = (k) => keys[k] ?? k;

class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  send(method, route, body) {
    return request(this.base, method, `/session/${this.id}${route}`, body);
  }

  close() {
    return request(this.base, 'DELETE', `/session/${this.id}`);
  }

  // Runs `fn(arg)` in the page; a returned promise is awaited (WebDriver's execute does).
  execute(fn, arg) {
    return this.send('POST', '/execute/sync',
      { script: `return (${fn.toString()})(arguments[0]);`, args: [arg ?? null] });
  }

  actions(list) {
    return this.send('POST', '/actions', { actions: list });
  }
}

// The session's one window as a playwright-like page.
export class WebKitPage {
  constructor(session, viewport) {
    this.session = session;
    this.viewport = viewport;
    const pointer = (steps) => session.actions([{ type: 'pointer', id: 'mouse',
      parameters: { pointerType: 'mouse' }, actions: steps }]);
    const keyboard = (steps) => session.actions([{ type: 'key', id: 'keyboard', actions: steps }]);
    const at = (x, y) => ({ type: 'pointerMove', origin: 'viewport', x: Math.round(x),
      y: Math.round(y), duration: 0 });
    this.mouse = {
      move: (x, y) => pointer([at(x, y)]),
      click: (x, y, { delay = 0 } = {}) => pointer([at(x, y), { type: 'pointerDown', button: 0 },
        { type: 'pause', duration: delay }, { type: 'pointerUp', button: 0 }]),
    };
    this.keyboard = {
      down: (k) => keyboard([{ type: 'keyDown', value: key(k) }]),
      up: (k) => keyboard([{ type: 'keyUp', value: key(k) }]),
      press: (k, { delay = 0 } = {}) => keyboard([{ type: 'keyDown', value: key(k) },
        { type: 'pause', duration: delay }, { type: 'keyUp', value: key(k) }]),
      type: (text, { delay = 0 } = {}) => keyboard([...text].flatMap((c) => [
        { type: 'keyDown', value: c }, { type: 'keyUp', value: c },
        { type: 'pause', duration: delay }])),
    };
  }

  async goto(url) {
    await this.session.send('POST', '/url', { url });
  }

  evaluate(fn, arg) {
    return this.session.execute(fn, arg);
  }

  // playwright's order (predicate, arg, options), polling from here.
  async waitForFunction(fn, arg, { timeout = 10_000, polling = 100 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.session.execute(fn, arg);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timeout: ${timeout} ms exceeded`);
      await sleep(polling);
    }
  }

  viewportSize() {
    return { ...this.viewport };
  }

  async screenshot({ path: file } = {}) {
    const buffer = Buffer.from(await this.session.send('GET', '/screenshot'), 'base64');
    if (file) fs.writeFileSync(file, buffer);
    return buffer;
  }
}

// Opens `url` in the session's window, sized so the page's viewport is about `width` x
// `height`, and records problems under `label` for the harness.
export async function openWebKitPage(session, url, label, { width = 800, height = 600 } = {}) {
  await session.send('POST', '/window/rect', { width, height });
  await session.send('POST', '/url', { url });
  const inner = await session.execute(() => ({ width: innerWidth, height: innerHeight }));
  const page = new WebKitPage(session, inner);
  watchPage(page, label, null);  // plain WebDriver hears no console: problems stay unseen
  return page;
}
