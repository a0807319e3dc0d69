// The file-transfer benchmark (issue 16): one file of random bytes (200 MB unless told)
// sent during a call between two local pages, Duet's against the plain-JS page
// (plain_transfer.js) doing the same over the same kind of channel, a negotiated ordered
// RTCDataChannel on the call's own peer connection beside the fake camera's audio and video.
//
// Usage: node file_transfer.mjs SERVER_BINARY WEB_ROOT [--mb N] [--runs N] [--only duet|plain]
//                             [--collect] [--probe DIR] [--pause-draws] [--gpu-compositing]
// --probe DIR: where the time goes (transfer_probe.mjs), a diagnosis whose rates are not the
// benchmark's. --pause-draws: Duet's pages draw about once a second while the file moves
// (transfer_probe.mjs), to show what the draws cost; a diagnosis too. --gpu-compositing:
// Chromium's GPU path, SwiftShader standing in for the GPU (client_pages.mjs), so no WebGL
// frame is read back for a software compositor; a diagnosis as well. Progress goes to
// stderr; the last stdout line is one JSON object of flat figures plus `targets` and `met`
// (tools/bench/transfer_report.mjs turns it into BENCHMARKS.md's "File transfer" section).
// A transfer that does not finish, or whose bytes differ from the file (transfer_check.mjs,
// tested in tests/tools/), gives no figure: the run says why and exits with status 1.
//
// The plain pair and Duet's take turns, one call and one transfer at a time, each pair alone
// in the browser; the figures are medians of the runs (--runs, 9 unless told: a run of either
// page may stall for seconds near its start, see transfer_samplers.mjs's startProgress, and
// with 5 runs each the ratio of one invocation ranged from 0.76 to 0.97 on a quiet machine).
//
// Rate: file bytes over the time from the receiver's press on Accept file (the mouse
// release, as its page saw it) to the moment its page shows the transfer done, both read in
// the receiver's own clock. Memory: the receiving tab's JS heap, ArrayBuffer backing stores,
// Blink heap, (Duet) wasm memory and its workers' heaps (JS, ArrayBuffers, Blink), sampled
// every 250 ms over the DevTools protocol. Video: the partner's video frames each page showed,
// and Duet's frames drawn, per second while the bytes move (window.duet's counts, the plain
// page's presented frames), because with software GL those draws are what the transfer
// competes with (docs/file_transfer_rate.md).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { startServer, stopAllServers, stopServer } from './bench_server.mjs';
import { countChannels, pauseDrawsWhileMoving, startProbe } from './transfer_probe.mjs';
import {
  memorySample, startProgress, startSampler, watchWasmMemory, watchWorkers,
} from './transfer_samplers.mjs';
import {
  clickAt, clickWidget, cppSignIn, elementCentre, launchBrowser, marks, newPage, plainSignIn,
  typeText, waitFor, widgetCentre,
} from './client_pages.mjs';
import { readSaved, transferProblems } from './transfer_check.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sample_ms = 250;
const log = (...a) => console.error('file_transfer:', ...a);
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const mib = (bytes) => round(bytes / 2 ** 20, 2);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Duet's limits (chunks, the sender's bufferedAmount limit, the receiver's fold size): the page
// does not publish them, so they are the values written in client_wasm/web/js/file_transfer.js
// and file_worker.js (chunkBytes, highWater, foldBytes), and the report says so; the plain
// page publishes its own (window.plainFiles.limits).
const duet_limits_written = { chunkBytes: 16384, readBytes: 16 * 16384, foldBytes: 2 << 20,
  highWater: 4 << 20, written: true };

// Generous (0.25 MB/s: a 2-core machine at a load average of 20-36 gave the plain pair 0.3 to
// 1.5 MB/s): a page that stalls fails the run rather than hanging it.
const transferLimitMs = (bytes) => Math.max(60_000, (bytes / 1e6) * 4000);

// The options that take no value, and the field each sets.
const switches = { '--collect': 'collect', '--pause-draws': 'pauseDraws',
  '--gpu-compositing': 'gpuCompositing' };

