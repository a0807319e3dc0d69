// The browser client's benchmark (issue 5, "The client"): bundle sizes, navigation to an
// interactive login screen, call setup against a plain-JS page doing the same calls through
// the same server, and how much the app draws and uploads when nobody touches it.
//
// Usage: node client_bench.mjs SERVER_BINARY WEB_ROOT [--loads N] [--calls N]
// Progress goes to stderr; the last stdout line is one JSON object of flat figures plus
// `targets` and `met` (same keys), which tools/bench/report.mjs turns into a table.
//
// Everything runs in Debian's Chromium, headless, with the fake camera; the app is driven
// only by real input at the widget rectangles it publishes in window.duet, as a person would.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import {
  clickAt, clickWidget, cppSignIn, duetCounters, elementCentre, frameBusyBetween, frameStats,
  callPhases, launchBrowser, marks, newPage, phaseMarks, plainSignIn, rtpCounters, timeOrigin,
  typeText, waitFor,
} from './client_pages.mjs';
import { startServer, stopAllServers, stopServer } from './bench_server.mjs';
import { describeProfile, profileSetup } from './setup_profile.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const idle_window_ms = 3000;
// The whole run stays well inside bench.sh's patience even when something hangs.
const run_limit_ms = 180_000;

const log = (...a) => console.error('client_bench:', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function parseArgs(argv) {
  const [server, webRoot, ...rest] = argv;
  if (!server || !webRoot) {
    console.error('usage: node client_bench.mjs SERVER_BINARY WEB_ROOT [--loads N] [--calls N]');
    process.exit(2);
  }
  const opts = { server: path.resolve(server), webRoot: path.resolve(webRoot), loads: 7, calls: 5 };
  for (let i = 0; i < rest.length; i += 2) {
    const n = Number(rest[i + 1]);
    if (rest[i] === '--loads' && n > 0) opts.loads = n;
    else if (rest[i] === '--calls' && n > 0) opts.calls = n;
    else throw new Error(`unknown option ${rest[i]} ${rest[i + 1] ?? ''}`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------
// 1. Bundle sizes: what a first visit downloads, raw and compressed, and what the server
//    actually sends when the browser offers br and gzip.

const category = (file) =>
  file === 'loader.js' ? 'loader_js'
    : /\.html?$/.test(file) ? 'html'
      : /\.m?js$/.test(file) ? 'js'
        : /\.wasm$/.test(file) ? 'wasm'
          : /\.(ttf|otf|woff2?)$/.test(file) ? 'font' : 'other';

function bundleFiles(webRoot) {
  const out = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // Precompressed copies are the same files in another encoding, not more of the bundle.
      else if (e.isFile() && !/\.(gz|br)$/.test(e.name)) out.push(path.relative(webRoot, p));
    }
  })(webRoot);
  return out.sort();
}

function fetchEncoded(origin, file) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${origin}/${file.split(path.sep).map(encodeURIComponent).join('/')}`,
      { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (c) => { bytes += c.length; });
        res.on('end', () => resolve({
          status: res.statusCode, bytes, encoding: res.headers['content-encoding'] ?? 'identity',
        }));
      });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`GET /${file} timed out`)));
  });
}

async function measureBundle(webRoot, origin) {
  const r = {};
  const cats = ['html', 'loader_js', 'js', 'wasm', 'font', 'other'];
  for (const c of cats) r[`size_${c}_bytes`] = 0;
  for (const c of cats) r[`size_${c}_gzip_bytes`] = 0;
  let gzipTotal = 0;
  let brTotal = 0;
  let rawTotal = 0;
  let wireTotal = 0;
  const encodings = new Set();
  const files = bundleFiles(webRoot);
  for (const file of files) {
    const data = fs.readFileSync(path.join(webRoot, file));
    const gz = zlib.gzipSync(data, { level: 9 }).length;
    const br = zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length;
    const c = category(file);
    r[`size_${c}_bytes`] += data.length;
    r[`size_${c}_gzip_bytes`] += gz;
    rawTotal += data.length;
    gzipTotal += gz;
    brTotal += br;
    const wire = await fetchEncoded(origin, file);
    if (wire.status !== 200) throw new Error(`GET /${file}: HTTP ${wire.status}`);
    wireTotal += wire.bytes;
    encodings.add(`${path.extname(file) || file}:${wire.encoding}`);
  }
  if (r.size_other_bytes === 0) {
    delete r.size_other_bytes;
    delete r.size_other_gzip_bytes;
  }
  r.size_files = files.join(' ');
  r.size_raw_total_bytes = rawTotal;
  r.size_gzip_total_bytes = gzipTotal;
  r.size_brotli_total_bytes = brTotal;
  r.size_served_total_bytes = wireTotal;
  r.size_served_encodings = [...encodings].join(' ');
  return r;
}

// "step ms, ..." medians over the calls, from the press, for the table.
function phaseSummary(calls, firstFrame) {
  const parts = [];
  for (const [label] of phaseMarks) {
    const xs = calls.map((c) => c.phases[label]).filter((x) => x !== undefined);
    if (xs.length) parts.push(`${label} ${median(xs).toFixed(0)}`);
  }
  parts.push(`first frame ${median(calls.map(firstFrame)).toFixed(0)}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------
// 2. Navigation to an interactive login screen, each load in a fresh context (no HTTP
//    cache, no compiled-wasm cache), then the idle login screen.

async function measureLogin(browser, origin, loads, problems) {
  const times = [];
  const r = {};
  for (let i = 0; i < loads; i++) {
    const p = await newPage(browser, `${origin}/`, `login-${i}`, problems);
    await waitFor(p, () => performance.getEntriesByName('duet-login-interactive').length > 0,
      null, 'the "duet-login-interactive" mark', 30_000);
    // A mark's startTime counts from the document's time origin: its navigation start.
    times.push((await marks(p, 'duet-login-interactive'))[0]);
    if (i === loads - 1) {
      // Let the first frames settle (a resize, the font), then watch it do nothing.
      await sleep(500);
      const before = await duetCounters(p);
      await sleep(idle_window_ms);
      const after = await duetCounters(p);
      r.idle_login_frames_per_s = round((after.framesRendered - before.framesRendered) /
        (idle_window_ms / 1000), 2);
    }
    await p.context.close();
  }
  log(`login interactive (ms): ${times.map((t) => t.toFixed(0)).join(' ')}`);
  r.login_interactive_ms_median = round(median(times));
  r.login_interactive_ms_min = round(Math.min(...times));
  r.login_interactive_ms_max = round(Math.max(...times));
  r.login_interactive_loads = times.length;
  return r;
}

// ---------------------------------------------------------------------------------------
// 3 and 4. Calls: one pair of pages calls, hangs up, calls again; the first call of each
// pair is a warm-up (the first peer connection, codecs and ICE of the session) and is not
// counted. The last C++ call is left alone for a while to see what an idle call costs.

async function cppCall(a, b, peerName, { idle = false } = {}) {
  await clickWidget(a, 'username to call');
  await sleep(100);
  await typeText(a, peerName, { clear: true });
  const origins = { a: await timeOrigin(a), b: await timeOrigin(b) };
  const pressesBefore = (await marks(a, 'duet-call-pressed')).length;
  const beforeClick = await a.page.evaluate(() => performance.now());
  await clickWidget(a, 'Call');
  await waitFor(a, (n) => performance.getEntriesByName('duet-call-pressed').length > n,
    pressesBefore, 'the "duet-call-pressed" mark');
  const press = (await marks(a, 'duet-call-pressed')).pop();
  const up = (await marks(a, 'bench-mouseup')).find((t) => t >= beforeClick);
  // The callee accepts as soon as it rings, as the plain page's callee does.
  await waitFor(b, () => window.duet?.callState === 'ringing_in', null, 'the callee ringing');
  await clickWidget(b, 'Accept');
  await waitFor(a, (t) => performance.getEntriesByName('duet-first-remote-frame').some((m) =>
    m.startTime >= t), press, 'the caller\'s first remote frame');
  await waitFor(b, (t) => performance.getEntriesByName('duet-first-remote-frame').some((m) =>
    m.startTime + performance.timeOrigin >= t), origins.a + press,
  'the callee\'s first remote frame');
  const first = (await marks(a, 'duet-first-remote-frame')).find((t) => t >= press);
  const calleeFirst = (await marks(b, 'duet-first-remote-frame'))
    .map((t) => t + origins.b - origins.a).find((t) => t >= press);
  const answered = await answerWait(b, origins.a - origins.b + press, 'duet');
  const result = { pressed: first - press, clicked: first - up, callee: calleeFirst - press,
    answerWait: answered, app: first - press - answered,
    phases: await callPhases(a, press), frameBusy: await frameBusyBetween(a, press, first) };
  if (idle) result.idle = await measureCallIdle(a);
  await clickWidget(a, 'Hang Up');
  for (const p of [a, b]) {
    await waitFor(p, () => ['idle', 'ended'].includes(window.duet?.callState) && !window.duet?.peer,
      null, 'the call to end');
  }
  return result;
}

// Nobody touches the page; the remote camera sends ~30 frames a second, the local one
// too (the self-view). Drawn frames should follow new video frames, and each new frame
// should be uploaded once.
async function measureCallIdle(a) {
  await sleep(1000);
  const c0 = await duetCounters(a);
  const s0 = await rtpCounters(a);
  const f0 = await frameStats(a);
  const t0 = Date.now();
  await sleep(idle_window_ms);
  const c1 = await duetCounters(a);
  const s1 = await rtpCounters(a);
  const f1 = await frameStats(a);
  const seconds = (Date.now() - t0) / 1000;
  const frameCount = f1.count - f0.count;
  const decoded = s1.framesDecoded - s0.framesDecoded;
  const camera = s1.cameraFrames - s0.cameraFrames;
  const uploads = c1.textureUploads - c0.textureUploads;
  const handed = c1.videoFramesHanded - c0.videoFramesHanded;
  return {
    call_idle_frames_rendered_per_s: round((c1.framesRendered - c0.framesRendered) / seconds, 2),
    call_idle_remote_frames_shown_per_s: round((c1.remoteFramesShown - c0.remoteFramesShown) / seconds, 2),
    call_idle_remote_frames_decoded_per_s: round(decoded / seconds, 2),
    call_idle_camera_frames_per_s: round(camera / seconds, 2),
    call_idle_texture_uploads_per_s: round(uploads / seconds, 2),
    call_idle_frame_main_thread_ms_mean: frameCount > 0 ? round((f1.busy - f0.busy) / frameCount, 2) : 'n/a',
    call_idle_frame_main_thread_share: round((f1.busy - f0.busy) / (seconds * 1000), 3),
    call_remote_texture_uploads_per_decoded_frame: decoded > 0
      ? round((c1.remoteTextureUploads - c0.remoteTextureUploads) / decoded, 3) : 'n/a',
    // The self-view is a texture too: its camera frames are uploaded without being decoded.
    call_texture_uploads_per_video_frame: decoded + camera > 0 ? round(uploads / (decoded + camera), 3) : 'n/a',
    call_idle_video_frames_handed_to_page_per_s: round(handed / seconds, 2),
    call_texture_uploads_per_frame_handed_to_page: handed > 0 ? round(uploads / handed, 3) : 'n/a',
  };
}

async function plainCall(a, b, peerName) {
  await clickAt(a, await elementCentre(a, '#peer'));
  await typeText(a, peerName, { clear: true });
  const origins = { a: await timeOrigin(a), b: await timeOrigin(b) };
  const pressesBefore = (await marks(a, 'plain-call-pressed')).length;
  await clickAt(a, await elementCentre(a, '#call'));
  await waitFor(a, (n) => performance.getEntriesByName('plain-call-pressed').length > n,
    pressesBefore, 'the "plain-call-pressed" mark');
  const press = (await marks(a, 'plain-call-pressed')).pop();
  await waitFor(b, () => window.plain?.state === 'ringing_in', null, 'the callee ringing');
  await clickAt(b, await elementCentre(b, '#accept'));
  await waitFor(a, (t) => performance.getEntriesByName('plain-first-remote-frame').some((m) =>
    m.startTime >= t), press, 'the caller\'s first remote frame');
  await waitFor(b, (t) => performance.getEntriesByName('plain-first-remote-frame').some((m) =>
    m.startTime + performance.timeOrigin >= t), origins.a + press,
  'the callee\'s first remote frame');
  const first = (await marks(a, 'plain-first-remote-frame')).find((t) => t >= press);
  const calleeFirst = (await marks(b, 'plain-first-remote-frame'))
    .map((t) => t + origins.b - origins.a).find((t) => t >= press);
  const phases = await callPhases(a, press);
  const answered = await answerWait(b, origins.a - origins.b + press, 'plain');
  await clickAt(a, await elementCentre(a, '#hang-up'));
  for (const p of [a, b]) {
    await waitFor(p, () => window.plain?.state === 'idle', null, 'the call to end');
  }
  return { pressed: first - press, callee: calleeFirst - press, answerWait: answered,
    app: first - press - answered, phases };
}

// The callee's part that is the person, not the app: from the first frame that showed the
// ring to the press on Accept (here the benchmark noticing the ring over the DevTools
// protocol, finding the button and pressing it for 130 ms). `since` is the caller's press,
// in the callee's clock.
async function answerWait(b, since, prefix) {
  const shown = (await marks(b, `${prefix}-ring-shown`)).find((t) => t >= since);
  const pressed = (await marks(b, `${prefix}-accept-pressed`)).find((t) => t >= since);
  if (shown === undefined || pressed === undefined || pressed < shown) {
    throw new Error(`${b.label}: no "${prefix}-ring-shown" mark before the press on Accept`);
  }
  return pressed - shown;
}

// Each pair runs alone in the browser (the other pair's pages closed), so neither client's
// background work (the C++ self-view is drawn with software GL here) slows the other's calls.
async function callSession(browser, origin, kind, calls, problems) {
  const plain = kind === 'js';
  const url = plain ? `${origin}/plain_client.html` : `${origin}/`;
  const [nameA, nameB] = plain ? ['carol', 'dave'] : ['alice', 'bob'];
  const a = await newPage(browser, url, `${kind}-${nameA}`, problems);
  const b = await newPage(browser, url, `${kind}-${nameB}`, problems);
  const signIn = plain ? plainSignIn : cppSignIn;
  await signIn(a, nameA);
  await signIn(b, nameB);
  // Both clients open the camera at the first Call or Accept and keep it; the warm-up call,
  // not counted, pays for that. Both get the same head start after signing in.
  await sleep(1000);
  const r = {};
  if (!plain) {
    // Signed in, no call, nobody touching it: only the self-view changes.
    const before = await duetCounters(a);
    const f0 = await frameStats(a);
    await sleep(2000);
    const after = await duetCounters(a);
    const f1 = await frameStats(a);
    r.idle_signed_in_frames_per_s = round((after.framesRendered - before.framesRendered) / 2, 2);
    if (f1.count > f0.count) {
      r.idle_signed_in_frame_main_thread_ms_mean = round((f1.busy - f0.busy) / (f1.count - f0.count), 2);
    }
  }
  const results = [];
  for (let i = 0; i <= calls; i++) {
    const c = plain ? await plainCall(a, b, nameB)
      : await cppCall(a, b, nameB, { idle: i === calls });
    await sleep(300);
    log(`${kind} call ${i}${i === 0 ? ' (warm-up)' : ''}: ${c.pressed.toFixed(0)} ms from the ` +
      `press${c.clicked === undefined ? '' : `, ${c.clicked.toFixed(0)} from the click`}, ` +
      `${c.app.toFixed(0)} without the ${c.answerWait.toFixed(0)} ms to answer; ` +
      `callee ${c.callee.toFixed(0)}; steps ${JSON.stringify(Object.fromEntries(
        Object.entries(c.phases).map(([k, v]) => [k, Math.round(v)])))}`);
    if (c.idle) Object.assign(r, c.idle);
    if (i > 0) results.push(c);
  }
  // One more call, traced, not counted: where the setup's time goes on the main threads.
  const profile = await profileSetup(browser, async () => {
    if (plain) await plainCall(a, b, nameB);
    else await cppCall(a, b, nameB);
    const prefix = plain ? 'plain' : 'duet';
    return { press: `${prefix}-call-pressed`, first: `${prefix}-first-remote-frame`,
      ringShown: `${prefix}-ring-shown`, answered: `${prefix}-accept-pressed` };
  });
  log(`${kind} traced call: ${describeProfile(profile)}`);
  await a.context.close();
  await b.context.close();
  return { results, idle: r, profile };
}

async function measureCalls(browser, cppOrigin, plainOrigin, calls, problems) {
  const js = await callSession(browser, plainOrigin, 'js', calls, problems);
  const cpp = await callSession(browser, cppOrigin, 'cpp', calls, problems);
  const med = (xs, f) => median(xs.map(f));
  const range = (xs) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  const cppPressed = med(cpp.results, (c) => c.pressed);
  const cppClicked = med(cpp.results, (c) => c.clicked);
  const jsPressed = med(js.results, (c) => c.pressed);
  const cppApp = med(cpp.results, (c) => c.app);
  const jsApp = med(js.results, (c) => c.app);
  return {
    call_setup_cpp_app_ms_median: round(cppApp),
    call_setup_js_app_ms_median: round(jsApp),
    call_setup_ratio_app_cpp_to_js: round(cppApp / jsApp, 3),
    call_setup_cpp_answer_wait_ms_median: round(med(cpp.results, (c) => c.answerWait)),
    call_setup_js_answer_wait_ms_median: round(med(js.results, (c) => c.answerWait)),
    call_setup_cpp_ms_median: round(cppPressed),
    call_setup_js_ms_median: round(jsPressed),
    call_setup_ratio_cpp_to_js: round(cppPressed / jsPressed, 3),
    call_setup_cpp_from_click_ms_median: round(cppClicked),
    call_setup_ratio_from_click_cpp_to_js: round(cppClicked / jsPressed, 3),
    call_setup_cpp_ms_range: range(cpp.results.map((c) => c.pressed)),
    call_setup_js_ms_range: range(js.results.map((c) => c.pressed)),
    call_setup_cpp_callee_ms_median: round(med(cpp.results, (c) => c.callee)),
    call_setup_js_callee_ms_median: round(med(js.results, (c) => c.callee)),
    call_setup_cpp_steps_ms: phaseSummary(cpp.results, (c) => c.pressed),
    call_setup_cpp_frame_main_thread_ms_median: round(med(cpp.results, (c) => c.frameBusy)),
    call_setup_js_steps_ms: phaseSummary(js.results, (c) => c.pressed),
    call_setup_calls: cpp.results.length,
    call_setup_cpp_main_threads: describeProfile(cpp.profile),
    call_setup_js_main_threads: describeProfile(js.profile),
    ...cpp.idle,
  };
}

// ---------------------------------------------------------------------------------------

const targets = {
  size_gzip_total_bytes: '<= 400 kB (400000 bytes)',
  size_served_total_bytes: 'about the gzip total (precompressed files sent)',
  login_interactive_ms_median: '<= 400 ms',
  idle_login_frames_per_s: '0',
  call_setup_ratio_app_cpp_to_js: '<= 1.10',
  call_setup_ratio_cpp_to_js: 'with the time to answer: see below the table',
  call_idle_frames_rendered_per_s: 'no more than the video frames shown',
  call_remote_texture_uploads_per_decoded_frame: 'at most 1 (a decoded frame the browser does not present never reaches the page)',
  call_texture_uploads_per_video_frame: 'at most 1 (frames the browser drops under load never reach the page: next row)',
  call_texture_uploads_per_frame_handed_to_page: '1 (each frame the page is given, uploaded once)',
};
const checks = {
  size_gzip_total_bytes: (v) => v <= 400_000,
  size_served_total_bytes: (v, f) => v <= f.size_gzip_total_bytes * 1.05,
  login_interactive_ms_median: (v) => v <= 400,
  idle_login_frames_per_s: (v) => v === 0,
  call_setup_ratio_app_cpp_to_js: (v) => v <= 1.1,
  call_idle_frames_rendered_per_s: (v, f) =>
    v <= f.call_idle_remote_frames_shown_per_s + f.call_idle_camera_frames_per_s,
  call_texture_uploads_per_video_frame: (v) => v <= 1.02,
  call_remote_texture_uploads_per_decoded_frame: (v) => v <= 1.02,
  call_texture_uploads_per_frame_handed_to_page: (v) => Math.abs(v - 1) <= 0.02,
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const figures = {};
  const failures = [];
  const problems = [];
  let browser = null;
  let plainRoot = null;
  const servers = [];
  const watchdog = setTimeout(() => {
    log(`giving up after ${run_limit_ms / 1000} s`);
    stopAllServers();
    process.exit(1);
  }, run_limit_ms);

  async function section(name, body) {
    try {
      Object.assign(figures, await body());
    } catch (error) {
      failures.push(`${name}: ${error.message.split('\n')[0]}`);
      log(`${name} failed:`, error.stack || error);
    }
  }

  try {
    const cpp = await startServer(opts.server, opts.webRoot);
    servers.push(cpp);
    // The plain page from its own web root, through a second server of the same binary.
    plainRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-plain-'));
    for (const f of ['plain_client.html', 'plain_client.js', 'plain_transfer.js']) {
      fs.copyFileSync(path.join(here, f), path.join(plainRoot, f));
    }
    const plainServer = await startServer(opts.server, plainRoot);
    servers.push(plainServer);
    log(`servers: C++ client at ${cpp.origin} (pid ${cpp.pid}), plain page at ` +
      `${plainServer.origin} (pid ${plainServer.pid})`);

    await section('bundle', () => measureBundle(opts.webRoot, cpp.origin));
    browser = await launchBrowser();
    figures.browser = `Chromium ${browser.version()}`;
    // Timings on 2 cores mean little next to a compile: the table says how busy it was.
    figures.load_average_1min_at_start = round(os.loadavg()[0], 2);
    await section('login', () => measureLogin(browser, cpp.origin, opts.loads, problems));
    await section('calls', () => measureCalls(browser, cpp.origin, plainServer.origin,
      opts.calls, problems));
  } catch (error) {
    failures.push(error.message.split('\n')[0]);
    log(error.stack || error);
  } finally {
    if (browser) await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
    for (const s of servers) await stopServer(s.child);
    if (plainRoot) fs.rmSync(plainRoot, { recursive: true, force: true });
    clearTimeout(watchdog);
  }

  if (problems.length) log('page problems:\n  ' + problems.join('\n  '));
  if (failures.length) figures.failures = failures.join('; ');
  if (problems.length) figures.page_problems = problems.length;
  figures.run_seconds = round((Date.now() - started) / 1000);
  const present = (k) => typeof figures[k] === 'number';
  figures.targets = Object.fromEntries(Object.entries(targets).filter(([k]) => k in figures));
  figures.met = Object.fromEntries(Object.entries(checks).filter(([k]) => present(k))
    .map(([k, ok]) => [k, ok(figures[k], figures) ? 'yes' : 'no']));
  // Exit 0 even after a failure: bench.sh still writes the server's figures, and the
  // failures show in the table.
  console.log(JSON.stringify(figures));
}

main();
