// Presence at scale (issue 14): what signing in costs the server when every user asks for the
// online list, as the app's client does (login with features ["ring", "presence"]). Before
// presence windows each list was O(users) and each login news to every subscriber, so the
// cost grew with N; with them (the login reply's `presenceWindow`: each list is the first W
// names online), a login costs O(W). This puts figures on both, for N users online (default
// 1k, 4k, 16k), on one duet-server (one thread, the limits raised as tools/bench.sh does):
// - login storm: N sockets open, then all N send their login at once (as after a restart);
//   the time until every client holds its whole list (everyone else; with a window, the
//   first W names of everyone online, less itself) with every delta arrived, and the
//   server's CPU time (utime + stime from /proc/<pid>/stat) over it;
// - steady state: with N online, JOINS more users sign in one at a time (open, login, wait for
//   the joiner's full list and for every other client to have its delta): logins/s, server
//   CPU per login, login-to-full-list latency (p50/p99), presence bytes and frames per login.
// Every client parses every message it gets and keeps the names it holds (no one leaves or
// gets busy here); at the end each list must be exactly what it should be, or the run fails.
// Bytes are WebSocket payload bytes (the JSON text), without frame headers.
// JOIN_ORDER: `after` (default) names the joiners past every name online, so with a window
// they enter nobody's list (the usual case on a large instance); `first` names them before
// every name online, so each one enters every subscriber's window and pushes a name out (the
// worst case: a login then costs a frame to every subscriber).
// The login and idle timeouts are raised too: in a storm of 4,000 a client's pong waits behind
// seconds of queued deltas, and at the default 15 s the server drops it as "stopped answering".
// The server is pinned to core 0 and this script to core 1 when there are two cores.
// Needs one descriptor per client: `ulimit -n` above max(N) + JOINS + 100 (16,000 users: about
// 16,300; this script and the server each need it, both inherit the shell's limit).
// PRESENCE_WINDOW=W in the environment starts the server with --presence-window W: a window
// larger than N (10000) gives everyone everyone, as the server did before windows.
// Usage: node presence.mjs SERVER_BINARY [USERS=1000,4000,16000] [JOINS=200] [TIMEOUT_S=600]
//          [MAX_QUEUED_BYTES|default] [JOIN_ORDER=after|first]
//          (MAX_QUEUED_BYTES: the server's --max-queued-bytes; default: the server's own)
// Prints a summary per N, then one JSON line; exits 1 when a run fails (times out, a client
// is refused or dropped, a list is wrong).
import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

import { freeLoopbackPort } from '../../tests/system/redis_server.mjs';
import { cpuMs, waitReady } from './process_probe.mjs';

const [binary, usersArg = '1000,4000,16000', joinsArg = '200', timeoutArg = '600', queueGiven,
  joinOrder = 'after'] = process.argv.slice(2);
const queueArg = queueGiven === 'default' ? undefined : queueGiven;
const windowArg = process.env.PRESENCE_WINDOW;
if (!binary) {
  console.error('usage: node presence.mjs SERVER_BINARY [USERS=1000,4000,16000] [JOINS=200] ' +
    '[TIMEOUT_S=600] [MAX_QUEUED_BYTES]');
  process.exit(2);
}
const sizes = usersArg.split(',').map(Number);
const joins = Number(joinsArg);
const timeoutMs = Number(timeoutArg) * 1000;
const pinned = os.cpus().length > 1 && hasTaskset();
let server = null;
process.on('exit', () => server?.kill('SIGKILL'));

