// The system-test harness: the real duet-server binary started by PID with given flags on a
// free loopback port (--port 0, the port read from its first line), WebSocket clients with a
// message queue, raw sockets for what a well-behaved client would never send, the server's
// memory read from /proc, and throw-away network namespaces for a non-loopback address.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export { sleep };

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const fixturesDir = path.join(here, 'fixtures');

// The ASan+UBSan build by default: a crash, overflow or leak anywhere in a test is a failure.
export const serverBinary = path.resolve(
  process.env.DUET_SERVER || path.join(repoRoot, 'build/native/server/duet-server'),
);
export const loadgenBinary = path.resolve(
  process.env.DUET_LOADGEN ||
    [
      path.join(repoRoot, 'build/native/tools/loadgen/duet-loadgen'),
      path.join(repoRoot, 'build/release/tools/loadgen/duet-loadgen'),
    ].find((p) => fs.existsSync(p)) ||
    path.join(repoRoot, 'build/native/tools/loadgen/duet-loadgen'),
);

// Everything a run writes (server logs, web roots, certificates) goes under one folder.
export const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-system-'));

export function requireExecutable(file, what) {
  let ok = false;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    ok = fs.statSync(file).isFile();
  } catch {}
  assert.ok(ok, `${what} not found or not executable at ${file}: build it with ` +
    '`cmake --build --preset native --target duet-server duet-loadgen`, or set DUET_SERVER / ' +
    'DUET_LOADGEN');
}

// Elapsed milliseconds since `start` (a performance.now() value).
export const since = (start) => performance.now() - start;

// Runs `promise` against a deadline; rejects with `what` when it passes.
export async function within(ms, promise, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// Polls until `check()` (may be async) is truthy, every `pollMs`; returns the milliseconds it
// took; rejects with `what` after `ms`.
export async function until(ms, check, what, pollMs = 50) {
  const start = performance.now();
  await within(ms, (async () => {
    while (!(await check())) await sleep(pollMs);
  })(), what);
  return performance.now() - start;
}

// ---------------------------------------------------------------------------------------
// Processes we started, so whatever ends this process early does not leave them behind.

const liveChildren = new Set();
const liveNamespaces = new Set();
process.on('exit', (code) => {
  // Logs, certificates and web roots stay for a look when something failed.
  if (code === 0 && !process.env.DUET_KEEP_ARTIFACTS) {
    fs.rmSync(workDir, { recursive: true, force: true });
  } else {
    process.stderr.write(`duet system tests: logs in ${workDir}\n`);
  }
  for (const child of liveChildren) {
    try {
      process.kill(child.pid, 'SIGCONT');
      process.kill(child.pid, 'SIGKILL');
    } catch {}
  }
  for (const ns of liveNamespaces) {
    try {
      execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
    } catch {}
  }
});

export function track(child) {
  liveChildren.add(child);
  child.on('exit', () => liveChildren.delete(child));
  return child;
}

// Runs duet-loadgen to its end: its exit, its output, and its last line read as JSON (the
// report every scenario ends with; null when there is none).
export function runLoadgen(args) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(loadgenBinary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The ASan build of the load generator leaks its own client objects at exit; that is
      // not what its tests are about, and would turn their verdict into exit code 23.
      env: { ...process.env, ASAN_OPTIONS: `${process.env.ASAN_OPTIONS ?? ''}:detect_leaks=0` },
    }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      let result = null;
      try { result = JSON.parse(stdout.trim().split('\n').pop()); } catch { }
      resolve({ code, signal, stdout, stderr, result });
    });
  });
}

// ---------------------------------------------------------------------------------------
// A folder of static files, with a secret beside it and a symlink pointing at the secret,
// so traversal and symlink escapes have something to find.

export const SECRET = 'top-secret-7f3a9c';
export const INDEX_TEXT = 'duet system test index';

