// Shared machinery of the browser suite: Debian's Chromium driven by playwright-core, helpers
// that use the app the way a person does, and the per-file scaffolding (server.mjs runs the
// real duet-server; everything it exports is re-exported here).
//
// Tests read the app's published model (window.duet) to find widgets and to observe state,
// and act only with real input events: mouse clicks at a widget's centre, key presses, touch
// taps. Nothing here calls into the app.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { chromium } from 'playwright-core';

import { cameraPictureContent, findCameraPictures } from './camera_picture.mjs';
import { changedFraction, decodePng, isFlat } from './png.mjs';
import {
  artifactsDir, fixturesDir, repoRoot, requireBundle, startServer, webRoot,
} from './server.mjs';

export * from './server.mjs';
export { sleep };

const chromiumPath = process.env.DUET_CHROMIUM || '/usr/bin/chromium';

// Human-like input timing. A person's click or key press lasts 50-150 ms; a press shorter
// than one frame is not what the app will meet in use.
const hover_ms = 50;
const press_ms = 80;
const key_gap_ms = 40;
const focus_ms = 150;

// ---------------------------------------------------------------------------------------
// The browser.

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

// playwright's launch() runs Chromium headless with a fresh temporary user-data-dir.
// `executablePath`: a wrapper that starts Chromium inside a test's network namespace;
// `extraArgs`: for example treating that namespace's plain-HTTP origin as secure, which
// camera access needs.
export function launchBrowser({ executablePath = chromiumPath, extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...chromiumArgs, ...extraArgs],
    timeout: 30_000,
  });
}

export async function closeBrowser(browser) {
  if (!browser) return;
  await Promise.race([browser.close().catch(() => {}), sleep(10_000, null, { ref: false })]);
}

export const desktop = { viewport: { width: 800, height: 600 } };
export const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/156.0.0.0 Mobile Safari/537.36',
};

// The app's RTCPeerConnection objects live inside its module; to read their stats the test
// wraps the constructor before any page script runs and remembers each instance. Reading
// stats is observation only: nothing else of the connection is touched.
export function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  const record = [];
  Object.defineProperty(window, Symbol.for('duet-test.peer-connections'), { value: record });
  class RTCPeerConnection extends Native {
    constructor(...args) {
      super(...args);
      let config = null;
      try {
        config = JSON.parse(JSON.stringify(args[0] ?? null));
      } catch {}
      record.push({ pc: this, config, created: performance.now() });
    }
  }
  window.RTCPeerConnection = RTCPeerConnection;
  // Counts camera/microphone requests, so a test can tell that none was made.
  const media = navigator.mediaDevices;
  if (media?.getUserMedia) {
    const calls = { count: 0 };
    Object.defineProperty(window, Symbol.for('duet-test.camera-requests'), { value: calls });
    const native = media.getUserMedia.bind(media);
    media.getUserMedia = (...args) => {
      calls.count += 1;
      return native(...args);
    };
  }
}

export function cameraRequests(page) {
  return page.evaluate(() => window[Symbol.for('duet-test.camera-requests')]?.count ?? 0);
}

export async function newContext(browser, options = desktop) {
  const context = await browser.newContext(options);
  await context.addInitScript(recordPeerConnections);
  return context;
}

const problems = new WeakMap();

// A page whose console goes to artifacts/<label>.console.log and whose uncaught errors and
// dialogs (alert() is never the UI) are recorded for assertNoPageProblems.
export async function openPage(context, url, label) {
  const page = await context.newPage();
  watchPage(page, label);
  await page.goto(url);
  return page;
}

// Starts recording a page's problems under `label`. `events`: the driver's page that emits
// console, pageerror and dialog events (playwright's and puppeteer's name them alike), if
// any; `page` is what the tests hold (firefox.mjs and webkit.mjs wrap their own).
export function watchPage(page, label, events = page) {
  const info = { label, errors: [], dialogs: [] };
  problems.set(page, info);
  if (!events) return info;
  const log = fs.createWriteStream(path.join(artifactsDir, `${label}.console.log`));
  events.on('console', (m) => log.write(`[${m.type()}] ${m.text().slice(0, 2000)}\n`));
  events.on('pageerror', (e) => {
    info.errors.push(String(e.stack || e));
    log.write(`[pageerror] ${e.stack || e}\n`);
  });
  events.on('crash', () => info.errors.push('the page crashed'));
  events.on('dialog', (d) => {
    info.dialogs.push(`${d.type()}: ${d.message()}`);
    log.write(`[dialog ${d.type()}] ${d.message()}\n`);
    d.dismiss().catch(() => {});
  });
  events.on('close', () => log.end());
  return info;
}

