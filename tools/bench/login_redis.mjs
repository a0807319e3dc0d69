// The cost of a login with Redis (issue 14): with --redis a node claims the name in Redis (a
// script, one round trip) before it answers, where the local registry claims it in memory.
// This signs users in on one duet-server (one thread, limits raised as tools/bench.sh raises
// them) with each registry, on the same binary:
// - one at a time: open a WebSocket, send the login, wait for its answer, keep the socket
//   open, next; logins/s, login to answer p50/p99 (the Redis round trip shows here);
// - INFLIGHT logins at once (each answered login starts the next): logins/s at saturation;
// and in both the server's CPU per login (utime + stime of /proc/<pid>/stat, all threads, the
// WebSocket handshake included, as every real login has one) and, with Redis, redis-server's.
// Every login must succeed: a refused or lost one fails the run. The server is pinned to core
// 0, this script and redis-server to core 1, when there are two cores.
// Usage: node login_redis.mjs SERVER_BINARY [LOGINS=2000] [INFLIGHT=50]
// Prints a line per run, then one JSON line ({"bench":"login_redis",...}); exits 1 on failure.
import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

import { freeLoopbackPort, startRedis } from '../../tests/system/redis_server.mjs';
import { cpuMs, waitReady } from './process_probe.mjs';

const [binary, loginsArg = '2000', inflightArg = '50'] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node login_redis.mjs SERVER_BINARY [LOGINS=2000] [INFLIGHT=50]');
  process.exit(2);
}
const logins = Number(loginsArg);
const inflight = Number(inflightArg);
const pinned = os.cpus().length > 1 && pinSelf();
const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function pinSelf() {
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}


const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;

async function startServer(extra) {
  const port = await freeLoopbackPort();
  const args = ['--host', '127.0.0.1', '--port', String(port), '--web-root', '/tmp',
    '--ice-server', 'none', '--threads', '1', '--rate', '1000000', '--burst', '1000000',
    '--max-connections', '100000', '--max-connections-per-address', '100000', ...extra];
  const child = pinned ? spawn('taskset', ['-c', '0', binary, ...args], { stdio: 'ignore' })
    : spawn(binary, args, { stdio: 'ignore' });
  children.push(child);
  await waitReady(port, binary);
  return { port, child };
}

// Opens a socket and signs `name` in; resolves { ws, loginMs } once the login is answered.
function login(port, name) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('close', () => reject(new Error(`${name}: closed before the login's answer`)));
    ws.once('open', () => {
      const sent = performance.now();
      ws.send(JSON.stringify({ type: 'login', name }));
      ws.on('message', (data) => {
        const m = JSON.parse(data);
        if (m.type !== 'login') return;
        if (!m.success) return reject(new Error(`${name}: login refused: ${data}`));
        ws.removeAllListeners('close');
        resolve({ ws, loginMs: performance.now() - sent });
      });
    });
  });
}

// `count` logins with `parallel` in flight; the figures of the run.
async function measure(port, pids, label, prefix, parallel) {
  const sockets = [];
  const latencies = [];
  const cpuBefore = pids.map(cpuMs);
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < logins) {
      const { ws, loginMs } = await login(port, `${prefix}${next++}`);
      sockets.push(ws);
      latencies.push(loginMs);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - start) / 1000;
  const cpu = pids.map((pid, i) => (cpuMs(pid) - cpuBefore[i]) * 1000 / logins);
  latencies.sort((a, b) => a - b);
  for (const ws of sockets) ws.terminate();
  const result = {
    registry: label, inflight: parallel, logins, logins_per_s: logins / seconds,
    login_p50_ms: percentile(latencies, 0.5), login_p99_ms: percentile(latencies, 0.99),
    server_cpu_per_login_us: cpu[0], redis_cpu_per_login_us: cpu[1] ?? null,
  };
  console.log(`${label.padEnd(6)} ${String(parallel).padStart(3)} in flight: ` +
    `${result.logins_per_s.toFixed(0).padStart(6)} logins/s, login to answer p50 ` +
    `${result.login_p50_ms.toFixed(2)} ms p99 ${result.login_p99_ms.toFixed(2)} ms, server CPU ` +
    `${result.server_cpu_per_login_us.toFixed(0)} µs/login` +
    (cpu[1] === undefined ? '' : `, redis-server ${cpu[1].toFixed(0)} µs/login`));
  await sleep(500);  // the server finishes with the closed sockets before the next run
  return result;
}

console.log(`login cost: ${logins} logins per run, ${binary}, one thread` +
  `${pinned ? ' on core 0 (this script and redis-server on core 1)' : ''}`);
const runs = [];
const local = await startServer([]);
runs.push(await measure(local.port, [local.child.pid], 'local', 'l1-', 1));
runs.push(await measure(local.port, [local.child.pid], 'local', 'lp-', inflight));
local.child.kill('SIGTERM');

let redisChild = null;
const redis = await startRedis(await freeLoopbackPort(), { track: (c) => (redisChild = c) });
if (pinned) execFileSync('taskset', ['-cp', '1', String(redisChild.pid)], { stdio: 'ignore' });
const node = await startServer(['--redis', redis.url, '--node-id', 'login-bench']);
// The server's pid (taskset execs it in place) and redis-server's.
const pids = [node.child.pid, redisChild.pid];
runs.push(await measure(node.port, pids, 'redis', 'r1-', 1));
runs.push(await measure(node.port, pids, 'redis', 'rp-', inflight));
node.child.kill('SIGTERM');
await redis.kill();

const one = (registry, n) => runs.find((r) => r.registry === registry && r.inflight === n);
const ratio = (a, b) => a / b;
const summary = {
  bench: 'login_redis', logins, inflight, pinned, runs,
  redis_vs_local_cpu_per_login: ratio(one('redis', 1).server_cpu_per_login_us,
    one('local', 1).server_cpu_per_login_us),
  redis_vs_local_logins_per_s: ratio(one('redis', inflight).logins_per_s,
    one('local', inflight).logins_per_s),
};
console.log(`redis / local: server CPU per login ${summary.redis_vs_local_cpu_per_login.toFixed(2)}x ` +
  `(one at a time), logins/s ${summary.redis_vs_local_logins_per_s.toFixed(2)}x (${inflight} in flight)`);
console.log(JSON.stringify(summary));
process.exit(0);