export function makeWebRoot() {
  const base = fs.mkdtempSync(path.join(workDir, 'site-'));
  const root = path.join(base, 'web');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'),
    `<!doctype html><title>Duet</title><p>${INDEX_TEXT}</p>\n`);
  fs.writeFileSync(path.join(root, 'app.js'), 'console.log("duet");\n');
  fs.writeFileSync(path.join(root, 'duet.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  fs.writeFileSync(path.join(root, 'sub', 'page.txt'), 'a page in a folder\n');
  fs.writeFileSync(path.join(base, 'secret.txt'), `${SECRET}\n`);
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'link.txt'));
  fs.symlinkSync(base, path.join(root, 'up'));
  return root;
}

let sharedRoot;
export function defaultWebRoot() {
  sharedRoot ??= makeWebRoot();
  return sharedRoot;
}

// ---------------------------------------------------------------------------------------
// The server under test.

const SANITIZER_REPORT = /ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer/;
let serverCount = 0;

// Starts duet-server with `args` after --host/--port/--web-root/--ice-server defaults.
// `netns` runs it inside that network namespace (`ip netns exec` keeps the PID).
// `env` adds environment variables (ASAN_OPTIONS for the memory tests).
// No STUN server is handed out unless the test names one (`iceNone: false` keeps the
// server's default).
export async function startServer({ args = [], host = '127.0.0.1', webRoot, netns, env,
  name = 'server', iceNone = true } = {}) {
  requireExecutable(serverBinary, 'duet-server');
  const namesIce = args.some((a) => a.startsWith('--ice-server'));
  const argv = ['--host', host, '--port', '0', '--web-root', webRoot ?? defaultWebRoot(),
    ...(namesIce || !iceNone ? [] : ['--ice-server', 'none']), ...args];
  const command = netns ? 'ip' : serverBinary;
  const commandArgs = netns ? ['netns', 'exec', netns, serverBinary, ...argv] : argv;
  const logPath = path.join(workDir, `${String(++serverCount).padStart(2, '0')}-${name}.log`);
  const log = fs.createWriteStream(logPath);
  log.write(`$ ${serverBinary} ${argv.join(' ')}\n`);
  const child = track(spawn(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  }));
  let output = '';
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      log.end(`[exit code ${code} signal ${signal}]\n`);
      resolve({ code, signal, at: performance.now() });
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk;
      log.write(chunk);
    });
  }

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`duet-server printed no "listening" line within 15 s:\n${output}`));
    }, 15_000);
    const onData = () => {
      const m = /duet-server listening on https?:\/\/\S+:(\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${serverBinary}: ${e.message}`));
    });
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`duet-server exited (code ${code}, signal ${signal}) before listening:\n` +
        output));
    });
  });

  // A server on every interface is reached at 127.0.0.1.
  const urlHost = ['0.0.0.0', '::'].includes(host) ? '127.0.0.1'
    : host.includes(':') ? `[${host}]` : host;
  const server = {
    pid: child.pid,
    host,
    port,
    httpUrl: `http://${urlHost}:${port}`,
    httpsUrl: `https://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}/`,
    wssUrl: `wss://${urlHost}:${port}/`,
    logPath,
    exit,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    rssKib: () => rssKib(child.pid),
    signal: (sig) => process.kill(child.pid, sig),
    // SIGTERM by PID; SIGKILL after `graceMs`. Resolves {code, signal, ms, hung}.
    async stop(graceMs = 5000) {
      if (!server.running()) return { ...(await exit), ms: 0, alreadyExited: true };
      const start = performance.now();
      process.kill(child.pid, 'SIGTERM');
      const result = await Promise.race([exit, sleep(graceMs, null, { ref: false })]);
      if (result) return { ...result, ms: result.at - start, hung: false };
      process.kill(child.pid, 'SIGKILL');
      return { ...(await exit), ms: performance.now() - start, hung: true };
    },
    // Stops it and checks it went the way a shutdown should: exit 0 (LeakSanitizer turns
    // a leak into exit 23) and no sanitizer report anywhere in its output.
    async stopClean() {
      const result = await server.stop();
      assert.equal(result.hung, false, `duet-server did not exit on SIGTERM (log ${logPath})`);
      assert.equal(result.signal, null, `duet-server died of ${result.signal} (log ${logPath})`);
      assert.doesNotMatch(output, SANITIZER_REPORT, `sanitizer report (log ${logPath})`);
      assert.equal(result.code, 0, `duet-server exited ${result.code} (log ${logPath})`);
      return result;
    },
  };
  return server;
}

