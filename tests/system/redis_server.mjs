// Debian's redis-server for the tests of several nodes (system and browser tests): on a free
// loopback port, no persistence, its output discarded, killed by its PID. Node built-ins only,
// so tests/browser can import it too.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const redisBinary = process.env.DUET_REDIS_SERVER || '/usr/bin/redis-server';

export function freeLoopbackPort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

// Started on `port` and accepting connections; `track` (optional) is told of the child so a
// harness kills it if the test process ends early. Returns { port, url, kill() }.
export async function startRedis(port, { track = (c) => c } = {}) {
  const child = track(spawn(redisBinary, ['--port', String(port), '--bind', '127.0.0.1',
    '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' }));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = performance.now() + 10_000;
  while (!(await accepts(port))) {
    if (performance.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`redis-server (${redisBinary}) is not listening on ${port}`);
    }
    await sleep(50);
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

// One command to the Redis on `port` (a fresh connection, RESP by hand); resolves its reply:
// a string, a number, null, or an array of those. For tests that check what the nodes wrote.
export function redisCommand(port, ...args) {
  const frame = `*${args.length}\r\n` +
    args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('');
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(frame));
    let data = Buffer.alloc(0);
    s.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const parsed = parseReply(data, 0);
      if (parsed) {
        s.destroy();
        if (parsed.value instanceof Error) reject(parsed.value);
        else resolve(parsed.value);
      }
    });
    s.on('error', reject);
  });
}

// {value, end} for the reply at `at`, or null while it is incomplete.
function parseReply(buf, at) {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[at])) {
    case '+': return { value: line, end: next };
    case '-': return { value: new Error(line), end: next };
    case ':': return { value: Number(line), end: next };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return null;
      return { value: buf.toString('utf8', next, next + n), end: next + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const out = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const e = parseReply(buf, pos);
        if (!e) return null;
        out.push(e.value);
        pos = e.end;
      }
      return { value: out, end: pos };
    }
    default: return { value: new Error(`unexpected reply ${line}`), end: next };
  }
}
