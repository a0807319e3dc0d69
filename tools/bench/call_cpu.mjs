// What a call costs the machine while nobody touches it: two Duet pages in one headless
// Chromium (software WebGL, fake camera) in a call, then for SECONDS the frames each page
// drew and the CPU of every Chromium thread, read from /proc (so Linux only), grouped by
// process kind and thread name. The figure it is for: the GPU process's CPU per drawn frame
// (SwiftShader's threads, where WebGL is drawn without a GPU), which is what the app's draws
// cost (docs/architecture.md, "Client frame loop").
//
// Usage: node call_cpu.mjs SERVER_BINARY WEB_ROOT [SECONDS] [WIDTHxHEIGHT]
// Prints a table to stderr and one JSON line to stdout.
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { startServer, stopServer } from './bench_server.mjs';
import { statCpuMs } from './process_probe.mjs';
import { clickWidget, cppSignIn, launchBrowser, newPage, typeText, waitFor } from './client_pages.mjs';

// CPU milliseconds by "process-kind/thread" over every Chromium process: SwiftShader's worker
// threads (Thread<00>, ...) counted as one.
function cpuByThread() {
  const out = {};
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let cmd;
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (!/chrom/.test(cmd.split(' ')[0])) continue;
    let kind = (cmd.match(/--type=(\S+)/) ?? [null, 'browser'])[1];
    if (kind === 'utility') kind = (cmd.match(/--utility-sub-type=\S*\.(\w+)/) ?? [null, 'utility'])[1];
    let tids = [];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        let name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'latin1').trim();
        if (/^Thread<\d+>$/.test(name)) name = 'SwiftShader';
        const k = `${kind}/${name}`;
        out[k] = (out[k] ?? 0) + statCpuMs(`/proc/${pid}/task/${tid}/stat`);
      } catch {}
    }
  }
  return out;
}

const [server, webRoot, secondsArg = '10', size = '800x600'] = process.argv.slice(2);
if (!server || !webRoot) {
  console.error('usage: node call_cpu.mjs SERVER_BINARY WEB_ROOT [SECONDS] [WIDTHxHEIGHT]');
  process.exit(2);
}
const seconds = Number(secondsArg);
const [width, height] = size.split('x').map(Number);
const s = await startServer(server, webRoot);
const browser = await launchBrowser();
const problems = [];
const frames = (p) => p.page.evaluate(() => window.duet.framesRendered);
try {
  const options = { options: { viewport: { width, height } } };
  const a = await newPage(browser, `${s.origin}/`, 'caller', problems, options);
  const b = await newPage(browser, `${s.origin}/`, 'callee', problems, options);
  await cppSignIn(a, 'alice');
  await cppSignIn(b, 'bob');
  await clickWidget(a, 'username to call');
  await sleep(100);
  await typeText(a, 'bob', { clear: true });
  await clickWidget(a, 'Call');
  await waitFor(b, () => window.duet?.callState === 'ringing_in', null, 'the callee ringing');
  await clickWidget(b, 'Accept');
  for (const p of [a, b]) {
    await waitFor(p, () => window.duet?.callState === 'in_call', null, 'the call up', 20_000);
  }
  await sleep(4000);  // past the setup's paced draws, the controls faded
  const f0 = await Promise.all([a, b].map(frames));
  const c0 = cpuByThread();
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const c1 = cpuByThread();
  const dt = (Date.now() - t0) / 1000;
  const f1 = await Promise.all([a, b].map(frames));
  const sizes = await a.page.evaluate(() => window.duet.videoSizes);
  const percent = Object.entries(c1)
    .map(([k, v]) => [k, ((v - (c0[k] ?? 0)) / 1000 / dt) * 100])
    .filter(([, v]) => v > 0.05).sort((x, y) => y[1] - x[1]);
  const total = percent.reduce((sum, [, v]) => sum + v, 0);
  const fps = [0, 1].map((i) => (f1[i] - f0[i]) / dt);
  const drawn = fps[0] + fps[1];
  const of = (k) => percent.find(([name]) => name === k)?.[1] ?? 0;
  const swiftshader = of('gpu-process/SwiftShader');
  const main = of('renderer/chromium');
  const r = {
    viewport: size,
    seconds: Math.round(dt * 10) / 10,
    cores: os.cpus().length,
    fps_caller: Math.round(fps[0] * 10) / 10,
    fps_callee: Math.round(fps[1] * 10) / 10,
    cpu_percent_all_chromium: Math.round(total),
    cpu_percent_swiftshader: Math.round(swiftshader * 10) / 10,
    cpu_percent_renderer_main_threads: Math.round(main * 10) / 10,
    swiftshader_ms_per_drawn_frame: drawn > 0 ? Math.round((swiftshader * 10) / drawn * 10) / 10 : null,
    renderer_main_ms_per_drawn_frame: drawn > 0 ? Math.round((main * 10) / drawn * 10) / 10 : null,
    video_sizes: sizes ? `local ${sizes.local.join('x')}, remote ${sizes.remote.join('x')}` : 'not published',
    load_average_1min: Math.round(os.loadavg()[0] * 100) / 100,
  };
  console.error(`call_cpu: ${size}, ${r.seconds} s: ${r.fps_caller} and ${r.fps_callee} frames/s; ` +
    `all of Chromium ${r.cpu_percent_all_chromium}% of one core`);
  for (const [k, v] of percent.slice(0, 12)) console.error(`  ${v.toFixed(1).padStart(6)}%  ${k}`);
  if (problems.length) r.page_problems = problems.length;
  console.log(JSON.stringify(r));
} finally {
  await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
  await stopServer(s.child);
}