export function rssKib(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  assert.ok(m, `no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

// Runs duet-server with these arguments to completion (for --help and bad flags).
export function runServerOnce(args) {
  requireExecutable(serverBinary, 'duet-server');
  return new Promise((resolve) => {
    const child = track(spawn(serverBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

// ---------------------------------------------------------------------------------------
// A WebSocket client with a queue of received messages (parsed JSON; raw text when not
// JSON), `next(ms)` to take the next one, and `closed` resolving {code, reason} on close.

export class Client {
  constructor(ws, label) {
    this.ws = ws;
    this.label = label;
    this.queue = [];
    this.waiters = [];
    this.closeInfo = null;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: performance.now() };
        resolve(this.closeInfo);
        for (const w of this.waiters.splice(0)) w.reject(this.closedError());
      });
    });
    ws.on('error', () => {});  // a reset shows up as 'close' too
    ws.on('message', (data, isBinary) => {
      const text = data.toString();
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        message = { unparsed: text, isBinary };
      }
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(message);
      else this.queue.push(message);
    });
  }

  closedError() {
    const c = this.closeInfo;
    return new Error(`${this.label}: connection closed (code ${c.code} "${c.reason}")`);
  }

  // Resolves {code, reason} once the server closed the connection; fails after `timeoutMs`.
  waitClosed(timeoutMs = 5000) {
    return within(timeoutMs, this.closed, `${this.label}: closed by the server`);
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message) {
    this.ws.send(typeof message === 'string' || Buffer.isBuffer(message)
      ? message : JSON.stringify(message));
  }

  // Sends bytes as one frame: text unless `binary`, whatever the bytes are.
  sendFrame(bytes, { binary = false } = {}) {
    this.ws.send(bytes, { binary });
  }

  next(timeoutMs = 3000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.closeInfo) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.label}: no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  // The next message, which must be of `type` (and `code`, for errors).
  async expect(type, { code, timeoutMs = 3000 } = {}) {
    const message = await this.next(timeoutMs);
    assert.equal(message.type, type, `${this.label}: expected ${type}, got ` +
      JSON.stringify(message).slice(0, 300));
    if (code !== undefined) {
      assert.equal(message.code, code, `${this.label}: expected code ${code}, got ` +
        JSON.stringify(message).slice(0, 300));
    }
    return message;
  }

  // Nothing arrives for `ms` (and the connection stays open unless allowed).
  async expectSilence(ms, { allowClose = false } = {}) {
    try {
      const message = await this.next(ms);
      assert.fail(`${this.label}: expected silence, got ${JSON.stringify(message).slice(0, 300)}`);
    } catch (e) {
      if (/no message within/.test(e.message)) return;
      if (allowClose && this.closeInfo) return;
      throw e;
    }
  }

  async login(name, token) {
    this.send(token === undefined ? { type: 'login', name } : { type: 'login', name, token });
    return this.expect('login');
  }

  close() {
    if (this.ws.readyState <= WebSocket.OPEN) this.ws.close();
  }

  terminate() {
    this.ws.terminate();
  }
}

let clientCount = 0;

// Opens a WebSocket; rejects with {status, body} attached when the server refuses the upgrade.
export function connect(url, { origin, localAddress, ca, headers, label } = {}) {
  const ws = new WebSocket(url, {
    origin,
    localAddress,
    ca,
    headers,
    handshakeTimeout: 5000,
    // Mirrors a browser: no compression extension offered.
    perMessageDeflate: false,
  });
  const client = new Client(ws, label ?? `client${++clientCount}`);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        const error = new Error(`upgrade refused: HTTP ${res.statusCode} ${body.trim()}`);
        error.status = res.statusCode;
        error.body = body;
        error.headers = res.headers;
        req.destroy();
        reject(error);
      });
    });
    ws.once('error', (e) => reject(e));
  });
}

// Connects and signs in; fails the test unless the login succeeds.
export async function loggedIn(url, name, options = {}) {
  const client = await connect(url, { label: name, ...options });
  const reply = await client.login(name);
  assert.equal(reply.success, true, `login as ${name}: ${JSON.stringify(reply)}`);
  return client;
}

// A client that keeps presence lists apart: their order against relays is not specified.
export async function user(server, name, { features, peer, token } = {}) {
  const c = await connect(server.wsUrl, { label: name });
  const login = { type: 'login', name };
  if (features) login.features = features;
  if (peer) login.peer = peer;
  if (token) login.token = token;
  c.send(login);
  const reply = await c.expect('login');
  assert.equal(reply.success, true, `${name}: ${JSON.stringify(reply)}`);
  c.reply = reply;
  c.presence = [];
  c.other = [];
  const pull = async (queue, ms) => {
    while (!queue.length) {
      const m = await c.next(ms);
      (m.type === 'presence' ? c.presence : c.other).push(m);
    }
    return queue.shift();
  };
  c.nextOther = (ms = 3000) => pull(c.other, ms);
  c.nextPresence = (ms = 3000) => pull(c.presence, ms);
  c.expectOther = async (type, code) => {
    const m = await c.nextOther();
    assert.equal(m.type, type, `${name}: expected ${type}, got ${JSON.stringify(m)}`);
    if (code) assert.equal(m.code, code, `${name}: ${JSON.stringify(m)}`);
    return m;
  };
  return c;
}

// A relay from `a` to `b` arrives, stamped with a's name: the service works for them.
export async function assertRelay(a, aName, b, bName, timeoutMs = 3000) {
  const id = crypto.randomUUID();
  a.send({ type: 'candidate', name: bName, candidate: { candidate: `probe ${id}`, sdpMid: '0' } });
  const got = await b.expect('candidate', { timeoutMs });
  assert.equal(got.name, aName);
  assert.equal(got.candidate.candidate, `probe ${id}`);
}

// The upgrade attempt is refused with this HTTP status; returns the error (status, body).
export async function expectRefused(url, status, options = {}) {
  const error = await connect(url, options).then(
    (client) => {
      client.terminate();
      assert.fail(`expected HTTP ${status}, but the WebSocket opened`);
    },
    (e) => e,
  );
  assert.equal(error.status, status, `expected HTTP ${status}: ${error.message}`);
  return error;
}

// ---------------------------------------------------------------------------------------
// Raw sockets.

// Opens a TCP (or, with `tlsOptions`, TLS) connection; `localAddress` picks the source.
export function openSocket({ host = '127.0.0.1', port, localAddress, tlsOptions }) {
  return new Promise((resolve, reject) => {
    const socket = tlsOptions
      ? tls.connect({ host, port, localAddress, ...tlsOptions })
      : net.connect({ host, port, localAddress });
    socket.once(tlsOptions ? 'secureConnect' : 'connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

// Resolves with ms from now until the peer ends or resets `socket`; null after `timeoutMs`.
export function whenClosed(socket, timeoutMs) {
  const start = performance.now();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve(since(start));
    };
    const timer = setTimeout(() => {
      socket.off('end', done).off('close', done).off('error', done);
      resolve(null);
    }, timeoutMs);
    socket.once('end', done).once('close', done).once('error', done);
    socket.resume();
  });
}

// Sends `data` over a fresh connection and reads until the server closes it or `timeoutMs`
// passes. Returns {status, headers (lower-case names), body, raw, closed}.
export async function rawRequest({ port, data, host = '127.0.0.1', localAddress, tlsOptions,
  timeoutMs = 3000 }) {
  const socket = await openSocket({ host, port, localAddress, tlsOptions });
  const chunks = [];
  socket.on('data', (c) => chunks.push(c));
  const closed = whenClosed(socket, timeoutMs);
  socket.write(data);
  const closedAfter = await closed;
  socket.destroy();
  return { ...parseResponse(Buffer.concat(chunks).toString('latin1')), closed: closedAfter !== null };
}

export function parseResponse(raw) {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const lines = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: end < 0 ? '' : raw.slice(end + 4), raw };
}

export function getRequest(target, { host = 'localhost', extra = '' } = {}) {
  return `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;
}

// A client-to-server WebSocket frame (masked, FIN set), as RFC 6455 section 5.2 lays out.
export function wsFrame(payload, opcode = 1) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const mask = crypto.randomBytes(4);
  let header;
  if (body.length < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | body.length]);
  } else if (body.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(body.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(body.length), 2);
  }
  const masked = Buffer.alloc(body.length);
  for (let i = 0; i < body.length; i++) masked[i] = body[i] ^ mask[i % 4];
  return Buffer.concat([header, mask, masked]);
}

