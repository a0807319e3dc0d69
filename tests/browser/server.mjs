// The server under test: the real duet-server binary, started on a free loopback port and
// stopped by its PID; plus where the suite finds its inputs and puts its artifacts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const serverBinary = path.resolve(
  process.env.DUET_SERVER || path.join(repoRoot, 'build/native/server/duet-server'),
);
export const webRoot = path.resolve(
  process.env.DUET_WEB_ROOT || path.join(repoRoot, 'build/wasm/web'),
);
export const fixturesDir = path.join(here, 'fixtures');
export const artifactsDir = path.join(here, 'artifacts');
fs.mkdirSync(artifactsDir, { recursive: true });

// ---------------------------------------------------------------------------------------
// Prerequisites: missing builds fail the suite with a message that says what to build.

export function requireServerBinary() {
  let ok = false;
  try {
    fs.accessSync(serverBinary, fs.constants.X_OK);
    ok = fs.statSync(serverBinary).isFile();
  } catch {}
  assert.ok(
    ok,
    `duet-server not found or not executable at ${serverBinary}: build the native preset, ` +
      'or set DUET_SERVER',
  );
}

export function requireBundle(root = webRoot) {
  const missing = ['index.html', 'duet.js', 'duet.wasm'].filter(
    (f) => !fs.existsSync(path.join(root, f)),
  );
  assert.deepEqual(
    missing,
    [],
    `the client bundle is incomplete in ${root} (missing ${missing.join(', ')}): build the ` +
      'wasm preset, or set DUET_WEB_ROOT',
  );
}

// ---------------------------------------------------------------------------------------
// The server under test.

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const live_children = new Set();
process.on('exit', () => {
  // Last resort when the runner ends this process before after() hooks ran.
  for (const child of live_children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {}
  }
});

// A child process (a server, Xvfb, a WebDriver) killed by its PID if this process exits
// while it still runs.
export function killAtExit(child) {
  live_children.add(child);
  child.on('exit', () => live_children.delete(child));
  return child;
}

// Starts duet-server on a free loopback port with no public STUN server (WebRTC stays on
// this machine). Resolves once it prints its "listening" line.
//
// `port`: a given port (a restart on the same address); `address` and `netns`: listen on an
// address inside a test's own network namespace (hosts.mjs) instead of loopback.
export async function startServer({ root = webRoot, logName = 'server', args = [], port = 0,
  address = '127.0.0.1', netns = null } = {}) {
  requireServerBinary();
  for (let attempt = 1; ; attempt++) {
    const chosen = port || (netns ? 20000 + Math.floor(Math.random() * 20000) : await freePort());
    try {
      return await spawnServer(chosen, root, logName, args, address, netns);
    } catch (error) {
      // Another process may take the port between our probe and the server's bind.
      if (port || attempt >= 3 || !/in use/i.test(error.message)) throw error;
    }
  }
}

function spawnServer(port, root, logName, args, address, netns) {
  const argv = ['--host', address, '--port', String(port), '--web-root', root,
    '--ice-server', 'none', ...args];
  const logPath = path.join(artifactsDir, `${logName}.log`);
  const log = fs.createWriteStream(logPath);
  log.write(`$ ${serverBinary} ${argv.join(' ')}\n`);
  const child = netns
    ? spawn('ip', ['netns', 'exec', netns, serverBinary, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(serverBinary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  killAtExit(child);
  let output = '';
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      log.end(`[exit code ${code} signal ${signal}]\n`);
      resolve({ code, signal });
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk;
      log.write(chunk);
    });
  }

  const server = {
    port,
    pid: child.pid,
    origin: `http://${address}:${port}`,
    wsUrl: `ws://${address}:${port}/ws`,
    logPath,
    stopping: false,
    running: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    exit,
    // SIGTERM by PID, the way the server is meant to be shut down; SIGKILL if it hangs.
    async stop() {
      server.stopping = true;
      if (!server.running()) return { ...(await exit), alreadyExited: true };
      process.kill(child.pid, 'SIGTERM');
      const result = await Promise.race([exit, sleep(5000, null, { ref: false })]);
      if (result) return result;
      process.kill(child.pid, 'SIGKILL');
      return { ...(await exit), hung: true };
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(child.pid, 'SIGKILL');
      reject(new Error(`duet-server printed no "listening" line within 10 s; output:\n${output}`));
    }, 10_000);
    const onData = () => {
      if (/listening/i.test(output)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(server);
      }
    };
    child.stdout.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${serverBinary}: ${error.message}`));
    });
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`duet-server exited (code ${code}, signal ${signal}) before listening; ` +
        `output:\n${output}`));
    });
  });
}