function parseArgs(argv) {
  const [server, webRoot, ...rest] = argv;
  if (!server || !webRoot) {
    console.error('usage: node file_transfer.mjs SERVER_BINARY WEB_ROOT [--mb N] [--runs N] ' +
      '[--only duet|plain] [--collect] [--probe DIR] [--pause-draws] [--gpu-compositing]');
    process.exit(2);
  }
  const opts = { server: path.resolve(server), webRoot: path.resolve(webRoot), mb: 200, runs: 9,
    only: '' };
  for (let i = 0; i < rest.length; i += 2) {
    const v = rest[i + 1];
    if (rest[i] === '--mb' && Number(v) > 0) opts.mb = Number(v);
    else if (rest[i] === '--runs' && Number(v) > 0) opts.runs = Number(v);
    else if (rest[i] === '--only' && ['duet', 'plain'].includes(v)) opts.only = v;
    else if (rest[i] === '--probe' && v) opts.probe = path.resolve(v);
    else if (switches[rest[i]]) {
      opts[switches[rest[i]]] = true;
      i--;
    }
    else throw new Error(`unknown option ${rest[i]} ${v ?? ''}`);
  }
  return opts;
}

// Random bytes written in pieces, hashed as they are written: the hash the receiver must
// report (Duet) or whose bytes its saved Blob must have (both).
function makeFile(dir, mb) {
  const file = path.join(dir, `random-${mb}MB.bin`);
  const fd = fs.openSync(file, 'w');
  const hash = crypto.createHash('sha256');
  let left = Math.round(mb * 1e6);
  while (left > 0) {
    const piece = crypto.randomBytes(Math.min(left, 8 << 20));
    hash.update(piece);
    fs.writeSync(fd, piece);
    left -= piece.length;
  }
  fs.closeSync(fd);
  return { file, size: fs.statSync(file).size, sha256: hash.digest('hex') };
}

let collectFirst = false;  // --collect
let probe = null;  // { browser, dir }: --probe
let pauseDraws = false;  // --pause-draws
const probe_seconds = 8;

// --- the two clients, behind one shape: sign in, call, send, accept, read the transfers ---

const plainClient = {
  name: 'plain',
  names: ['carol', 'dave'],
  path: '/plain_client.html?files',
  signIn: plainSignIn,
  async call(a, b, peer) {
    await clickAt(a, await elementCentre(a, '#peer'));
    await typeText(a, peer, { clear: true });
    await clickAt(a, await elementCentre(a, '#call'));
    await waitFor(b, () => window.plain?.state === 'ringing_in', null, 'the callee ringing');
    await clickAt(b, await elementCentre(b, '#accept'));
    for (const p of [a, b]) await waitFor(p, () => window.plain?.state === 'in_call', null, 'the call up');
  },
  sendButton: (p) => elementCentre(p, '#send-file'),
  pressAccept: async (p) => clickAt(p, await elementCentre(p, '#accept-file')),
  limits: async (p) => p.page.evaluate(() => window.plainFiles.limits),
};

const duetClient = {
  name: 'duet',
  names: ['alice', 'bob'],
  path: '/',
  signIn: cppSignIn,
  async call(a, b, peer) {
    await clickWidget(a, 'username to call');
    await sleep(100);
    await typeText(a, peer, { clear: true });
    await clickWidget(a, 'Call');
    await waitFor(b, () => window.duet?.callState === 'ringing_in', null, 'the callee ringing');
    await clickWidget(b, 'Accept');
    for (const p of [a, b]) {
      await waitFor(p, () => window.duet?.callState === 'in_call', null, 'the call up', 20_000);
    }
  },
  sendButton: (p) => widgetCentre(p, 'Send file'),
  pressAccept: (p) => clickWidget(p, 'Accept file'),
  limits: async () => duet_limits_written,
};

// The page's published transfers (window.duet.transfers, window.plainFiles.transfers), read in
// the page: the app's Content-Security-Policy allows no eval, so each predicate names both.
const newest = (p, client, direction) => p.page.evaluate(([kind, dir]) =>
  ((kind === 'duet' ? window.duet?.transfers : window.plainFiles?.transfers) ?? [])
    .filter((t) => t.direction === dir).at(-1) ?? null, [client.name, direction]);

// Each page's count of the partner's video frames shown (Duet's draws of a new one; the
// plain page's remote <video> frames presented, plain_client.js's requestVideoFrameCallback
// count) and, on Duet's, of frames drawn and textures uploaded.
const videoCounts = (client, pages) => Promise.all(pages.map((p) => p.page.evaluate((kind) => (
  kind === 'duet' ? {
    drawn: window.duet.framesRendered, shown: window.duet.remoteFramesShown,
    uploads: window.duet.textureUploads, remoteUploads: window.duet.remoteTextureUploads,
    at: performance.now() }
    : { shown: window.plain.remoteFrames, at: performance.now() }), client.name)));