// A WebSocket opened by hand over a raw socket: the 101 is read and nothing after it, so
// the caller decides whether this client ever reads again.
export async function rawWebSocket({ port, host = '127.0.0.1', path: target = '/' }) {
  const socket = await openSocket({ host, port });
  const key = crypto.randomBytes(16).toString('base64');
  socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  let head = Buffer.alloc(0);
  await within(5000, new Promise((resolve, reject) => {
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const leftover = head.subarray(end + 4);
      if (leftover.length) socket.unshift(leftover);
      const text = head.subarray(0, end).toString('latin1');
      if (!/^HTTP\/1\.1 101/.test(text)) reject(new Error(`no 101: ${text}`));
      else resolve();
    };
    socket.on('data', onData);
    socket.once('error', reject);
  }), 'WebSocket handshake');
  socket.pause();
  return {
    socket,
    sendText: (text) => socket.write(wsFrame(text, 1)),
  };
}

// ---------------------------------------------------------------------------------------
// TLS: a self-signed certificate made with openssl for localhost, 127.0.0.1 and `extraIps`.

export function makeCertificate(extraIps = []) {
  const dir = fs.mkdtempSync(path.join(workDir, 'tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const san = ['DNS:localhost', 'IP:127.0.0.1', ...extraIps.map((ip) => `IP:${ip}`)].join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
    '-addext', `subjectAltName=${san}`], { stdio: 'pipe' });
  return { cert, key, ca: fs.readFileSync(cert) };
}

