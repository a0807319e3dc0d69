// Where a file transfer's time goes (file_transfer.mjs --probe DIR): a diagnosis, not the
// benchmark. Counts kept in both pages by an observation-only init script (the file
// channel's sends, how many leave in one synchronous run, its messages, the time each
// message handler takes, bufferedamountlow events, animation frames), a Chromium trace of
// the first seconds after Accept file (both pages' renderers), and a CPU profile of each
// page over the same seconds. The trace and profiles are written to DIR (open them in
// DevTools' Performance panel); a summary of each page's main thread goes to stderr and
// DIR/summary.json. Nothing here changes what the pages do, though tracing slows them.
import fs from 'node:fs';
import path from 'node:path';

// Installed before any page script. The file channel is the data channel labelled
// "duet-file" (Duet) or "plain-files" (the plain page).
export function countChannels() {
  const c = { sends: 0, sentBytes: 0, bursts: 0, biggestBurst: 0, messages: 0, handlerMs: 0,
    handlerMaxMs: 0, gaps: [], lowEvents: 0, frames: 0, frameMs: 0, last: 0 };
  Object.defineProperty(window, Symbol.for('duet-bench.channel'), { value: c });
  let burst = 0;
  const nativeCreate = RTCPeerConnection.prototype.createDataChannel;
  RTCPeerConnection.prototype.createDataChannel = function (label, ...rest) {
    const dc = nativeCreate.call(this, label, ...rest);
    if (label !== 'duet-file' && label !== 'plain-files') return dc;
    const send = dc.send.bind(dc);
    dc.send = (data) => {
      if (typeof data !== 'string') {
        c.sends++;
        c.sentBytes += data.byteLength;
        if (burst++ === 0) {
          queueMicrotask(() => {
            c.bursts++;
            c.biggestBurst = Math.max(c.biggestBurst, burst);
            burst = 0;
          });
        }
      }
      return send(data);
    };
    const wrap = (name, onCall) => {
      const d = Object.getOwnPropertyDescriptor(RTCDataChannel.prototype, name);
      let user = null;
      Object.defineProperty(dc, name, {
        get: () => user,
        set: (f) => {
          user = f;
          d.set.call(dc, f ? (ev) => onCall(f, ev) : null);
        },
      });
    };
    wrap('onmessage', (f, ev) => {
      if (typeof ev.data === 'string') return f(ev);
      const t0 = performance.now();
      if (c.last) c.gaps.push(t0 - c.last);
      if (c.gaps.length > 20000) c.gaps.splice(0, 10000);
      c.last = t0;
      try { return f(ev); } finally {
        const d = performance.now() - t0;
        c.messages++;
        c.handlerMs += d;
        c.handlerMaxMs = Math.max(c.handlerMaxMs, d);
      }
    });
    wrap('onbufferedamountlow', (f, ev) => {
      c.lowEvents++;
      return f(ev);
    });
    return dc;
  };
  const nativeRaf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (callback) {
    return nativeRaf.call(window, (time) => {
      const t0 = performance.now();
      try { callback(time); } finally {
        c.frames++;
        c.frameMs += performance.now() - t0;
      }
    });
  };
}

const readCounts = (p) => p.page.evaluate(() => {
  const c = window[Symbol.for('duet-bench.channel')];
  const { gaps, ...rest } = c;
  return { ...rest, gaps: [...gaps] };
});

// The counts' difference over the transfer, per second and per chunk.
function countsBetween(a, b, seconds) {
  const d = (k) => b[k] - a[k];
  const gaps = b.gaps.slice(-Math.max(0, d('messages') - 1)).sort((x, y) => x - y);
  const q = (f) => (gaps.length ? Math.round(gaps[Math.floor(f * (gaps.length - 1))] * 100) / 100 : null);
  const r2 = (x) => Math.round(x * 100) / 100;
  return {
    chunks_sent: d('sends'), chunks_received: d('messages'),
    chunks_per_send_burst: d('bursts') ? r2(d('sends') / d('bursts')) : null,
    biggest_send_burst: b.biggestBurst,
    bufferedamountlow_events: d('lowEvents'),
    frames_per_s: r2(d('frames') / seconds), frame_ms_per_s: r2(d('frameMs') / seconds),
    chunks_received_per_frame: d('frames') ? r2(d('messages') / d('frames')) : null,
    chunks_sent_per_frame: d('frames') ? r2(d('sends') / d('frames')) : null,
    handler_ms_per_chunk: d('messages') ? r2(d('handlerMs') / d('messages')) : null,
    handler_max_ms: r2(b.handlerMaxMs),
    gap_ms_between_chunks: { median: q(0.5), p90: q(0.9), p99: q(0.99) },
  };
}