async function transferOnce(client, a, b, data, limitMs) {
  const send = await client.sendButton(a);
  const [chooser] = await Promise.all([a.page.waitForEvent('filechooser', { timeout: 15_000 }),
    clickAt(a, send)]);
  await chooser.setFiles(data.file);
  await waitFor(b, ([kind, size]) =>
    ((kind === 'duet' ? window.duet?.transfers : window.plainFiles?.transfers) ?? []).some((t) =>
      t.direction === 'in' && ['waiting', 'queued'].includes(t.state) && t.size === size),
  [client.name, data.size], 'the offer of the file on the receiver');
  // The level before: the tab at rest with the offer shown.
  const before = [];
  for (let i = 0; i < 4; i++) {
    before.push(await memorySample(b, collectFirst));
    await sleep(sample_ms);
  }
  const stop = startSampler(b, before, collectFirst);
  const stopProgress = startProgress(async () => (await newest(b, client, 'in'))?.sent ?? 0);
  const pressedAfter = await b.page.evaluate(() => performance.now());
  const stopProbe = probe && await startProbe(probe.browser, [a, b], probe.dir, client.name);
  const videoBefore = await videoCounts(client, [a, b]);
  await client.pressAccept(b);
  // Polled in the page, which notes the first moment it sees the transfer over.
  const finished = waitFor(b, (kind) => {
    const t = ((kind === 'duet' ? window.duet?.transfers : window.plainFiles?.transfers) ?? [])
      .filter((x) => x.direction === 'in').at(-1);
    if (!t || !['done', 'failed', 'cancelled', 'declined'].includes(t.state)) return false;
    window[Symbol.for('duet-bench.transferOver')] = performance.now();
    return true;
  }, client.name, 'the receiver to finish the transfer', limitMs);
  if (stopProbe) await Promise.race([finished.catch(() => {}), sleep(probe_seconds * 1000)]).then(stopProbe);
  await finished;
  const videoAfter = await videoCounts(client, [a, b]);
  const memory = await stop();
  const { slowSeconds } = await stopProgress();
  const over = await b.page.evaluate(() => window[Symbol.for('duet-bench.transferOver')]);
  const pressed = (await marks(b, 'bench-mouseup')).find((t) => t >= pressedAfter);
  const got = await newest(b, client, 'in');
  // The bytes behind the receiver's object URL, read back in its page after the timing.
  const saved = got?.state === 'done' && got.url ? await b.page.evaluate(readSaved, got.url) : null;
  const problems = transferProblems({ client: client.name, file: data, received: got, saved });
  if (problems.length) throw new Error(problems.join('; '));
  await waitFor(a, (kind) => ((kind === 'duet' ? window.duet?.transfers : window.plainFiles?.transfers)
    ?? []).filter((x) => x.direction === 'out').at(-1)?.state === 'done', client.name,
  'the sender to show the transfer done');
  const seconds = (over - pressed) / 1000;
  // The last interval ends after the transfer did: at most one sample of it is not the run's.
  const slow = Math.min(slowSeconds, seconds);
  // Both pages while the bytes moved, a second: the partner's video frames shown, and on
  // Duet's the frames drawn and uploads (the price of the draws is part of what this
  // benchmark measures, and the plain page's count says what video it gave for its rate).
  const video = Object.fromEntries(Object.keys(videoAfter[0]).filter((k) => k !== 'at')
    .map((k) => [k, videoAfter.map((after, i) => round((after[k] - videoBefore[i][k]) /
      ((after.at - videoBefore[i].at) / 1000), 1))]));
  return { seconds, mbPerS: data.size / 1e6 / seconds, memory, slowSeconds: slow,
    movingMbPerS: slow < seconds ? data.size / 1e6 / (seconds - slow) : null, video };
}