// ---------------------------------------------------------------------------------------
// Network namespaces: a loopback interface of our own that also carries a non-loopback
// address (198.18.0.0/15, set aside for network tests by RFC 2544), so a connection can
// come from an address the server does not treat as loopback without leaving this machine.

export const NETNS_ADDRESS = '198.18.0.1';

export function canUseNetns() {
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace';
  const probe = `duet-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'delete', probe], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `ip netns is not usable here: ${String(e.stderr || e.message).trim()}`;
  }
}

let netnsCount = 0;
export function createNetns() {
  const name = `duet-sys-${process.pid}-${++netnsCount}`;
  const ip = (...args) => execFileSync('ip', args, { stdio: 'pipe' });
  ip('netns', 'add', name);
  liveNamespaces.add(name);
  ip('-n', name, 'link', 'set', 'lo', 'up');
  ip('-n', name, 'addr', 'add', `${NETNS_ADDRESS}/32`, 'dev', 'lo');
  return {
    name,
    delete() {
      try {
        ip('netns', 'delete', name);
      } catch {}
      liveNamespaces.delete(name);
    },
  };
}

// Runs fixtures/probe.mjs inside `netns` with `steps`; resolves with its JSON results.
export function probeInNetns(netns, steps, caPem) {
  return new Promise((resolve, reject) => {
    const child = track(spawn('ip', ['netns', 'exec', netns, process.execPath,
      path.join(fixturesDir, 'probe.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`probe exited ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout));
      } catch (e) {
        reject(new Error(`probe printed no JSON: ${stdout} ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify({ steps, ca: caPem?.toString() }));
  });
}
