// Where a call setup's time goes on the pages' main threads, from a Chromium trace of one
// call: how long each page's main thread was busy between the caller's press and its first
// remote frame (the callee's time to answer left out), and on what. A step of the setup
// (a signaling message, a WebRTC operation's result) that arrives while the thread is busy
// waits; the busier the threads, the longer the setup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const categories = ['toplevel', 'blink', 'blink.user_timing', 'cc', 'devtools.timeline',
  'disabled-by-default-devtools.timeline', 'gpu', 'v8.execute'];

// The parts of a main thread's work that tell the C++ client from the plain page. A task's
// time not in any of them is "other" (signaling, WebRTC calls, events, the engine itself).
const parts = [
  ['draws', 'FireAnimationFrame'],  // the app's requestAnimationFrame callbacks: ImGui, GL calls
  ['canvas readback', 'GLES2::ReadPixels'],  // software compositing copies the WebGL canvas out
  ['video uploads', 'VideoFrameCallbackRequesterImpl::ExecuteVideoFrameCallbacks'],
];

// Runs `call` while Chromium traces; `call` returns the names of the marks to find (below).
export async function profileSetup(browser, call) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duet-trace-')), 'trace.json');
  await browser.startTracing(undefined, { path: file, categories });
  let marks;
  try {
    marks = await call();
  } finally {
    await browser.stopTracing();
  }
  try {
    return summarise(JSON.parse(fs.readFileSync(file, 'utf8')), marks);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

// `marks`: { press, first, ringShown, answered } mark names; the caller's page holds press
// and first, the callee's ringShown and answered.
function summarise(trace, marks) {
  const events = trace.traceEvents ?? trace;
  const all = (name) => events.filter((e) => e.name === name && (e.cat ?? '').includes('user_timing'))
    .sort((x, y) => x.ts - y.ts);
  const press = all(marks.press).pop();
  if (!press) return { error: 'no press in the trace' };
  const after = (name, t, samePage) => all(name).find((e) => e.ts >= t &&
    (e.pid === press.pid) === samePage);
  const first = after(marks.first, press.ts, true);
  const ring = after(marks.ringShown, press.ts, false);
  const answered = ring && after(marks.answered, ring.ts, false);
  if (!first || !ring || !answered) return { error: 'marks missing from the trace' };
  const window = [press.ts, first.ts];
  const out = { window_ms: (first.ts - press.ts) / 1000 };
  // The callee's time to answer is left out on both sides: the caller only waits then.
  const gap = [ring.ts, answered.ts];
  for (const [role, mark] of [['caller', press], ['callee', ring]]) {
    const thread = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X');
    // Only what overlaps the window, minus the callee's time to answer.
    const overlap = (e) => {
      let a = Math.max(e.ts, window[0]);
      let b = Math.min(e.ts + e.dur, window[1]);
      if (b <= a) return 0;
      let d = b - a;
      d -= Math.max(0, Math.min(b, gap[1]) - Math.max(a, gap[0]));
      return d;
    };
    const sum = (name) => thread.filter((e) => e.name === name)
      .reduce((s, e) => s + overlap(e), 0) / 1000;
    const busy = sum('ThreadControllerImpl::RunTask');
    const r = { busy_ms: Math.round(busy) };
    let known = 0;
    for (const [label, name] of parts) {
      const v = sum(name);
      known += v;
      r[`${label}_ms`] = Math.round(v);
    }
    r.other_ms = Math.round(Math.max(0, busy - known));
    r.top = selfTimes(thread, overlap).slice(0, 5)
      .map(([name, us]) => `${name} ${Math.round(us / 1000)}`).join(', ');
    out[role] = r;
  }
  out.callee_answer_excluded_ms = Math.round((answered.ts - ring.ts) / 1000);
  return out;
}

// Time in each kind of event less the time in the events nested in it, largest first.
function selfTimes(thread, overlap) {
  const inside = thread.filter((e) => overlap(e) > 0).sort((x, y) => x.ts - y.ts || y.dur - x.dur);
  const self = new Map();
  const stack = [];
  for (const e of inside) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    self.set(e.name, (self.get(e.name) ?? 0) + overlap(e));
    if (parent) self.set(parent.name, self.get(parent.name) - overlap(e));
    stack.push(e);
  }
  return [...self].filter(([name]) => name !== 'ThreadControllerImpl::RunTask')
    .sort((x, y) => y[1] - x[1]);
}

// "caller busy 120 ms (draws 40, canvas readback 50, ...); callee ..." for the table.
export function describeProfile(p) {
  if (!p || p.error) return p?.error ?? 'n/a';
  const side = (r) => `busy ${r.busy_ms} ms (` + parts.map(([label]) =>
    `${label} ${r[`${label}_ms`]}`).join(', ') + `, other ${r.other_ms}; most time in: ${r.top})`;
  return `caller ${side(p.caller)}; callee ${side(p.callee)}; over ${Math.round(p.window_ms)} ms ` +
    `less the callee's ${p.callee_answer_excluded_ms} ms to answer`;
}
