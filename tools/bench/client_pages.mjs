// How client_bench.mjs drives and observes pages: Debian's Chromium with the fake camera,
// an observation-only init script, and input as a person gives it (mouse at a widget's
// centre, keys) for both the C++ client (window.duet) and the plain page (window.plain).
import { setTimeout as sleep } from 'node:timers/promises';

import { chromium } from 'playwright-core';

const chromiumPath = process.env.DUET_CHROMIUM || '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
];
const viewport = { width: 800, height: 600 };

// A person's click lasts 50-150 ms; both clients get the same hover and press.
const hover_ms = 50;
const press_ms = 80;
const key_gap_ms = 30;

// playwright's launch() adds --headless and a fresh temporary profile. gpuCompositing, a
// diagnosis: Chromium's GPU path with SwiftShader standing in for the GPU (canvases and video
// composited by the GPU process, as on a machine with one) instead of software compositing,
// where each WebGL frame is read back for the compositor.
export function launchBrowser({ gpuCompositing = false } = {}) {
  const args = gpuCompositing
    ? [...chromiumArgs.filter((a) => a !== '--disable-gpu'), '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader']
    : chromiumArgs;
  return chromium.launch({ executablePath: chromiumPath, headless: true, args,
    timeout: 30_000 });
}


// Observation only, installed before any page script: keep each RTCPeerConnection so its
// stats can be read, and mark the steps of a call setup (offer and answer on the socket,
// the remote track, the connection up) and each mouse release (the click's own moment, to
// compare with the app's "duet-call-pressed", which it sets when it handles the press).
// Nothing here changes what the page does.
function instrumentPage() {
  const typeOf = (data) => {
    if (typeof data !== 'string') return '';
    try { return JSON.parse(data)?.type ?? ''; } catch { return ''; }
  };
  const NativeSocket = window.WebSocket;
  if (NativeSocket) {
    window.WebSocket = class WebSocket extends NativeSocket {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          const t = typeOf(e.data);
          if (['call', 'accept', 'offer', 'answer'].includes(t)) performance.mark(`bench-${t}-in`);
        });
      }
      send(data) {
        const t = typeOf(data);
        if (['call', 'accept', 'offer', 'answer'].includes(t)) performance.mark(`bench-${t}-out`);
        return super.send(data);
      }
    };
  }
  const NativePc = window.RTCPeerConnection;
  if (NativePc) {
    const record = [];
    Object.defineProperty(window, Symbol.for('duet-bench.pcs'), { value: record });
    window.RTCPeerConnection = class RTCPeerConnection extends NativePc {
      constructor(...args) {
        super(...args);
        record.push(this);
        performance.mark('bench-pc-created');
        this.addEventListener('track', (e) => {
          if (e.track.kind === 'video') performance.mark('bench-track');
        });
        this.addEventListener('connectionstatechange', () => {
          if (this.connectionState === 'connected') performance.mark('bench-connected');
        });
      }
    };
  }
  // Video frames the browser hands to the page (one requestVideoFrameCallback call each):
  // frames its compositor dropped under load never reach the page to be uploaded.
  const nativeRvfc = window.HTMLVideoElement?.prototype.requestVideoFrameCallback;
  if (nativeRvfc) {
    const videoFrames = { count: 0 };
    Object.defineProperty(window, Symbol.for('duet-bench.videoFrames'), { value: videoFrames });
    HTMLVideoElement.prototype.requestVideoFrameCallback = function (callback) {
      return nativeRvfc.call(this, (now, metadata) => {
        videoFrames.count++;
        callback(now, metadata);
      });
    };
  }
  window.addEventListener('mouseup', () => performance.mark('bench-mouseup'), true);
  // Main-thread time spent in animation-frame callbacks (the C++ app draws in them): a
  // running total and a log of [start, duration], read as differences.
  const frames = { count: 0, busy: 0, log: [] };
  Object.defineProperty(window, Symbol.for('duet-bench.frames'), { value: frames });
  const nativeRaf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => nativeRaf((time) => {
    const t0 = performance.now();
    try {
      callback(time);
    } finally {
      const d = performance.now() - t0;
      frames.count++;
      frames.busy += d;
      frames.log.push([t0, d]);
      if (frames.log.length > 4000) frames.log.splice(0, 2000);
    }
  });
}

// The steps of the setup on the caller, in ms after the press, for one call.
export const phaseMarks = [['pc', 'bench-pc-created'], ['offer out', 'bench-offer-out'],
  ['answer in', 'bench-answer-in'], ['track', 'bench-track'], ['connected', 'bench-connected']];

export const frameStats = (p) => p.page.evaluate(() => {
  const f = window[Symbol.for('duet-bench.frames')];
  return { count: f.count, busy: f.busy };
});