// One call between a new pair of pages, one transfer in it.
async function session(browser, origin, client, data, problems, run) {
  const url = `${origin}${client.path}`;
  // New names each time: the last pair's sockets may not be gone from the server yet.
  const [nameA, nameB] = client.names.map((n) => `${n}${run}`);
  const watch = [...(probe ? [countChannels] : []),
    ...(pauseDraws && client.name === 'duet' ? [pauseDrawsWhileMoving] : [])];
  const a = await newPage(browser, url, `${client.name}-${nameA}`, problems, { watch });
  // The receiver reads its saved Blob back to check it: the server's Content-Security-Policy
  // (connect-src 'self') would refuse that fetch of a blob: URL, so it is lifted for this
  // tab; nothing the app does depends on it.
  const b = await newPage(browser, url, `${client.name}-${nameB}`, problems,
    { watch: [watchWasmMemory, ...watch], options: { bypassCSP: true } });
  try {
    b.cdp = await b.context.newCDPSession(b.page);
    await watchWorkers(browser, b);
    await client.signIn(a, nameA);
    await client.signIn(b, nameB);
    await client.call(a, b, nameB);
    await sleep(1000);
    const r = await transferOnce(client, a, b, data, transferLimitMs(data.size));
    const m = r.memory;
    const grew = (k) => mib(m.peak[k] - m.base[k]);
    log(`${client.name} run ${run}: ${(data.size / 1e6).toFixed(0)} MB in ${r.seconds.toFixed(2)} s = ` +
      `${r.mbPerS.toFixed(1)} MB/s (${r.slowSeconds.toFixed(2)} s under 1 MB/s; ` +
      `${r.movingMbPerS?.toFixed(1) ?? '-'} MB/s over the rest); receiver's peak growth ${grew('total')} MiB (JS heap ${grew('js')}, ` +
      `ArrayBuffers ${grew('buffers')}, Blink ${grew('blink')}, wasm ${grew('wasm')}, ` +
      `workers ${grew('workers')}; ${m.samples} samples); ` +
      `partner's video frames shown a second ${r.video.shown.join(' and ')}` +
      (r.video.drawn ? `, frames drawn ${r.video.drawn.join(' and ')}, uploads ` +
        `${r.video.uploads.join(' and ')} (remote ${r.video.remoteUploads.join(' and ')})` : '') +
      ' (sender and receiver); ' +
      `load ${os.loadavg()[0].toFixed(1)}`);
    return { result: r, limits: await client.limits(b) };
  } finally {
    await a.context.close().catch(() => {});
    await b.context.close().catch(() => {});
    await b.workers?.cdp.detach().catch(() => {});
  }
}

