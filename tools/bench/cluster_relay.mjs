// Relay across nodes (issue 14): messages relayed per second, and their latency, for pairs of
// users A -> B in a call, in three setups on the same binary: one process (no Redis), two
// users on one node of a cluster (the relay's lookup is a Redis script), and the two users of
// each pair on different nodes (A -> node1 -> Redis pub/sub -> node2 -> B). Each sender keeps
// a window of candidates in flight and stamps each with its send time; the receiver counts
// them and their one-way latency (same clock: one machine). Redis, the nodes and this script
// share the machine's cores, so the figures compare the setups; they are not capacities.
// Prints a line per setup, then the figures as one JSON line ({"bench":"cluster_relay",...}).
// Usage: node cluster_relay.mjs SERVER_BINARY [PAIRS=20] [SECONDS=5] [WINDOW=32]
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

import { freeLoopbackPort, startRedis } from '../../tests/system/redis_server.mjs';
import { waitReady } from './process_probe.mjs';

const [binary, pairsArg = '20', secondsArg = '5', windowArg = '32'] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node cluster_relay.mjs SERVER_BINARY [PAIRS] [SECONDS] [WINDOW]');
  process.exit(2);
}
const pairs = Number(pairsArg);
const seconds = Number(secondsArg);
const window = Number(windowArg);
const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

async function startNode(args) {
  const port = await freeLoopbackPort();
  const child = spawn(binary, ['--host', '127.0.0.1', '--port', String(port), '--web-root',
    '/tmp', '--ice-server', 'none', '--rate', '100000', '--burst', '100000',
    '--max-connections-per-address', '10000', ...args], { stdio: 'ignore' });
  children.push(child);
  await waitReady(port, binary);
  return { port, child };
}

function open(port, name) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'login', name }));
      ws.once('message', (data) => {
        const m = JSON.parse(data);
        if (m.success) resolve(ws);
        else reject(new Error(`${name}: ${data}`));
      });
    });
  });
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;
}

// Pairs a_i on `portA` -> b_i on `portB`; tutorial offers link them, then candidates flow.
async function measure(label, portA, portB) {
  const senders = [];
  const latencies = [];
  let received = 0;
  let measuring = false;
  for (let i = 0; i < pairs; i++) {
    const a = await open(portA, `${label}-a${i}`);
    const b = await open(portB, `${label}-b${i}`);
    const bName = `${label}-b${i}`;
    let inFlight = 0;
    const pump = () => {
      while (inFlight < window && a.readyState === WebSocket.OPEN && !a.stopped) {
        inFlight++;
        a.send(JSON.stringify({ type: 'candidate', name: bName,
          candidate: { candidate: String(performance.now()), sdpMid: '0' } }));
      }
    };
    b.on('message', (data) => {
      const m = JSON.parse(data);
      if (m.type !== 'candidate') return;
      inFlight--;
      if (measuring) {
        received++;
        latencies.push(performance.now() - Number(m.candidate.candidate));
      }
      pump();
    });
    a.send(JSON.stringify({ type: 'offer', name: bName, offer: { type: 'offer', sdp: 'v=0' } }));
    senders.push({ a, b, pump });
  }
  await sleep(300);
  senders.forEach((s) => s.pump());
  await sleep(1000);  // warm up
  measuring = true;
  const start = performance.now();
  await sleep(seconds * 1000);
  measuring = false;
  const elapsed = (performance.now() - start) / 1000;
  for (const s of senders) {
    s.a.stopped = true;
    s.a.close();
    s.b.close();
  }
  latencies.sort((x, y) => x - y);
  const result = { label, perSecond: Math.round(received / elapsed),
    p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  console.log(`${label.padEnd(12)} ${String(result.perSecond).padStart(8)} relayed/s   ` +
    `p50 ${result.p50.toFixed(2)} ms   p99 ${result.p99.toFixed(2)} ms`);
  await sleep(500);
  return result;
}

console.log(`cluster relay: ${pairs} pairs, window ${window}, ${seconds} s each, ${binary}`);
const single = await startNode([]);
const one = await measure('one-process', single.port, single.port);
single.child.kill('SIGTERM');
const redis = await startRedis(await freeLoopbackPort());
const node1 = await startNode(['--redis', redis.url, '--node-id', 'bench1']);
const node2 = await startNode(['--redis', redis.url, '--node-id', 'bench2']);
const same = await measure('same-node', node1.port, node1.port);
const cross = await measure('cross-node', node1.port, node2.port);
console.log(`cross-node / one process: ${(cross.perSecond / one.perSecond).toFixed(2)}x ` +
  `throughput, ${(cross.p99 / one.p99).toFixed(2)}x p99; cross / same node: ` +
  `${(cross.perSecond / same.perSecond).toFixed(2)}x throughput, ` +
  `${(cross.p99 / same.p99).toFixed(2)}x p99`);
// The same figures for tools/bench/report.mjs, which takes the last JSON line of this output.
console.log(JSON.stringify({ bench: 'cluster_relay', pairs, window, seconds,
  runs: [one, same, cross], cross_vs_one_p99: cross.p99 / one.p99,
  cross_vs_one_throughput: cross.perSecond / one.perSecond }));
for (const c of children) c.kill('SIGTERM');
await redis.kill();
process.exit(0);
