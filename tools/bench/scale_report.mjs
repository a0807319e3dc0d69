// BENCHMARKS.md's sections on scale (issue 14), from what tools/bench.sh keeps of three of its
// steps: one node holding 100,000 idle connections (duet-loadgen connect's JSON line), the
// relay across nodes (the last JSON line of cluster_relay.mjs) and the cost of a login with
// Redis (the last JSON line of login_redis.mjs). Used by report.mjs; on its own it prints the
// three sections from those files, to check them against a run without a whole bench.sh:
//   node scale_report.mjs idle.jsonl cluster_relay.txt login_redis.txt [BYTES_PER_CONN_10K]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The last line of `file` that is a JSON object (with `bench` equal to `bench` when given),
// or {} when there is none: a step that failed leaves its section saying so.
export function readLastJson(file, bench) {
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{'));
  } catch {
    return {};
  }
  for (const line of lines.reverse()) {
    try {
      const value = JSON.parse(line);
      if (!bench || value.bench === bench) return value;
    } catch { }
  }
  return {};
}

const f = (x, digits = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const yes = (b) => (b ? 'yes' : '**no**');

// `tenK`: bytes per idle connection of the 10,000-connection run of the same server, if any.
export function idleSection(r, tenK) {
  const out = ['## One node, 100,000 idle connections', ''];
  if (typeof r.connections !== 'number') return [...out, 'Not measured in this run.', ''];
  const wanted = r.wanted ?? 100000;
  out.push('One duet-server thread on core 0 (the limits raised as for the runs above) and `duet-loadgen connect ' +
    `--connections ${r.connections} --source-addresses ${r.source_addresses} --hold ${r.hold_seconds ?? 0}\` on core 1: ` +
    'each client opens a WebSocket and signs in (200 handshakes in flight), from 127.0.0.1 to ' +
    `127.0.0.${r.source_addresses} in turn (one address has about 28,000 ephemeral ports for one server port; ` +
    'the server counts each address as its own for `--max-connections-per-address`). At the full count all stay ' +
    `idle for ${r.hold_seconds ?? 0} s (past the server's 15 s idle timeout, so its pings must be answered), then every ` +
    'connection must answer a ping of the generator\'s. The server pings a connection silent for half its idle timeout ' +
    'and drops it at the first 3.75 s heartbeat past the whole: a client may have under 4 s to answer, so a generator ' +
    'starved that long (its loop\'s worst lateness, below) loses connections that are not the server\'s fault. RSS is the server\'s VmRSS; CPU its utime + stime, from /proc.', '');
  if (r.connections < wanted) {
    out.push(`**Not ${wanted.toLocaleString('en')}: this run held ${r.connections.toLocaleString('en')}.** ` +
      `One process could open only ${Number(r.fd_limit ?? r.server_max_open_files).toLocaleString('en')} descriptors here (the hard limit, which ` +
      'only a process with CAP_SYS_RESOURCE can raise: `ulimit -Hn`); the server and the generator each need one per ' +
      'connection.', '');
  }
  const fl = r.failures ?? {};
  const held = r.hold_seconds > 0
    ? `${r.dropped_while_idle} dropped, ${r.pongs} of ${r.open_after_hold} answered the ping`
    : 'not held';
  out.push('| figure | value |', '|---|---|');
  out.push(`| signed in | ${r.logged_in} of ${r.connections} |`);
  out.push(`| failed (connect / login refused / closed before the answer) | ${r.failed} (${fl.connect ?? 'n/a'} / ` +
    `${fl.login_refused ?? 'n/a'} / ${fl.closed_before_login ?? 'n/a'})${r.first_error ? `: ${String(r.first_error).replace(/\|/g, '\\|')}` : ''} |`);
  out.push(`| closed by the server after signing in, while the others signed in | ${f(r.dropped_while_filling)} |`);
  out.push(`| logins/s over the whole fill | ${f(r.connections_per_s)} (${f(r.seconds, 1)} s) |`);
  out.push(`| server CPU per login | ${f(r.server_cpu_per_login_us)} µs (${f(r.server_cpu_fill_s, 2)} s in all) |`);
  out.push(`| server RSS per connection | ${f(r.bytes_per_connection)} bytes` +
    (typeof tenK === 'number' ? ` (${f(tenK)} at 10,000 above: ${(r.bytes_per_connection / tenK).toFixed(2)}x)` : '') + ' |');
  out.push(`| server RSS before / full / after all left | ${f(r.server_rss_before_kib)} / ${f(r.server_rss_loaded_kib)} / ` +
    `${f(r.server_rss_after_close_kib)} KiB |`);
  out.push(`| idle at the full count, ${f(r.hold_seconds)} s | ${held}; server CPU ${f(r.server_cpu_hold_s, 2)} s |`);
  out.push(`| generator's own RSS; its loop's worst lateness | ${f(r.loadgen_rss_kib)} KiB; ${f(r.loadgen_max_lag_ms)} ms |`);
  const slices = r.slices ?? [];
  if (slices.length > 0) {
    out.push('', 'The fill, slice by slice (does signing in slow down as the node fills?):', '');
    out.push('| signed in | logins/s in the slice | server CPU per login (µs) | server RSS (MiB) |', '|---|---|---|---|');
    for (const s of slices) {
      out.push(`| ${s.logged_in} | ${f(s.logins_per_s)} | ${f(s.server_cpu_per_login_us)} | ${f(s.server_rss_kib / 1024, 1)} |`);
    }
    const cpu = slices.map((s) => s.server_cpu_per_login_us).filter((x) => typeof x === 'number');
    if (cpu.length > 1) {
      out.push('', `Server CPU per login, last slice against first: ${(cpu[cpu.length - 1] / cpu[0]).toFixed(2)}x ` +
        '(CPU time does not count the waits of a loaded machine; logins/s does). /proc counts CPU in 10 ms ticks: ' +
        'a slice\'s figure is within one tick over its logins.');
    }
  }
  out.push('');
  return out;
}

export function clusterRelaySection(c) {
  const out = ['## Relay across nodes', ''];
  if (!Array.isArray(c.runs)) return [...out, 'Not measured in this run.', ''];
  out.push(`\`tools/bench/cluster_relay.mjs\`: ${c.pairs} pairs A -> B in a call, each sender keeping ${c.window} ` +
    `candidates in flight, ${c.seconds} s each, on the same binary: one process without Redis; two users on one ` +
    'node of a cluster (the relay\'s lookup a Redis script); and the two users of each pair on different nodes ' +
    '(A -> node 1 -> Redis pub/sub -> node 2 -> B). Latency is one way, sender to receiver. Redis, the nodes and the ' +
    'node.js driver share the machine\'s cores, so these compare the setups; the throughput of several nodes is bounded ' +
    'by the cores (each node and Redis would have a core of its own on a larger machine).', '');
  out.push('| setup | relayed/s | p50 ms | p99 ms |', '|---|---|---|---|');
  for (const r of c.runs) out.push(`| ${r.label} | ${f(r.perSecond)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} |`);
  const [one, same, cross] = c.runs;
  const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : NaN);
  const p99 = ratio(cross?.p99, one?.p99);
  out.push('', '| figure | value | target | met |', '|---|---|---|---|');
  out.push(`| cross-node p99 / one-process p99 | ${f(p99, 2)}x | under 2x | ${Number.isFinite(p99) ? yes(p99 < 2) : 'n/a'} |`);
  out.push(`| cross-node p99 / same-node p99 | ${f(ratio(cross?.p99, same?.p99), 2)}x | | |`);
  out.push(`| cross-node throughput / one process | ${f(ratio(cross?.perSecond, one?.perSecond), 2)}x | | |`);
  out.push('');
  return out;
}

