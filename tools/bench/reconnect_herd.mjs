// The herd after a restart (issue 14, "Back within 5 seconds"): N WebSocket clients signed in
// to a real duet-server, the server killed (SIGKILL) and started again on the same port after
// an outage, every client reconnecting by the page's schedule (common/call/signaling_link.cpp:
// first try in [0, 1 s], then start-to-start slots in [w/2, w], w = 1, 2, 4 s up to the cap;
// one try at a time; a try that fails after its slot is followed at once). It prints how the
// connection attempts and the sign-ins spread over time after the server is listening again,
// and the time to signed in (p50/p99/max) against the 5 s bound.
// Usage: node reconnect_herd.mjs SERVER_BINARY [CLIENTS=2000] [OUTAGE_MS=2500] [CAP_MS=4000]
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const [binary, clientsArg = '2000', outageArg = '2500', capArg = '4000'] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node reconnect_herd.mjs SERVER_BINARY [CLIENTS] [OUTAGE_MS] [CAP_MS]');
  process.exit(2);
}
const clients = Number(clientsArg);
const outageMs = Number(outageArg);
const capMs = Number(capArg);
const firstWindowMs = 1000;
const binMs = 100;

// The schedule of signaling_link.cpp, reconnect_range(): slot 0 is [0, 1 s], then [w/2, w].
function slotMs(slot) {
  if (slot <= 0) return Math.random() * firstWindowMs;
  let w = firstWindowMs;
  for (let i = 1; i < slot && w < capMs; i++) w *= 2;
  w = Math.min(w, capMs);
  return w / 2 + Math.random() * (w / 2);
}

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function startServer(port) {
  const child = spawn(binary, ['--host', '127.0.0.1', '--port', String(port), '--ice-server',
    'none', '--max-connections', String(clients + 100), '--max-connections-per-address',
    String(clients + 100), '--no-presence'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/listening/.test(out)) resolve({ child, listening: performance.now() });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
}

// One client: signs in, and after a loss reconnects on the schedule. `events` gets the time
// of every try and of the sign-in that ends a reconnect.
class client {
  constructor(url, name, events) {
    Object.assign(this, { url, name, events, slot: 0, trying: false, slotOver: false,
      timer: null, online: false, lostOnce: false });
  }
  connect() {
    this.trying = true;
    this.triedAt = performance.now();
    this.events.tries.push(this.triedAt);
    const ws = new WebSocket(this.url, { handshakeTimeout: 4000 });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'login', name: this.name })));
    ws.on('message', (raw) => {
      const m = JSON.parse(raw);
      if (m.type !== 'login') return;
      this.online = m.success;
      this.trying = false;
      clearTimeout(this.timer);
      if (this.lostOnce) {
        const now = performance.now();
        this.events.signedIn.push(now);
        this.events.roundTrips.push(now - this.triedAt);  // open + login: the server's share
      }
      this.onSignedIn?.();
    });
    ws.on('error', () => {});
    ws.on('close', () => this.lost());
    this.ws = ws;
  }
  lost() {
    if (this.online) {
      this.online = false;
      this.lostOnce = true;
      this.slot = 0;
      this.slotOver = false;
      this.arm(slotMs(0));
      return;
    }
    this.trying = false;
    if (this.slotOver) {
      this.slotOver = false;
      this.arm(0);
    }
  }
  arm(ms) {
    this.timer = setTimeout(() => this.due(), ms);
  }
  due() {
    if (this.trying) {
      this.slotOver = true;
      return;
    }
    this.slot += 1;
    this.arm(slotMs(this.slot));
    this.connect();
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const port = await freePort();
let server = await startServer(port);
const url = `ws://127.0.0.1:${port}/ws`;
const events = { tries: [], signedIn: [], roundTrips: [] };
const all = [];
let signedIn = 0;
for (let i = 0; i < clients; i++) {
  const c = new client(url, `herd-${i}`, events);
  await new Promise((resolve) => {
    c.onSignedIn = resolve;
    c.connect();
  });
  c.onSignedIn = null;
  all.push(c);
  signedIn++;
}
events.tries.length = 0;
console.log(`herd: ${signedIn} clients signed in; SIGKILL, back after ${outageMs} ms, cap ` +
  `${capMs} ms`);
const killedAt = performance.now();
server.child.kill('SIGKILL');
await sleep(outageMs);
server = await startServer(port);
const back = server.listening;
while (events.signedIn.length < clients && performance.now() - back < 30_000) await sleep(50);

const after = events.signedIn.map((t) => t - back).sort((a, b) => a - b);
const bins = new Map();
for (const t of events.signedIn) {
  const b = Math.floor((t - back) / binMs);
  bins.set(b, (bins.get(b) ?? 0) + 1);
}
const triesDuringOutage = events.tries.filter((t) => t < back).length;
const triesBins = new Map();
for (const t of events.tries.filter((x) => x >= back)) {
  const b = Math.floor((t - back) / binMs);
  triesBins.set(b, (triesBins.get(b) ?? 0) + 1);
}
const busiest = Math.max(...bins.values());
const busiestTries = Math.max(...triesBins.values());
const trips = [...events.roundTrips].sort((a, b) => a - b);
const lastTry = Math.max(...events.tries) - back;
const result = {
  clients, outageMs, capMs, signedInAgain: after.length, downMs: Math.round(back - killedAt),
  lastTryMsAfterBack: Math.round(lastTry),
  openAndLoginMs: { p50: Math.round(percentile(trips, 0.5)), max: Math.round(trips.at(-1)) },
  triesWhileDown: triesDuringOutage, triesWhileDownPerClientPerS: Math.round(
    triesDuringOutage / clients / ((back - killedAt) / 1000) * 100) / 100,
  msToSignedIn: { p50: Math.round(percentile(after, 0.5)), p99: Math.round(percentile(after, 0.99)),
    max: Math.round(after[after.length - 1]) },
  busiest100msSignIns: busiest, busiest100msShare: Math.round(busiest / clients * 1000) / 10,
  busiest100msTries: busiestTries,
  over5s: after.filter((t) => t > 5000).length,
};
console.log(`herd: tries / sign-ins per ${binMs} ms after the server listened again:`);
const last = Math.max(...bins.keys(), ...triesBins.keys());
for (let b = 0; b <= last; b++) {
  const n = bins.get(b) ?? 0;
  console.log(`  +${String(b * binMs).padStart(5)} ms ${String(triesBins.get(b) ?? 0).padStart(5)} ` +
    `${String(n).padStart(5)} ${'#'.repeat(Math.ceil(n / clients * 100))}`);
}
console.log(JSON.stringify(result));
for (const c of all) {
  clearTimeout(c.timer);
  c.online = false;
  c.lost = () => {};
  c.ws?.terminate();
}
server.child.kill('SIGTERM');