export function pageProblems(page) {
  return problems.get(page);
}

export function assertNoPageProblems(page) {
  const info = problems.get(page);
  assert.deepEqual(info.errors, [], `${info.label}: uncaught errors in the page`);
  assert.deepEqual(info.dialogs, [], `${info.label}: the page opened dialogs`);
}

// Opens the app and waits for its login screen. Loading includes compiling the wasm.
export async function openApp(context, server, label) {
  const page = await openPage(context, `${server.origin}/`, label);
  await waitForScreen(page, 'login', 30_000);
  return page;
}

// ---------------------------------------------------------------------------------------
// Observing the app.

export async function duetState(page) {
  return page.evaluate(() => {
    const d = window.duet;
    if (!d) return null;
    const widgets = {};
    for (const [label, r] of Object.entries(d.widgets || {})) {
      widgets[label] = { x: r.x, y: r.y, w: r.w, h: r.h, kind: r.kind };
    }
    return {
      screen: d.screen,
      callState: d.callState,
      name: d.name,
      peer: d.peer,
      status: d.status,
      error: d.error,
      widgets,
      framesRendered: d.framesRendered,
      textureUploads: d.textureUploads,
      videoSizes: d.videoSizes ? JSON.parse(JSON.stringify(d.videoSizes)) : null,
      remoteFramesShown: d.remoteFramesShown,
      role: d.role,
      incoming: d.incoming,
      reconnecting: d.reconnecting,
      signaling: d.signaling,
      reconnects: d.reconnects,
      mediaInterrupted: d.mediaInterrupted,
      notice: d.notice,
      presence: d.presence ? JSON.parse(JSON.stringify(d.presence)) : null,
      ring: d.ring ? { ...d.ring } : null,
      iceCandidatePair: d.iceCandidatePair ? { ...d.iceCandidatePair } : null,
      iceTransportPolicy: d.iceTransportPolicy,
      iceConfigUpdates: d.iceConfigUpdates,
    };
  });
}

function describeState(s) {
  if (!s) return 'window.duet is not defined';
  const { screen, callState, name, peer, status, error, incoming, signaling, notice } = s;
  return `window.duet = ${JSON.stringify({ screen, callState, name, peer, status, error,
    incoming, signaling, notice,
    widgets: Object.keys(s.widgets) })}`;
}

// What a screen reader gets (Chromium's Accessibility.getFullAXTree over DevTools): role
// and name of every node Chromium does not ignore.
export async function axNodes(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored)
    .map((n) => ({ role: n.role?.value ?? '', name: n.name?.value ?? '' }));
}