function hasTaskset() {
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startServer() {
  const port = await freeLoopbackPort();
  const args = ['--host', '127.0.0.1', '--port', String(port), '--web-root', '/tmp',
    '--ice-server', 'none', '--threads', '1', '--rate', '1000000', '--burst', '1000000',
    '--max-connections', '100000', '--max-connections-per-address', '100000',
    '--login-timeout', '3600', '--idle-timeout', '3600',
    ...(queueArg ? ['--max-queued-bytes', queueArg] : []),
    ...(windowArg ? ['--presence-window', windowArg] : [])];
  const stdio = ['ignore', 'pipe', 'pipe'];
  const child = pinned ? spawn('taskset', ['-c', '0', binary, ...args], { stdio })
    : spawn(binary, args, { stdio });
  // The server's last words, to say why it dropped a client.
  child.tail = '';
  const keep = (d) => { child.tail = (child.tail + d).slice(-600); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => { child.exited = `${code ?? signal}`; });
  await waitReady(port, binary);
  return { port, child };
}


function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;
}

// 32-character names, as in the issue's figures.
const nameOf = (i) => `bench-presence-user-${String(i).padStart(12, '0')}`;
// A joiner's name: past every storm name, or (JOIN_ORDER=first) before all of them, later
// joiners first ('a-...199' < 'a-...198' is false, so count down).
const joinerOf = (i) => (joinOrder === 'first'
  ? `a-bench-joiner-${String(1e9 - i).padStart(12, '0')}` : nameOf(1e9 + i));