// Main-thread ms in animation-frame callbacks that started within [from, to].
export const frameBusyBetween = (p, from, to) => p.page.evaluate(([a, b]) =>
  window[Symbol.for('duet-bench.frames')].log.filter(([t]) => t >= a && t <= b)
    .reduce((sum, [, d]) => sum + d, 0), [from, to]);

export async function callPhases(p, press) {
  const out = {};
  for (const [label, name] of phaseMarks) {
    const t = (await marks(p, name)).find((m) => m >= press);
    if (t !== undefined) out[label] = t - press;
  }
  return out;
}

// `watch`: more observation-only init scripts (file_transfer.mjs finds the wasm memory);
// `options`: more of playwright's context options.
export async function newPage(browser, url, label, problems, { watch = [], options = {} } = {}) {
  const context = await browser.newContext({ viewport, ...options });
  await context.addInitScript(instrumentPage);
  for (const script of watch) await context.addInitScript(script);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${label}: ${e.message}`));
  page.on('crash', () => problems.push(`${label}: the page crashed`));
  page.on('dialog', (d) => {
    problems.push(`${label}: dialog ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.goto(url, { waitUntil: 'commit' });
  return { context, page, label };
}

export async function waitFor(p, predicate, arg, what, timeout = 15_000) {
  try {
    await p.page.waitForFunction(predicate, arg, { timeout, polling: 20 });
  } catch (error) {
    if (!/timeout/i.test(error.message)) throw error;
    const seen = await p.page.evaluate(() => JSON.stringify(
      window.duet ? { screen: duet.screen, callState: duet.callState, status: duet.status,
        error: duet.error } : window.plain ?? null)).catch(() => 'unreadable');
    throw new Error(`${p.label}: timed out after ${timeout} ms waiting for ${what}; seen ${seen}`);
  }
}

export const marks = (p, name) => p.page.evaluate((n) =>
  performance.getEntriesByName(n, 'mark').map((m) => m.startTime), name);
export const timeOrigin = (p) => p.page.evaluate(() => performance.timeOrigin);

export async function clickAt(p, { x, y }) {
  await p.page.mouse.move(x, y);
  await sleep(hover_ms);
  await p.page.mouse.click(x, y, { delay: press_ms });
}

export async function typeText(p, text, { clear = false } = {}) {
  if (clear) {
    await p.page.keyboard.press('Control+a');
    await p.page.keyboard.press('Backspace');
  }
  await p.page.keyboard.type(text, { delay: key_gap_ms });
}

// --- the C++ client, through window.duet ---

export async function widgetCentre(p, label) {
  await waitFor(p, (l) => !!window.duet?.widgets?.[l], label, `widget "${label}"`);
  const r = await p.page.evaluate((l) => window.duet.widgets[l], label);
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

export const clickWidget = async (p, label) => clickAt(p, await widgetCentre(p, label));

export const duetCounters = (p) => p.page.evaluate(() => ({
  videoFramesHanded: window[Symbol.for('duet-bench.videoFrames')]?.count ?? NaN,
  framesRendered: window.duet.framesRendered,
  textureUploads: window.duet.textureUploads,
  remoteTextureUploads: window.duet.remoteTextureUploads,
  remoteFramesShown: window.duet.remoteFramesShown,
}));

export async function cppSignIn(p, name) {
  await waitFor(p, () => window.duet?.screen === 'login', null, 'the login screen', 30_000);
  await clickWidget(p, 'Login');
  await sleep(100);
  await typeText(p, name);
  await p.page.keyboard.press('Enter', { delay: press_ms });
  await waitFor(p, (n) => window.duet?.screen === 'call' && window.duet?.name === n, name,
    `signed in as ${name}`);
}

// --- the plain page, through its DOM and window.plain ---

export async function elementCentre(p, selector) {
  const box = await p.page.locator(selector).boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export async function plainSignIn(p, name) {
  await waitFor(p, () => window.plain?.state === 'login', null, 'the socket open');
  await clickAt(p, await elementCentre(p, '#name'));
  await typeText(p, name);
  await clickAt(p, await elementCentre(p, '#sign-in'));
  await waitFor(p, () => window.plain?.state === 'idle', null, 'the camera after sign-in');
}

// Inbound video decoded and local camera frames captured, on the newest open connection.
export const rtpCounters = (p) => p.page.evaluate(async () => {
  const pcs = (window[Symbol.for('duet-bench.pcs')] || []).filter((pc) => pc.signalingState !== 'closed');
  const pc = pcs[pcs.length - 1];
  const out = { framesDecoded: 0, cameraFrames: 0 };
  if (!pc) return out;
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') out.framesDecoded += r.framesDecoded ?? 0;
    if (r.type === 'media-source' && r.kind === 'video') out.cameraFrames += r.frames ?? 0;
  });
  return out;
});