export function loginRedisSection(l) {
  const out = ['## The cost of a login with Redis', ''];
  if (!Array.isArray(l.runs)) return [...out, 'Not measured in this run.', ''];
  out.push(`\`tools/bench/login_redis.mjs\`: ${l.logins} users sign in (a WebSocket opened, a login sent, its ` +
    `answer awaited, the socket kept open) on one duet-server thread${l.pinned ? ' on core 0' : ''}, one at a time ` +
    `and ${l.inflight} in flight, with the local registry and with \`--redis\` (the name claimed in a local ` +
    `redis-server${l.pinned ? ' on core 1' : ''}), on the same binary. CPU per login includes the WebSocket handshake.`, '');
  out.push('| registry | in flight | logins/s | login to answer p50 / p99 ms | server CPU per login (µs) | redis-server CPU per login (µs) |',
    '|---|---|---|---|---|---|');
  for (const r of l.runs) {
    out.push(`| ${r.registry} | ${r.inflight} | ${f(r.logins_per_s)} | ${f(r.login_p50_ms, 2)} / ${f(r.login_p99_ms, 2)} | ` +
      `${f(r.server_cpu_per_login_us)} | ${r.redis_cpu_per_login_us === null ? '' : f(r.redis_cpu_per_login_us)} |`);
  }
  out.push('', `With Redis, the server's CPU per login one at a time is ${f(l.redis_vs_local_cpu_per_login, 2)}x the local ` +
    `registry's, and the logins/s with ${l.inflight} in flight ${f(l.redis_vs_local_logins_per_s, 2)}x.`, '');
  return out;
}

export function scaleSections(idleFile, clusterFile, loginFile, tenK) {
  return [
    ...idleSection(readLastJson(idleFile), tenK),
    ...clusterRelaySection(readLastJson(clusterFile, 'cluster_relay')),
    ...loginRedisSection(readLastJson(loginFile, 'login_redis')),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [idle, cluster, login, tenK] = process.argv.slice(2);
  process.stdout.write(scaleSections(idle, cluster, login, tenK ? Number(tenK) : undefined).join('\n'));
}