// One run: the clients, the number of users each should know (`target`), and how many know it.
class run {
  constructor(port) {
    Object.assign(this, { port, clients: [], reached: 0, failure: null,
      wake: null, messages: 0, bytes: 0, window: 0 });
  }
  // Each client's expected list: everyone else, or the first `window` names online less
  // itself. Recounts which clients hold theirs.
  // `newest`: the user who just signed in, who must be in every list whose window it entered.
  // The names online in order are kept between calls, a joiner inserted by binary search: a
  // sort of 16,000 names on every join would sit between a login and its reply, in the time
  // measured.
  expect(newest = null) {
    if (!this.online || !newest) {
      this.online = this.clients.filter((c) => c.loginAt).map((c) => c.name).sort();
    } else {
      let lo = 0;
      let hi = this.online.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.online[mid] < newest) lo = mid + 1;
        else hi = mid;
      }
      this.online.splice(lo, 0, newest);
    }
    const online = this.online;
    const shown = this.window ? new Set(online.slice(0, this.window)) : null;
    this.mustHave = newest && (!shown || shown.has(newest)) ? newest : null;
    this.pushed = shown ? online[this.window] ?? null : null;  // the first name past it
    this.reached = 0;
    for (const c of this.clients) {
      c.expected = shown ? shown.size - (shown.has(c.name) ? 1 : 0) : online.length - 1;
      c.shown = shown;
      if (this.done(c)) {
        this.reached++;
        c.doneAt ||= performance.now();
      }
    }
  }
  done(c) {
    return c.names.size === c.expected &&
      (!this.mustHave || c.name === this.mustHave || c.names.has(this.mustHave)) &&
      (!this.pushed || !c.names.has(this.pushed));
  }
  // The client holds exactly what it should (not only as many names).
  exact(c) {
    if (c.names.size !== c.expected) return false;
    for (const n of c.names.keys()) {
      if (n === c.name || (c.shown && !c.shown.has(n))) return false;
    }
    return true;
  }
  fail(why) {
    if (!this.failure) this.failure = why;
    this.wake?.();
  }
  changed(c, wasDone) {
    const done = this.done(c);
    if (!wasDone && done) {
      this.reached++;
      c.doneAt = performance.now();  // the list complete, however many frames it took
    }
    if (wasDone && !done) this.reached--;
    if (this.reached === this.clients.length) this.wake?.();
  }
  // Resolves when every client knows `target` users, or the run fails or times out.
  settled(label) {
    if (this.failure) return Promise.reject(new Error(this.failure));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(`${label}: timed out after ${timeoutMs} ms ` +
        `(${this.reached} of ${this.clients.length} clients complete)`), timeoutMs);
      this.wake = () => {
        if (!this.failure && this.reached !== this.clients.length) return;
        clearTimeout(timer);
        this.wake = null;
        if (this.failure) reject(new Error(this.failure));
        else resolve();
      };
      this.wake();
    });
  }
  open(name) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${this.port}/`, { perMessageDeflate: false });
      const c = { ws, name, names: new Map(), expected: -1, shown: null, loginAt: 0,
        doneAt: 0, bytes: 0 };
      ws.once('error', reject);
      ws.once('open', () => {
        ws.removeListener('error', reject);
        ws.on('error', (e) => this.fail(`${name}: ${e.message}`));
        ws.on('close', (code, reason) => {
          if (!this.closing) this.fail(`${name}: closed by the server (${code} ${reason})`);
        });
        ws.on('message', (data) => this.receive(c, data));
        resolve(c);
      });
    });
  }
  receive(c, data) {
    const m = JSON.parse(data);
    if (m.type === 'presence') {
      this.messages++;
      this.bytes += data.length;
      c.bytes += data.length;
    }
    if (m.type === 'login') {
      if (!m.success) this.fail(`${c.name}: login refused: ${data}`);
      else if (!m.presence) this.fail(`${c.name}: the server sends no presence (presence: false)`);
      else {
        this.window = m.presenceWindow ?? 0;
        this.replied = true;
      }
      return;
    }
    if (m.type !== 'presence') return;
    const wasDone = this.done(c);
    if (m.full) c.names.clear();
    for (const u of m.users) {
      if (u.status === 'offline') c.names.delete(u.name);
      else c.names.set(u.name, u.status);
    }
    this.changed(c, wasDone);
  }
  login(c) {
    c.loginAt = performance.now();
    c.ws.send(JSON.stringify({ type: 'login', name: c.name, features: ['ring', 'presence'] }));
  }
  close() {
    this.closing = true;
    for (const c of this.clients) c.ws.terminate();
  }
}

async function measure(users) {
  server = await startServer();
  const pid = server.child.pid;
  const r = new run(server.port);
  const result = { users, joins };
  try {
    // Login storm: open all, then every login in one go.
    for (let i = 0; i < users; i += 500) {
      const batch = [];
      for (let j = i; j < Math.min(users, i + 500); j++) batch.push(r.open(nameOf(j)));
      r.clients.push(...await Promise.all(batch));
    }
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    r.messages = 0;
    r.bytes = 0;
    for (const c of r.clients) r.login(c);
    // The window (if any) is known from the first login reply; until then nobody is done.
    while (!r.failure && !r.replied && performance.now() - t0 < timeoutMs) await sleep(2);
    r.expect();
    await r.settled(`storm of ${users}`);
    const stormMs = performance.now() - t0;
    const wrongStorm = r.clients.filter((c) => !r.exact(c)).length;
    if (wrongStorm) throw new Error(`storm: ${wrongStorm} clients hold the wrong list`);
    result.window = r.window;
    result.storm = { ms: Math.round(stormMs), serverCpuMs: Math.round(cpuMs(pid) - cpu0),
      messages: r.messages, bytes: r.bytes,
      lastFullListMs: Math.round(Math.max(...r.clients.map((c) => c.doneAt - t0))) };
    console.log(`  storm: ${users} logins at once: all lists complete after ` +
      `${(stormMs / 1000).toFixed(2)} s, server CPU ${(result.storm.serverCpuMs / 1000).toFixed(2)} s, ` +
      `presence ${r.messages} frames, ${(r.bytes / 1048576).toFixed(1)} MiB`);

    // Steady state: one login at a time, each complete before the next.
    await sleep(200);
    // What the server spends with N connections open and nothing happening (its timers and
    // heartbeat sweeps): taken off the logins' CPU below, which would otherwise grow with
    // the wall time the logins took, not with what each one cost.
    const idle0 = cpuMs(pid);
    await sleep(3000);
    const idleCpuPerSecond = (cpuMs(pid) - idle0) / 3;
    const latencies = [];
    let fullListBytes = 0;
    r.messages = 0;
    r.bytes = 0;
    const cpu1 = cpuMs(pid);
    const t1 = performance.now();
    for (let i = 0; i < joins; i++) {
      const c = await r.open(joinerOf(i));
      r.clients.push(c);
      r.login(c);
      r.expect(c.name);
      await r.settled(`join ${i} with ${users + i} online`);
      latencies.push(c.doneAt - c.loginAt);
      fullListBytes += c.bytes;
    }
    const steadyMs = performance.now() - t1;
    const steadyCpu = cpuMs(pid) - cpu1;
    latencies.sort((a, b) => a - b);
    const wrong = r.clients.filter((c) => !r.exact(c)).length;
    if (wrong) throw new Error(`${wrong} clients hold the wrong list`);
    result.steady = { loginsPerSecond: +(joins / steadyMs * 1000).toFixed(1),
      serverCpuMsPerLogin: +(Math.max(0, steadyCpu - idleCpuPerSecond * steadyMs / 1000) /
        joins).toFixed(3),
      serverCpuMsPerLoginRaw: +(steadyCpu / joins).toFixed(3),
      idleServerCpuMsPerSecond: +idleCpuPerSecond.toFixed(1),
      listP50Ms: +percentile(latencies, 0.5).toFixed(2),
      listP99Ms: +percentile(latencies, 0.99).toFixed(2),
      framesPerLogin: +(r.messages / joins).toFixed(1),
      bytesPerLogin: Math.round(r.bytes / joins),
      fullListBytesPerLogin: Math.round(fullListBytes / joins) };
    const s = result.steady;
    console.log(`  steady: ${joins} logins one at a time with ${users}-${users + joins - 1} ` +
      `online: ${s.loginsPerSecond} logins/s, server CPU ${s.serverCpuMsPerLogin} ms/login ` +
      `(${s.serverCpuMsPerLoginRaw} before taking off ${s.idleServerCpuMsPerSecond} ms/s of ` +
      'idle work), ' +
      `login to full list p50 ${s.listP50Ms} ms p99 ${s.listP99Ms} ms, ` +
      `presence ${s.framesPerLogin} frames and ${(s.bytesPerLogin / 1024).toFixed(1)} KiB per ` +
      `login (its own list ${(s.fullListBytesPerLogin / 1024).toFixed(1)} KiB)`);
  } catch (e) {
    await sleep(200);
    const said = server.child.tail.trim().split('\n').slice(-2).join(' | ');
    result.error = `${e.message}${said ? `; the server's log: ${said}` : ''}`;
    console.log(`  FAILED: ${result.error}`);
  } finally {
    r.close();
    server.child.kill('SIGTERM');
    await sleep(500);
    if (server.child.exited === undefined) server.child.kill('SIGKILL');
    server = null;
  }
  return result;
}

const limit = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim());
const needed = Math.max(...sizes) + joins + 100;
console.log(`presence: ${binary}, one thread${pinned ? ' on core 0 (this script on core 1)' : ''}, ` +
  `users ${sizes.join(', ')}, ${joins} joins each, --max-queued-bytes ${queueArg ?? 'default'}, ` +
  `--presence-window ${windowArg ?? 'default'}, joiners named ${joinOrder} the others; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (limit < needed) {
  console.error(`presence: ulimit -n is ${limit}; ${needed} descriptors are needed`);
  process.exit(1);
}
const runs = [];
for (const users of sizes) {
  console.log(`${users} users:`);
  runs.push(await measure(users));
  await sleep(1000);
}
console.log(JSON.stringify({ bench: 'presence', threads: 1,
  maxQueuedBytes: queueArg ? Number(queueArg) : 'default',
  presenceWindow: windowArg ? Number(windowArg) : 'default', joinOrder, runs }));
process.exit(runs.some((x) => x.error) ? 1 : 0);
