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
