// What file_transfer.mjs reads from the receiving tab while a file arrives: its memory by part
// (the JS heap, ArrayBuffers, Blink, wasm memories, its workers' heaps) every 250 ms over the
// DevTools protocol, and its published byte count every 250 ms (slow seconds, the rate while
// moving). Observation only: nothing here changes what the pages do but the time the reads take.
import { setTimeout as sleep } from 'node:timers/promises';

const sample_ms = 250;

// Observation only: the wasm memories the page instantiates (Emscripten exports its own), so
// their size can be read; an ArrayBuffer of wasm memory is not among the heap's figures.
export function watchWasmMemory() {
  const memories = [];
  Object.defineProperty(window, Symbol.for('duet-bench.wasmMemories'), { value: memories });
  const keep = (result) => {
    const instance = result?.instance ?? result;
    for (const v of Object.values(instance?.exports ?? {})) {
      if (v instanceof WebAssembly.Memory && !memories.includes(v)) memories.push(v);
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const native = WebAssembly[name];
    if (native) WebAssembly[name] = (...args) => native.apply(WebAssembly, args).then(keep);
  }
}

// The heaps of the tab's dedicated workers (Duet's file channel lives in one, docs/
// file_transfer.md): the page's own figures leave them out. Read over a browser-wide DevTools
// session, each worker of the tab's browser context attached once (not flattened: playwright's
// sessions route no child sessions), Runtime.getHeapUsage sent through Target.sendMessageToTarget.
async function workerHeapBytes(p) {
  const w = p.workers;
  const { targetInfos } = await w.cdp.send('Target.getTargets');
  let sum = 0;
  for (const t of targetInfos) {
    if (t.type !== 'worker' || t.browserContextId !== w.contextId) continue;
    if (!w.sessions.has(t.targetId)) {
      const { sessionId } = await w.cdp.send('Target.attachToTarget',
        { targetId: t.targetId, flatten: false });
      w.sessions.set(t.targetId, sessionId);
    }
    const id = ++w.nextId;
    const answer = new Promise((resolve) => w.waiting.set(id, resolve));
    await w.cdp.send('Target.sendMessageToTarget', { sessionId: w.sessions.get(t.targetId),
      message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
    const h = await Promise.race([answer, sleep(2000).then(() => null)]);
    w.waiting.delete(id);
    if (h?.result) {
      sum += h.result.usedSize + (h.result.backingStorageSize ?? 0) +
        (h.result.embedderHeapUsedSize ?? 0);
    }
  }
  return sum;
}

export async function watchWorkers(browser, p) {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfo } = await p.cdp.send('Target.getTargetInfo');
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    waiting.get(m.id)?.(m);
  });
  p.workers = { cdp, contextId: targetInfo.browserContextId, sessions: new Map(), nextId: 0,
    waiting };
}

// One sample of the receiving tab: bytes by part, and their sum. `collect` (--collect: a
// diagnosis, not the benchmark, a full collection every sample slows the page): garbage is
// collected first, so the sample is what the page still holds.
export async function memorySample(p, collect = false) {
  if (collect) await p.cdp.send('HeapProfiler.collectGarbage');
  const h = await p.cdp.send('Runtime.getHeapUsage');
  const wasm = await p.page.evaluate(() => (window[Symbol.for('duet-bench.wasmMemories')] ?? [])
    .reduce((sum, m) => sum + m.buffer.byteLength, 0));
  const s = { js: h.usedSize, buffers: h.backingStorageSize ?? 0, blink: h.embedderHeapUsedSize ?? 0,
    wasm, workers: await workerHeapBytes(p) };
  s.total = s.js + s.buffers + s.blink + s.wasm + s.workers;
  return s;
}

// Samples until stopped; returns the pre-transfer level (the mean of `before`) and the peaks.
export function startSampler(p, before, collect = false) {
  const samples = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = Date.now();
      try { samples.push(await memorySample(p, collect)); } catch (e) { log('memory sample failed:', e.message); }
      await sleep(Math.max(0, sample_ms - (Date.now() - t0)));
    }
  })();
  return async () => {
    running = false;
    await done;
    const base = {};
    const peak = {};
    for (const k of ['js', 'buffers', 'blink', 'wasm', 'workers', 'total']) {
      base[k] = before.reduce((s, x) => s + x[k], 0) / before.length;
      peak[k] = Math.max(...samples.map((x) => x[k]));
    }
    return { base, peak, samples: samples.length };
  };
}

// The receiver's byte count every 250 ms until stopped, read from what its page publishes,
// and from it the time in which less than 1 MB a second arrived ("slow"). Why: in this setup a
// transfer of either page may stall for a few seconds near its start (the SCTP association
// recovering from lost packets by its retransmission timer, docs/file_transfer_rate.md), which
// moves a run's rate by a quarter or more; the slow seconds say how much of a run's time was
// that, and the rate over the other seconds is the pages' own.
export function startProgress(readSent) {
  const points = [];
  let failed = null;  // the last read's error: a page busy or gone may miss one, not all
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = Date.now();
      try {
        points.push([Date.now(), await readSent()]);
      } catch (e) {
        failed = e;
      }
      await sleep(Math.max(0, sample_ms - (Date.now() - t0)));
    }
  })();
  return async () => {
    running = false;
    await done;
    if (points.length === 0) throw new Error(`no byte count read from the receiver: ${failed?.message}`);
    // Each sample's interval is slow when the second from its start moved less than 1 MB: a
    // page that publishes its count late (Duet's, while its main thread draws) shows pauses
    // of a few hundred milliseconds that are not the channel's.
    let slowMs = 0;
    for (let i = 0, j = 0; i + 1 < points.length; i++) {
      while (j < points.length - 1 && points[j][0] - points[i][0] < 1000) j++;
      const ms = points[j][0] - points[i][0];
      if (ms > 0 && (points[j][1] - points[i][1]) / ms < 1e6 / 1000) {
        slowMs += points[i + 1][0] - points[i][0];
      }
    }
    return { slowSeconds: slowMs / 1000 };
  };
}