// Waits until predicate(arg) is true in the page; on timeout the error says what was seen.
export async function waitForDuet(page, predicate, arg, what, timeout = 10_000) {
  try {
    await page.waitForFunction(predicate, arg, { timeout, polling: 50 });
  } catch (error) {
    if (!/timeout/i.test(error.message)) throw error;
    let seen = await duetState(page).catch((e) => `unreadable (${e.message})`);
    if (seen === null || seen?.screen === 'loading') {
      // Still loading: the shell page says why in plain words, if it knows.
      const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      seen = `${describeState(seen)}; page text: ${JSON.stringify(text.trim().slice(0, 300))}`;
    }
    const label = pageProblems(page)?.label ?? 'page';
    const shot = path.join(artifactsDir, `FAILED-${label}-${Date.now()}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    throw new Error(`${label}: timed out after ${timeout} ms waiting for ${what}; seen: ` +
      `${typeof seen === 'string' ? seen : describeState(seen)} (screenshot ` +
      `${path.relative(repoRoot, shot)})`);
  }
}

export function waitForScreen(page, screen, timeout = 10_000) {
  return waitForDuet(page, (s) => window.duet?.screen === s, screen, `screen "${screen}"`,
    timeout);
}

// The status line matches `pattern` (a RegExp), e.g. /bob declined/.
export function waitForStatus(page, pattern, what, timeout = 10_000) {
  return waitForDuet(page, ([src, flags]) => new RegExp(src, flags).test(window.duet?.status || ''),
    [pattern.source, pattern.flags], what, timeout);
}

export function waitForCallState(page, states, timeout = 10_000) {
  const wanted = [].concat(states);
  return waitForDuet(page, (w) => w.includes(window.duet?.callState), wanted,
    `callState ${wanted.join(' or ')}`, timeout);
}

// Waits for the widget to be visible and returns its rectangle (CSS px, viewport-relative).
export async function widgetRect(page, label, timeout = 5000) {
  await waitForDuet(page, (l) => !!window.duet?.widgets?.[l], label, `widget "${label}"`,
    timeout);
  const rect = (await duetState(page)).widgets[label];
  const vp = page.viewportSize();
  assert.ok(rect.w > 0 && rect.h > 0, `widget "${label}" has no area: ${JSON.stringify(rect)}`);
  const cx = rect.x + rect.w / 2;
  const cy = rect.y + rect.h / 2;
  assert.ok(cx >= 0 && cy >= 0 && cx < vp.width && cy < vp.height,
    `widget "${label}" centre (${cx}, ${cy}) is outside the ${vp.width}x${vp.height} viewport`);
  return rect;
}

const centre = (r) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

// ---------------------------------------------------------------------------------------
// Acting like a person.

export async function clickWidget(page, label) {
  const { x, y } = centre(await widgetRect(page, label));
  await page.mouse.move(x, y);
  await sleep(hover_ms);
  await page.mouse.click(x, y, { delay: press_ms });
}

export async function tapWidget(page, label) {
  const { x, y } = centre(await widgetRect(page, label));
  await page.touchscreen.tap(x, y);
}

export function activate(page, label, input = 'mouse') {
  return input === 'touch' ? tapWidget(page, label) : clickWidget(page, label);
}

export function pressKey(page, key) {
  return page.keyboard.press(key, { delay: press_ms });
}

// Focuses a text field by clicking (or tapping) it and types into it. `clear` first selects
// all of the field's text (Ctrl+A) and deletes it, as a person reusing a field would.
export async function typeInto(page, label, text, { input = 'mouse', clear = false } = {}) {
  await activate(page, label, input);
  await sleep(focus_ms);
  if (clear) {
    await page.keyboard.down('Control');
    await page.keyboard.down('a');
    await sleep(press_ms);
    await page.keyboard.up('a');
    await page.keyboard.up('Control');
    await sleep(key_gap_ms);
    await pressKey(page, 'Backspace');
    await sleep(key_gap_ms);
  }
  if (text) await page.keyboard.type(text, { delay: key_gap_ms });
}

// Signs in through the login screen; submit with Enter or with the "Sign in" button.
export async function signIn(page, name, { input = 'mouse', submit = 'enter' } = {}) {
  await typeInto(page, 'Login', name, { input });
  if (submit === 'enter') await pressKey(page, 'Enter');
  else await activate(page, 'Sign in', input);
  await waitForDuet(page, (n) => window.duet?.screen === 'call' && window.duet?.name === n,
    name, `the call screen signed in as "${name}"`);
}

export async function startCall(page, peer, { input = 'mouse', clear = true } = {}) {
  await typeInto(page, 'username to call', peer, { input, clear });
  await activate(page, 'Call', input);
}

// The callee's side of a call: wait for the ring, then press Accept.
export async function acceptCall(page, { input = 'mouse', from } = {}) {
  await waitForDuet(page, (f) => window.duet?.callState === 'ringing_in' &&
    (!f || window.duet?.incoming === f || window.duet?.peer === f), from ?? null,
    `an incoming call${from ? ` from "${from}"` : ''} (callState "ringing_in")`);
  await activate(page, 'Accept', input);
}

export async function waitForInCall(page, peer, timeout = 20_000) {
  await waitForDuet(page,
    (p) => window.duet?.callState === 'in_call' && window.duet?.peer === p, peer,
    `callState "in_call" with peer "${peer}"`, timeout);
}

// ---------------------------------------------------------------------------------------
// WebRTC observation.

// The candidate pair the newest open peer connection of the page uses, from its own stats:
// { local: {type, address}, remote: {type, address}, state } or null.
export async function selectedCandidatePair(page) {
  return page.evaluate(async () => {
    const record = window[Symbol.for('duet-test.peer-connections')] || [];
    const open = record.filter(({ pc }) => pc.signalingState !== 'closed');
    if (!open.length) return null;
    const stats = await open[open.length - 1].pc.getStats();
    let pair = null;
    stats.forEach((r) => {
      if (r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId);
    });
    if (!pair) return null;
    const side = (id) => {
      const c = stats.get(id);
      return c ? { type: c.candidateType, address: c.address, protocol: c.protocol } : null;
    };
    return { local: side(pair.localCandidateId), remote: side(pair.remoteCandidateId),
      state: pair.state };
  });
}

// Waits until the page's selected pair satisfies `test` (a function of the pair, in node).
export async function waitForCandidatePair(page, test, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let pair = null;
  for (;;) {
    pair = await selectedCandidatePair(page);
    if (pair && test(pair)) return pair;
    if (Date.now() > deadline) {
      throw new Error(`${pageProblems(page).label}: no ${what} within ${timeout} ms; ` +
        `selected pair ${JSON.stringify(pair)}`);
    }
    await sleep(200);
  }
}

export async function peerConnections(page) {
  return page.evaluate(async () => {
    const record = window[Symbol.for('duet-test.peer-connections')] || [];
    const out = [];
    for (const { pc, config } of record) {
      const entry = {
        connectionState: pc.connectionState,
        signalingState: pc.signalingState,
        config,
        video: null,
      };
      if (pc.signalingState !== 'closed') {
        try {
          (await pc.getStats()).forEach((r) => {
            if (r.type === 'inbound-rtp' && r.kind === 'video') {
              entry.video = {
                framesDecoded: r.framesDecoded ?? 0,
                framesReceived: r.framesReceived ?? 0,
                frameWidth: r.frameWidth ?? 0,
                frameHeight: r.frameHeight ?? 0,
              };
            }
          });
        } catch {}
      }
      out.push(entry);
    }
    return out;
  });
}

// Inbound video of the page's newest open peer connection.
export async function getInboundVideoStats(page) {
  const pcs = await peerConnections(page);
  const open = pcs.filter((p) => p.signalingState !== 'closed');
  const current = open[open.length - 1];
  return {
    peerConnections: pcs.length,
    open: open.length,
    connectionState: current?.connectionState ?? 'none',
    framesDecoded: current?.video?.framesDecoded ?? 0,
    frameWidth: current?.video?.frameWidth ?? 0,
    frameHeight: current?.video?.frameHeight ?? 0,
  };
}

// Remote video is decoding: at least `min` frames, then still growing over one second.
export async function expectVideoDecoding(page, { min = 10, timeout = 15_000 } = {}) {
  const label = pageProblems(page)?.label ?? 'page';
  const deadline = Date.now() + timeout;
  let stats = await getInboundVideoStats(page);
  while (stats.framesDecoded < min && Date.now() < deadline) {
    await sleep(100);
    stats = await getInboundVideoStats(page);
  }
  assert.ok(stats.framesDecoded >= min,
    `${label}: inbound-rtp video framesDecoded is ${stats.framesDecoded} after ${timeout} ms ` +
      `(want >= ${min}); ${JSON.stringify(stats)}`);
  await sleep(1000);
  const later = await getInboundVideoStats(page);
  assert.ok(later.framesDecoded - stats.framesDecoded >= 5,
    `${label}: framesDecoded grew only from ${stats.framesDecoded} to ${later.framesDecoded} ` +
      'in one second');
  return later;
}

// ---------------------------------------------------------------------------------------
// Screenshots.

export async function screenshot(page, name) {
  const file = name ? path.join(artifactsDir, `${name}.png`) : undefined;
  const buffer = await page.screenshot({ path: file });
  const img = decodePng(buffer);
  return { file, img, scale: img.width / page.viewportSize().width };
}

// The remote video is on screen: the largest camera picture on the canvas, outside every
// widget, covers a good part of the viewport at the sent picture's shape (`aspect`: the
// camera's 4:3 unless told, a shared screen's own), so it is letterboxed, neither cropped
// to the window nor stretched; it holds the test pattern's field and drawing (not a flat
// fill), and its running timestamp or pacman changes.
export async function expectRemoteVideoShown(page, shotName, { aspect: want = 4 / 3 } = {}) {
  const label = pageProblems(page)?.label ?? 'page';
  const state = await duetState(page);
  const exclude = Object.values(state.widgets);
  const first = await screenshot(page, shotName);
  const pictures = findCameraPictures(first.img, { scale: first.scale, exclude });
  const where = first.file ? ` (see ${path.relative(repoRoot, first.file)})` : '';
  assert.ok(pictures.length > 0,
    `${label}: no camera picture anywhere on the canvas outside the widgets${where}`);
  const remote = pictures[0];
  const vp = page.viewportSize();
  const share = (remote.w * remote.h) / (vp.width * vp.height);
  assert.ok(share >= 0.08,
    `${label}: the largest video on screen covers ${(share * 100).toFixed(1)}% of the ` +
      `viewport (${fmtRect(remote)}); the remote video should be large${where}`);
  const aspect = remote.w / remote.h;
  assert.ok(Math.abs(aspect / want - 1) < 0.1,
    `${label}: the remote video is drawn ${fmtRect(remote)}, aspect ${aspect.toFixed(3)}; ` +
      `the picture sent is ${want.toFixed(3)}${where}`);
  const content = cameraPictureContent(first.img, remote, first.scale);
  assert.ok(content.field > 0.2 && content.drawing > 0.01,
    `${label}: the remote video area is a flat fill, not the camera pattern (field ` +
      `${pct(content.field)}, drawing ${pct(content.drawing)}, luma stddev ` +
      `${content.stats.stddev.toFixed(1)})${where}`);

  // The pattern's timestamp (top left) and pacman mouth (centre) change every frame.
  await sleep(600);
  const second = await screenshot(page, null);
  const s = first.scale;
  const zones = [
    { x: remote.x + 0.12 * remote.w, y: remote.y + 0.04 * remote.h, w: 0.5 * remote.w,
      h: 0.12 * remote.h },
    { x: remote.x + 0.3 * remote.w, y: remote.y + 0.27 * remote.h, w: 0.4 * remote.w,
      h: 0.5 * remote.h },
  ];
  const changed = Math.max(...zones.map((z) =>
    changedFraction(first.img, second.img, { x: z.x * s, y: z.y * s, w: z.w * s, h: z.h * s })));
  assert.ok(changed > 0.005,
    `${label}: the remote video did not change in 600 ms (${pct(changed)} of its timestamp ` +
      `and pacman pixels changed): the picture is frozen${where}`);
  return { remote, others: pictures.slice(1), content };
}

const fmtRect = (r) => `${r.w.toFixed(0)}x${r.h.toFixed(0)} at (${r.x.toFixed(0)}, ${r.y.toFixed(0)})`;
const pct = (f) => `${(f * 100).toFixed(2)}%`;

// ---------------------------------------------------------------------------------------
// Timings.

export async function performanceMarks(page) {
  return page.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, t: m.startTime })),
  }));
}

// One JSON line per measure, prefixed so it can be grepped out of the runner's output; also
// appended to artifacts/metrics.jsonl.
export function metric(name, value, extra = {}) {
  const line = JSON.stringify({ metric: name, value: Math.round(value * 10) / 10, unit: 'ms',
    ...extra });
  console.log(`METRIC ${line}`);
  fs.appendFileSync(path.join(artifactsDir, 'metrics.jsonl'), `${line}\n`);
}

export async function reportLoginInteractive(page, tags = {}) {
  const { marks } = await performanceMarks(page);
  const mark = marks.find((m) => m.name === 'duet-login-interactive');
  assert.ok(mark, `${pageProblems(page).label}: no "duet-login-interactive" performance mark; ` +
    `marks: ${JSON.stringify(marks.map((m) => m.name))}`);
  // A mark's startTime counts from the document's time origin, its navigation start.
  metric('login_interactive', mark.t, tags);
  return mark.t;
}

// Call pressed (on the caller) to the first remote frame shown on each side. The two pages
// have their own time origins; both are wall-clock based, so they are compared through them.
export async function reportCallTimings(caller, callee, tags = {}) {
  const a = await performanceMarks(caller);
  const b = await performanceMarks(callee);
  const presses = a.marks.filter((m) => m.name === 'duet-call-pressed');
  assert.ok(presses.length > 0,
    `${pageProblems(caller).label}: no "duet-call-pressed" performance mark`);
  const press = presses[presses.length - 1];
  const first = a.marks.find((m) => m.name === 'duet-first-remote-frame' && m.t >= press.t);
  assert.ok(first, `${pageProblems(caller).label}: no "duet-first-remote-frame" mark after ` +
    `the last "duet-call-pressed"; marks: ${JSON.stringify(a.marks)}`);
  metric('call_pressed_to_first_remote_frame', first.t - press.t, { side: 'caller', ...tags });
  const pressed = a.timeOrigin + press.t;
  const calleeFirst = b.marks
    .filter((m) => m.name === 'duet-first-remote-frame')
    .map((m) => b.timeOrigin + m.t)
    .find((t) => t >= pressed);
  assert.ok(calleeFirst !== undefined, `${pageProblems(callee).label}: no ` +
    '"duet-first-remote-frame" mark after the caller pressed Call');
  metric('call_pressed_to_first_remote_frame', calleeFirst - pressed, { side: 'callee', ...tags });
}

// ---------------------------------------------------------------------------------------
// Calls as a whole.

// Both pages are in a call with each other, and on each the remote video is decoded
// (inbound-rtp), drawn by the app (its own counters) and, unless `picture` is false, visible
// on the canvas. The two pages are checked at the same time: waits overlap.
export async function expectLiveCall(a, b, { shots = [], nameA, nameB, picture = true }) {
  await Promise.all([waitForInCall(a, nameB), waitForInCall(b, nameA)]);
  await Promise.all([a, b].map(async (page, i) => {
    const label = pageProblems(page).label;
    const before = await duetState(page);
    await expectVideoDecoding(page);
    const after = await duetState(page);
    assert.equal(after.callState, 'in_call', `${label}: the call dropped while decoding`);
    assert.ok(after.remoteFramesShown - before.remoteFramesShown >= 5,
      `${label}: remoteFramesShown went from ${before.remoteFramesShown} to ` +
        `${after.remoteFramesShown} while video was decoding`);
    assert.ok(after.textureUploads > before.textureUploads,
      `${label}: textureUploads stayed at ${after.textureUploads} while video was decoding`);
    if (picture) await expectRemoteVideoShown(page, shots[i]);
    await expectNoPublicIceServers(page);
  }));
}

// The server runs with `--ice-server none`: the app must hand RTCPeerConnection no STUN or
// TURN server of its own (the list comes from the server, not the bundle). The only ones
// allowed are a test's own coturn, on loopback or in a test's namespaces (TEST-NET-2).
export async function expectNoPublicIceServers(page) {
  const pcs = await peerConnections(page);
  assert.ok(pcs.length > 0, `${pageProblems(page).label}: the app made no RTCPeerConnection`);
  for (const pc of pcs) {
    const urls = (pc.config?.iceServers ?? []).flatMap((s) => [].concat(s.urls ?? s.url ?? []))
      .filter((u) => !/^turns?:(127\.0\.0\.1|\[::1\]|198\.51\.100\.\d+)[:?]/.test(u));
    assert.deepEqual(urls, [],
      `${pageProblems(page).label}: RTCPeerConnection got ICE servers the server did not give`);
  }
}

// Back on the call screen after a call: no call, no peer, every peer connection closed,
// and the Call button there to press.
export async function expectCallOver(page) {
  const label = pageProblems(page).label;
  await waitForDuet(page,
    () => ['idle', 'ended'].includes(window.duet?.callState) && !window.duet?.peer
      && window.duet?.screen === 'call',
    null, 'the call screen with no call (callState idle or ended, no peer)');
  const pcs = await peerConnections(page);
  const open = pcs.filter((p) => p.signalingState !== 'closed');
  assert.equal(open.length, 0, `${label}: ${open.length} peer connection(s) left open`);
  await widgetRect(page, 'Call');
}

// The expected widgets are there, and every published widget lies wholly inside the viewport, has room for a finger or pointer
// (WCAG 2.2 target size minimum: 24x24 CSS px), overlaps no other, and is drawn (its area of
// the screenshot is not one flat colour).
// `faded`: labels whose buttons may be faded out (the in-call controls after a few seconds
// without input, when a slow screenshot outlasts them): every check but "drawn".
export function expectWidgetsLaidOut(page, state, shot, expected = [], faded = []) {
  const label = pageProblems(page).label;
  const vp = page.viewportSize();
  const entries = Object.entries(state.widgets);
  for (const name of expected) {
    assert.ok(state.widgets[name], `${label}: no widget "${name}" on the ${state.screen} screen; ` +
      `visible: ${JSON.stringify(Object.keys(state.widgets))}`);
  }
  for (const [name, r] of entries) {
    const where = `${label}: widget "${name}" ${JSON.stringify(r)}`;
    assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.w <= vp.width + 0.5 && r.y + r.h <= vp.height + 0.5,
      `${where} is clipped by the ${vp.width}x${vp.height} viewport`);
    assert.ok(r.w >= 24 && r.h >= 24, `${where} is smaller than 24x24 CSS px`);
    const s = shot.scale;
    if (faded.includes(name)) continue;
    assert.ok(!isFlat(shot.img, { x: r.x * s, y: r.y * s, w: r.w * s, h: r.h * s }),
      `${where} is a flat colour in the screenshot: nothing is drawn there`);
  }
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [n1, a] = entries[i];
      const [n2, b] = entries[j];
      const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 &&
        Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;
      assert.ok(!overlap, `${label}: widgets "${n1}" and "${n2}" overlap`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Suite scaffolding.

// One server and one Chromium per test file. After the suite the server must still be
// running (it may never crash, whatever the clients did) and must stop cleanly on SIGTERM.
// `browserArgs`: more Chromium switches (a later switch overrides the same one above, e.g.
// `--use-fake-device-for-media-stream=device-count=2` for two cameras).
export function useServerAndBrowser(name, { bundle = true, root, args = [], browserArgs = [] } = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    if (bundle) requireBundle();
    env.server = await startServer({ root: typeof root === 'function' ? root() : root ?? webRoot,
      logName: `${name}-server`, args: typeof args === 'function' ? args() : args });
    env.browser = await launchBrowser({ extraArgs: browserArgs });
  });
  after(async () => {
    await closeBrowser(env.browser);
    if (!env.server) return;
    const crashedBefore = !env.server.running();
    const result = await env.server.stop();
    assert.ok(!crashedBefore,
      `duet-server exited during the suite (code ${result.code}, signal ${result.signal}); ` +
        `see ${path.relative(repoRoot, env.server.logPath)}`);
    assert.ok(!result.hung, 'duet-server did not exit within 5 s of SIGTERM');
    assert.equal(result.code, 0, `duet-server exited with code ${result.code} ` +
      `(signal ${result.signal}) on SIGTERM`);
  });
  return env;
}

// Sequential steps of one scenario: once a step fails, the later ones are skipped with the
// name of the step that broke, so the report shows the first failure, not its echoes.
export function steps() {
  let broken = null;
  return (name, body, timeout = 60_000) =>
    it(name, { timeout }, async (t) => {
      if (broken) {
        t.skip(`an earlier step failed: "${broken}"`);
        return;
      }
      try {
        await body(t);
      } catch (error) {
        broken = name;
        throw error;
      }
    });
}

// A temporary web root with the bundle's files and the tutorial's page (fixtures), so one
// server serves both kinds of client. The caller removes it when done.
export function webRootWithTutorial(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const f of fs.readdirSync(webRoot)) {
    if (fs.statSync(path.join(webRoot, f)).isFile()) {
      fs.copyFileSync(path.join(webRoot, f), path.join(dir, f));
    }
  }
  for (const f of ['tutorial_client.html', 'tutorial_client.js']) {
    fs.copyFileSync(path.join(fixturesDir, f), path.join(dir, f));
  }
  return dir;
}