// Main-thread time of one renderer by what each task ran under the scheduler's wrappers: a
// name, and for an event dispatch its type ("EventDispatch message").
const wrappers = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'SimpleWatcher::OnHandleReady',
  'Receive mojo message']);

// --pause-draws (a diagnosis, not the benchmark): installed before any page script, it
// holds each animation frame of the page for a second while the page shows a file moving, so
// Duet's pages draw about once a second instead of at every partner frame (the camera frames
// are still uploaded). What is left of the gap to the plain page is then what the draws do
// not explain (docs/file_transfer_rate.md, "What the draws cost"). Nothing else is changed.
export function pauseDrawsWhileMoving() {
  const native = window.requestAnimationFrame.bind(window);
  const moving = () => (window.duet?.transfers ?? []).some((t) => t.state === 'active');
  window.requestAnimationFrame = (callback) => (moving()
    ? setTimeout(() => native(callback), 1000) : native(callback));
}

export function mainThreadSummary(events, pid, seconds) {
  const tids = new Set(events.filter((e) => e.pid === pid && e.ph === 'M' && e.name === 'thread_name' &&
    e.args?.name === 'CrRendererMain').map((e) => e.tid));
  const xs = events.filter((e) => e.pid === pid && tids.has(e.tid) && e.ph === 'X' && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const byName = new Map();
  let busy = 0;
  const stack = [];  // [event, counted below]
  for (const e of xs) {
    while (stack.length && stack.at(-1)[0].ts + stack.at(-1)[0].dur <= e.ts) stack.pop();
    if (stack.length === 0) busy += e.dur;
    const counted = stack.length > 0 && stack.at(-1)[1];
    if (!counted && !wrappers.has(e.name)) {
      let name = e.name;
      if (name === 'EventDispatch') name += ` ${e.args?.data?.type ?? ''}`;
      if (name === 'FunctionCall') name += ` ${e.args?.data?.functionName || '(anonymous)'}`;
      const s = byName.get(name) ?? { ms: 0, count: 0 };
      s.ms += e.dur / 1000;
      s.count++;
      byName.set(name, s);
    }
    stack.push([e, counted || !wrappers.has(e.name)]);
  }
  const top = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)
    .map(([name, s]) => `${name}: ${Math.round(s.ms)} ms in ${s.count}`);
  return { busy_ms_per_s: Math.round(busy / 1000 / seconds), top };
}

// Self time by function over a CPU profile, the largest first.
function profileSummary(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas ?? [];
  profile.samples?.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || '(anonymous)'} ${path.basename(f.url || '')}`.trim();
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, ms]) => `${n}: ${Math.round(ms)} ms`);
}

const categories = ['devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing',
  'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

// Starts at the press on Accept file; returns a function to call when `seconds` have passed
// (or the transfer is over), which stops everything and writes what it found.
export async function startProbe(browser, pages, dir, label) {
  fs.mkdirSync(dir, { recursive: true });
  const tracePath = path.join(dir, `${label}-trace.json`);
  await browser.startTracing(undefined, { path: tracePath, categories });
  const started = Date.now();
  const before = [];
  for (const p of pages) {
    p.cdpProbe = await p.context.newCDPSession(p.page);
    await p.cdpProbe.send('Profiler.enable');
    await p.cdpProbe.send('Profiler.setSamplingInterval', { interval: 500 });
    await p.cdpProbe.send('Profiler.start');
    const frame = await p.cdpProbe.send('Page.getFrameTree');
    p.frameId = frame.frameTree.frame.id;
    before.push(await readCounts(p));
  }
  return async () => {
    const seconds = (Date.now() - started) / 1000;
    const out = { label, seconds: Math.round(seconds * 10) / 10, pages: {} };
    const profiles = [];
    for (const [i, p] of pages.entries()) {
      const { profile } = await p.cdpProbe.send('Profiler.stop');
      profiles.push(profile);
      fs.writeFileSync(path.join(dir, `${label}-${p.label}.cpuprofile`), JSON.stringify(profile));
      out.pages[p.label] = { counts: countsBetween(before[i], await readCounts(p), seconds),
        cpu_self_time: profileSummary(profile) };
    }
    await browser.stopTracing();
    const trace = JSON.parse(fs.readFileSync(tracePath, 'utf8'));
    const events = trace.traceEvents ?? trace;
    for (const p of pages) {
      // The renderer that ran the page: its events name the page's main frame.
      const e = events.find((x) => x.args?.data?.frame === p.frameId || x.args?.frame === p.frameId);
      if (e) out.pages[p.label].main_thread = mainThreadSummary(events, e.pid, seconds);
    }
    fs.writeFileSync(path.join(dir, `${label}-summary.json`), JSON.stringify(out, null, 2));
    console.error(`transfer_probe ${label}:`, JSON.stringify(out, null, 2));
    return out;
  };
}
