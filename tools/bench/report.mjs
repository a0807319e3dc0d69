// Turns the JSON lines of tools/bench.sh into BENCHMARKS.md: figures, ratios to the node
// baseline and the yardstick, the targets, the server's CPU use, the profile of where Duet's
// time goes, the browser client, file transfer, and the machine.
// Usage: node report.mjs server.jsonl client.json "command" [profile.json] [bundle.jsonl]
//        [transfer.json] [idle.jsonl] [cluster_relay.txt] [login_redis.txt] [presence.txt]
// (idle to login_redis: the scale sections of scale_report.mjs; presence.txt:
// presence_report.mjs)
import { readFileSync } from 'node:fs';
import os from 'node:os';

import { presenceSection } from './presence_report.mjs';
import { scaleSections } from './scale_report.mjs';
import { readTransfer, transferSection } from './transfer_report.mjs';

const [serverFile, clientFile, command, profileFile] = process.argv.slice(2);
const rows = readFileSync(serverFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
let client = {};
try { client = JSON.parse(readFileSync(clientFile, 'utf8').trim().split('\n').pop()); } catch { }
let profile = {};
try { profile = JSON.parse(readFileSync(profileFile, 'utf8')); } catch { }

const pick = (server, scenario, pred = () => true) =>
  rows.find((r) => r.server === server && r.scenario === scenario && pred(r)) ?? {};
const servers = [...new Set(rows.map((r) => r.server))];
const f = (x, digits = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? (a / b).toFixed(2) + 'x' : 'n/a');

const metrics = {};
for (const s of servers) {
  const conn = pick(s, 'connect');
  const big = pick(s, 'relay', (r) => r.pairs === 100);
  const small = pick(s, 'relay', (r) => r.pairs === 10);
  const calls = pick(s, 'calls');
  metrics[s] = {
    conn_per_s: conn.connections_per_s,
    bytes_per_conn: conn.bytes_per_connection,
    rss_before: conn.server_rss_before_kib,
    rss_loaded: conn.server_rss_loaded_kib,
    rss_after: conn.server_rss_after_close_kib,
    relay_100x4: big.messages_per_s,
    p50_10x1: small.rtt_p50_ms,
    p99_10x1: small.rtt_p99_ms,
    p999_10x1: small.rtt_p999_ms,
    calls_per_s: calls.calls_per_s,
    cpu_100x4: big.server_cpu,
    cpu_10x1: small.server_cpu,
  };
}
// "0.97 cores (38% system); threads 0.49 + 0.48"
const cpu = (c) => {
  if (!c || typeof c.cores_busy !== 'number') return 'n/a';
  const busy = c.user_s + c.system_s;
  const sys = busy > 0 ? Math.round((100 * c.system_s) / busy) : 0;
  const threads = (c.threads_busy ?? []).length > 1 ? `; threads ${c.threads_busy.map((t) => t.toFixed(2)).join(' + ')}` : '';
  return `${c.cores_busy.toFixed(2)} cores (${sys}% in the kernel)${threads}`;
};

const base = metrics.node ?? {};
const yard = metrics.yardstick ?? {};
const duet = metrics['duet-1-thread'] ?? {};

const out = [];
out.push('# Benchmarks', '');
out.push(`Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ` +
  `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}. ` +
  `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 10)}; every figure below ` +
  'comes from that one run (servers one after another, the server pinned to core 0 and ' +
  'duet-loadgen to core 1, except for the two-thread run, which uses both). ' +
  `Load average (1, 5, 15 min) when it started: ${process.env.BENCH_LOAD_BEFORE ?? 'not recorded'}; ` +
  'other work on the machine shows up as noise in the timings, not in the instruction counts of the profile.', '');
out.push('## Signaling server', '');
out.push('| server | connections/s | bytes per idle connection | RSS before / 10k / after (KiB) | relay msg/s 100x4 | p50 / p99 / p99.9 ms 10x1 | calls/s 10 pairs |');
out.push('|---|---|---|---|---|---|---|');
for (const s of servers) {
  const m = metrics[s];
  out.push(`| ${s} | ${f(m.conn_per_s)} | ${f(m.bytes_per_conn)} | ${f(m.rss_before)} / ${f(m.rss_loaded)} / ${f(m.rss_after)} | ${f(m.relay_100x4)} | ${f(m.p50_10x1, 3)} / ${f(m.p99_10x1, 3)} / ${f(m.p999_10x1, 3)} | ${f(m.calls_per_s)} |`);
}
out.push('', 'Server CPU over each measured window, from /proc (1.00 cores = one core busy all the time):', '');
out.push('| server | relay 100x4 | relay 10x1 |');
out.push('|---|---|---|');
for (const s of servers) out.push(`| ${s} | ${cpu(metrics[s].cpu_100x4)} | ${cpu(metrics[s].cpu_10x1)} |`);
out.push('', '### Ratios (Duet, one thread)', '');
out.push('| figure | vs node baseline | vs yardstick | target | met |');
out.push('|---|---|---|---|---|');
const relayVsBase = duet.relay_100x4 / base.relay_100x4;
const relayVsYard = duet.relay_100x4 / yard.relay_100x4;
const p99VsBase = duet.p99_10x1 / base.p99_10x1;
const yes = (b) => (b ? 'yes' : '**no**');
out.push(`| relay throughput 100x4 | ${ratio(duet.relay_100x4, base.relay_100x4)} | ${ratio(duet.relay_100x4, yard.relay_100x4)} | >= 2x baseline and >= 0.90x yardstick | ${yes(relayVsBase >= 2 && relayVsYard >= 0.9)} |`);
out.push(`| relay p99 10x1 | ${ratio(duet.p99_10x1, base.p99_10x1)} | ${ratio(duet.p99_10x1, yard.p99_10x1)} | <= 0.25x baseline and < 0.5 ms | ${yes(p99VsBase <= 0.25 && duet.p99_10x1 < 0.5)} |`);
out.push(`| memory per idle connection | ${ratio(duet.bytes_per_conn, base.bytes_per_conn)} | ${ratio(duet.bytes_per_conn, yard.bytes_per_conn)} | <= 4096 bytes, below both | ${yes(duet.bytes_per_conn <= 4096 && duet.bytes_per_conn < base.bytes_per_conn && duet.bytes_per_conn < yard.bytes_per_conn)} |`);
out.push(`| memory after everyone left | ${f(duet.rss_after)} KiB vs ${f(duet.rss_before)} KiB before | | near baseline | ${yes(duet.rss_after - duet.rss_before < 0.25 * (duet.rss_loaded - duet.rss_before))} |`);
out.push(`| call setups/s | ${ratio(duet.calls_per_s, base.calls_per_s)} | ${ratio(duet.calls_per_s, yard.calls_per_s)} | | |`);
const met = {
  relay: relayVsBase >= 2 && relayVsYard >= 0.9,
  p99: p99VsBase <= 0.25 && duet.p99_10x1 < 0.5,
};
if (metrics['duet-2-threads']) {
  const two = metrics['duet-2-threads'];
  const threads = two.cpu_100x4?.threads_busy ?? [];
  const both = threads.filter((t) => t >= 0.2).length >= 2;
  out.push(`| relay 100x4, 2 threads vs 1 | ${ratio(two.relay_100x4, duet.relay_100x4)} | | uses both cores (two threads each >= 0.20 busy): ${threads.map((t) => t.toFixed(2)).join(' + ') || 'n/a'} | ${yes(both)} |`);
}
out.push('', '### Where the time goes', '');
const shapes = Object.keys(profile).filter((k) => profile[k]?.instructions_per_message);
if (shapes.length === 0) {
  out.push('No profile in this run (valgrind was not available).');
} else {
  out.push('duet-server (one thread) under callgrind, driven like the timed relay runs above: the instructions of its own ' +
    'per relayed message, by part. Instruction counts do not depend on the load of the machine. The kernel\'s work is not ' +
    'among them: the system calls per message are, and the share of the CPU spent in the kernel is in the CPU table above. ' +
    'Under callgrind the server runs some fifty times slower, so fewer messages reach it together than in the timed runs ' +
    'and fewer are sent in one system call: the counts per message at 100x4 are an upper bound.', '');
  out.push(`| per relayed message | ${shapes.map((k) => `relay ${k}`).join(' | ')} |`);
  out.push(`|---|${shapes.map(() => '---').join('|')}|`);
  const row = (label, get) => out.push(`| ${label} | ${shapes.map((k) => get(profile[k])).join(' | ')} |`);
  const part = (key) => (p) => {
    const ipm = p.instructions_per_message;
    return `${ipm[key]} (${Math.round((100 * ipm[key]) / ipm.event_loop)}%)`;
  };
  row('decode (`relay_text::decode`: one validating scan for a relay, `protocol::to_server::decode`\'s JSON tree for the rest)', part('json_decode'));
  row('encode (`protocol::to_client::encode`: the relayed payload spliced in as text)', part('json_encode'));
  row('signaling rules, registry, rate limit (rest of `signaling_handler::on_message`)', part('signaling_rules_other'));
  row('WebSocket (Beast), Asio, session, batching', part('websocket_asio_session'));
  row('instructions in all', (p) => p.instructions_per_message.event_loop);
  row('sendmsg / recvmsg / epoll_wait calls', (p) => {
    const sc = p.syscalls_per_message;
    return `${sc.sendmsg} / ${sc.recvmsg} / ${sc.epoll_wait}`;
  });
  row('messages profiled', (p) => p.relayed_messages);
  const first = profile[shapes[0]];
  out.push('', `Functions with the most instructions of their own (relay ${shapes[0]}):`, '');
  out.push('| function | share |', '|---|---|');
  for (const t of first.top_self ?? []) out.push(`| \`${t.function.replace(/\|/g, '\\|')}\` | ${(100 * t.share).toFixed(1)}% |`);

  // Why an unmet target is unmet, from the figures of this run.
  const kernel = (c) => (c && c.user_s + c.system_s > 0 ? c.system_s / (c.user_s + c.system_s) : null);
  const why = (label, shape, cpuOf) => {
    const p = profile[shape];
    if (!p) return;
    const ipm = p.instructions_per_message;
    const sc = p.syscalls_per_message;
    const k = kernel(cpuOf);
    const json = (ipm.json_decode + ipm.json_encode) / ipm.event_loop;
    out.push('', `**${label} (not met).** ` +
      (k === null ? '' : `The server was the busy end, at ${cpuOf.cores_busy.toFixed(2)} cores, ${Math.round(100 * k)}% ` +
        `of that in the kernel: per relayed message ${sc.sendmsg} sendmsg, ${sc.recvmsg} recvmsg and ` +
        `${sc.epoll_wait} epoll_wait calls. `) +
      `Its own instructions per relayed message: ${ipm.event_loop}, ${Math.round(100 * json)}% of them to decode and ` +
      'encode (the payload is checked in one pass and passed on as the sender\'s text: `common/text/json_scan.cpp`, ' +
      '`server/signaling/relay_text.cpp`), the rest the rules, Beast and Asio. On loopback a send also runs the receiving side of ' +
      'TCP inside the sender\'s system call, so most of what is left is the kernel\'s, and the same for every server here.');
    if (shape === '10x1') {
      out.push('', 'With one message in flight per pair nothing can be batched: each relay is its own send and receive, the ' +
        'receive preceded by one that finds nothing (Asio reads speculatively). The ten round trips in flight queue at the ' +
        'server, so the round-trip time is about twenty times the server\'s time per message. ' +
        `The yardstick, which does nothing but parse, look up and send, had ${ratio(yard.p99_10x1, base.p99_10x1)} ` +
        'of the baseline\'s p99 in this run.');
    }
  };
  if (!met.relay) why('Relay throughput 100x4', '100x4', duet.cpu_100x4);
  if (!met.p99) why('Relay p99 10x1', '10x1', duet.cpu_10x1);
}
// The bundle under each build choice, from the JSON lines of tools/bench/bundle_variants.sh
// (report.mjs's fifth argument): what the shipped optimisation level is measured against.
function bundleChoices(file) {
  let rows = [];
  try {
    rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((l) => {
      try { return [JSON.parse(l)]; } catch { return []; }
    });
  } catch { }
  out.push('**Bundle build choices** (`tools/bench/bundle_variants.sh`: a clean build of the client per choice, ' +
    'gzip -9 as the server\'s precompressed copies; the total is everything a first visit downloads).', '');
  if (rows.length === 0) {
    out.push('Not measured in this run.', '');
    return;
  }
  out.push('| variant | wasm raw / gzip bytes | JS gzip bytes | total gzip bytes | build s | shipped |', '|---|---|---|---|---|---|');
  for (const r of rows) {
    const shipped = r.shipped ? 'yes' : '';
    if (r.error) out.push(`| ${r.variant} | not built: ${String(r.error).replace(/\|/g, '\\|')} | | | ${f(r.build_seconds, 1)} | ${shipped} |`);
    else out.push(`| ${r.variant} | ${f(r.wasm_bytes)} / ${f(r.wasm_gzip_bytes)} | ${f(r.js_gzip_bytes)} | ${f(r.total_gzip_bytes)} | ${f(r.build_seconds, 1)} | ${shipped} |`);
  }
  const built = rows.filter((r) => !r.error && typeof r.total_gzip_bytes === 'number');
  const shipped = built.find((r) => r.shipped);
  const smallest = built.reduce((a, r) => (!a || r.total_gzip_bytes < a.total_gzip_bytes ? r : a), null);
  if (shipped && smallest === shipped) {
    const next = built.filter((r) => r !== shipped).sort((a, b) => a.total_gzip_bytes - b.total_gzip_bytes)[0];
    out.push('', `The shipped ${shipped.variant} gave the smallest download of the choices built: ` +
      `${shipped.total_gzip_bytes} bytes gzip in all` +
      (next ? `, ${next.total_gzip_bytes - shipped.total_gzip_bytes} fewer than ${next.variant}` : '') + '.');
  } else if (shipped && smallest) {
    out.push('', `${smallest.variant} gave the smallest download in this run, ${smallest.total_gzip_bytes} bytes gzip in all, ` +
      `${shipped.total_gzip_bytes - smallest.total_gzip_bytes} fewer than the shipped ${shipped.variant}.`);
  }
  out.push('');
}
// Issue 14's scale figures: one node's 100,000 idle connections, the relay across nodes, a
// login's cost with Redis.
if (process.argv.length > 8) {
  out.push('', ...scaleSections(process.argv[8], process.argv[9], process.argv[10], duet.bytes_per_conn));
}
if (process.argv[11]) out.push('', ...presenceSection(process.argv[11]));
out.push('', '## Browser client', '');
bundleChoices(process.argv[6]);
if (Object.keys(client).length === 0) {
  out.push('The client benchmark did not produce figures in this run.');
} else {
  out.push('Headless Chromium with the fake camera, on loopback, software GL (`--disable-gpu`); ' +
    'produced by `tools/bench/client_bench.mjs`. Call setup is Call pressed to the first ' +
    'remote frame on the caller, median of the calls after one warm-up; "JS" is the plain-JS ' +
    'page `tools/bench/plain_client.html` making the same calls through the same server. ' +
    'Both callees ring and are answered by the benchmark, which notices the ring over the ' +
    'DevTools protocol and presses Accept as a person would (a 50 ms hover, an 80 ms press); ' +
    'that "time to answer", from the first frame that shows the ring to the press, is the ' +
    'person\'s and not the app\'s, and the `app` rows leave it out. The main-thread rows come ' +
    'from one more call of each kind traced by Chromium (`tools/bench/setup_profile.mjs`): how ' +
    'long each page\'s main thread was busy during the setup, and on what. A signaling message ' +
    'or a WebRTC result that arrives while the thread is busy waits for it.', '');
  // As measured, to at most three decimals: sizes and counts are whole numbers.
  const value = (v) => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toFixed(3)))
    : String(v));
  out.push('| figure | value | target | met |', '|---|---|---|---|');
  for (const [k, v] of Object.entries(client)) {
    if (typeof v === 'object') continue;
    const met = client.met?.[k];
    out.push(`| ${k} | ${value(v)} | ${client.targets?.[k] ?? ''} | ${met ? yes(met === 'yes') : ''} |`);
  }
}
out.push('');
// What an untouched call costs (tools/bench/call_cpu.mjs's JSON line, the twelfth argument).
if (process.argv[12]) {
  const c = readTransfer(process.argv[12]);
  out.push('### A call nobody touches', '');
  if (Object.keys(c).length === 0) {
    out.push('`tools/bench/call_cpu.mjs` did not produce figures in this run.', '');
  } else {
    out.push('Two Duet pages in one headless Chromium (software GL, fake camera) in a call, left alone; ' +
      '`tools/bench/call_cpu.mjs` reads the frames each page drew and the CPU of every Chromium thread ' +
      'from /proc. SwiftShader is where WebGL is drawn without a GPU, so its CPU per drawn frame is what ' +
      'a draw costs (docs/architecture.md, "Client frame loop").', '');
    out.push('| figure | value |', '|---|---|');
    for (const [k, v] of Object.entries(c)) out.push(`| ${k} | ${String(v).replace(/\|/g, '\\|')} |`);
    out.push('');
  }
}
if (process.argv[7]) out.push(...transferSection(readTransfer(process.argv[7])));
process.stdout.write(out.join('\n'));