function figuresOf(name, s) {
  const growth = (r, k) => r.memory.peak[k] - r.memory.base[k];
  const worst = (k) => Math.max(...s.results.map((r) => growth(r, k)));
  // What the receiving page may hold: the chunks it keeps before a fold, or what the sender
  // may have in flight, whichever is larger.
  const window = Math.max(s.limits.foldBytes, s.limits.highWater);
  const f = {
    [`${name}_mb_per_s`]: round(median(s.results.map((r) => r.mbPerS)), 1),
    [`${name}_mb_per_s_runs`]: s.results.map((r) => r.mbPerS.toFixed(1)).join(' '),
    [`${name}_slow_seconds_runs`]: s.results.map((r) => r.slowSeconds.toFixed(2)).join(' '),
    [`${name}_moving_mb_per_s`]: round(median(s.results.map((r) => r.movingMbPerS ?? 0)), 1),
    [`${name}_moving_mb_per_s_runs`]: s.results.map((r) => r.movingMbPerS?.toFixed(1) ?? '-').join(' '),
    [`${name}_receiver_peak_growth_mib`]: mib(worst('total')),
    [`${name}_receiver_peak_growth_mib_runs`]: s.results.map((r) => mib(growth(r, 'total'))).join(' '),
    [`${name}_receiver_peak_growth_parts_mib`]: `JS heap ${mib(worst('js'))}, ArrayBuffers ${mib(worst('buffers'))}, ` +
      `Blink heap ${mib(worst('blink'))}, wasm memory ${mib(worst('wasm'))}, ` +
      `workers' heaps ${mib(worst('workers'))}`,
    [`${name}_chunk_window_mib`]: mib(window),
    [`${name}_partner_frames_shown_per_s_runs`]:
      s.results.map((r) => r.video.shown.join('/')).join(' '),
    ...(s.results[0]?.video.drawn ? {
      [`${name}_frames_drawn_per_s_runs`]: s.results.map((r) => r.video.drawn.join('/')).join(' '),
    } : {}),
    [`${name}_limits`]: `${s.limits.written ? 'as written in its file_transfer.js: ' : ''}chunks ` +
      `${s.limits.chunkBytes} B read ${s.limits.readBytes} B at a time, bufferedAmount up to ` +
      `${mib(s.limits.highWater)} MiB, fold every ${mib(s.limits.foldBytes)} MiB`,
  };
  return f;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  collectFirst = !!opts.collect;
  pauseDraws = !!opts.pauseDraws;
  const started = Date.now();
  const figures = {};
  const failures = [];
  const problems = [];
  let browser = null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-transfer-'));
  const servers = [];
  const limitMs = 120_000 + 2 * opts.runs * (transferLimitMs(opts.mb * 1e6) + 60_000);
  const watchdog = setTimeout(() => {
    log(`giving up after ${Math.round(limitMs / 1000)} s`);
    stopAllServers();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }, limitMs);
  try {
    log(`writing ${opts.mb} MB of random bytes`);
    const data = makeFile(dir, opts.mb);
    figures.file_bytes = data.size;
    // The plain page from its own web root, through a second server of the same binary.
    const plainRoot = path.join(dir, 'plain');
    fs.mkdirSync(plainRoot);
    for (const f of ['plain_client.html', 'plain_client.js', 'plain_transfer.js']) {
      fs.copyFileSync(path.join(here, f), path.join(plainRoot, f));
    }
    const duetServer = await startServer(opts.server, opts.webRoot);
    const plainServer = await startServer(opts.server, plainRoot);
    servers.push(duetServer, plainServer);
    browser = await launchBrowser({ gpuCompositing: !!opts.gpuCompositing });
    if (opts.probe) probe = { browser, dir: opts.probe };
    figures.browser = `Chromium ${browser.version()}`;
    figures.load_average_1min_at_start = round(os.loadavg()[0], 2);
    // Each pair alone in the browser (its own call, then hung up by closing its pages), the
    // two taking turns one transfer at a time, so a change in the machine's load falls on both.
    const clients = [[plainClient, plainServer.origin], [duetClient, duetServer.origin]]
      .filter(([c]) => !opts.only || opts.only === c.name);
    const done = new Map(clients.map(([c]) => [c, { results: [], limits: null }]));
    for (let i = 0; i < opts.runs; i++) {
      for (const [client, origin] of clients) {
        const d = done.get(client);
        if (d.failed) continue;
        try {
          const s = await session(browser, origin, client, data, problems, i + 1);
          d.results.push(s.result);
          d.limits = s.limits;
        } catch (error) {
          d.failed = true;
          failures.push(`${client.name}: ${error.message.split('\n')[0]}`);
          log(`${client.name} failed:`, error.stack || error);
        }
      }
    }
    for (const [client, d] of done) {
      if (!d.failed) Object.assign(figures, figuresOf(client.name, d));
    }
    figures.load_average_1min_at_end = round(os.loadavg()[0], 2);
  } catch (error) {
    failures.push(error.message.split('\n')[0]);
    log(error.stack || error);
  } finally {
    if (browser) await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
    for (const s of servers) await stopServer(s.child);
    fs.rmSync(dir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
  if (typeof figures.duet_mb_per_s === 'number' && typeof figures.plain_mb_per_s === 'number') {
    figures.ratio_duet_to_plain = round(figures.duet_mb_per_s / figures.plain_mb_per_s, 3);
    if (figures.plain_moving_mb_per_s > 0) {
      figures.ratio_duet_to_plain_moving = round(figures.duet_moving_mb_per_s /
        figures.plain_moving_mb_per_s, 3);
    }
  }
  figures.runs_per_client = opts.runs;
  if (opts.collect) figures.garbage_collected_before_each_sample = 'yes (--collect: rates are not comparable)';
  if (opts.pauseDraws) figures.draws_paused_while_moving = 'yes (--pause-draws: a diagnosis, not the benchmark)';
  if (opts.gpuCompositing) figures.gpu_compositing = 'yes (--gpu-compositing: a diagnosis, not the benchmark)';
  figures.run_seconds = round((Date.now() - started) / 1000);
  if (problems.length) log('page problems:\n  ' + problems.join('\n  '));
  if (problems.length) figures.page_problems = problems.length;
  if (failures.length) figures.failures = failures.join('; ');
  figures.targets = {
    ratio_duet_to_plain: '>= 0.8',
    duet_receiver_peak_growth_mib: 'under 2x the chunk window (duet_chunk_window_mib)',
  };
  figures.met = {};
  if ('ratio_duet_to_plain' in figures) figures.met.ratio_duet_to_plain = figures.ratio_duet_to_plain >= 0.8 ? 'yes' : 'no';
  if ('duet_receiver_peak_growth_mib' in figures) {
    figures.met.duet_receiver_peak_growth_mib =
      figures.duet_receiver_peak_growth_mib < 2 * figures.duet_chunk_window_mib ? 'yes' : 'no';
  }
  console.log(JSON.stringify(figures));
  if (failures.length) {
    log(`FAILED: ${figures.failures}`);
    process.exitCode = 1;
  }
}

main();
