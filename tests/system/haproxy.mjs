// Debian's HAProxy in front of duet-server nodes, running the configuration of docs/deploy.md:
// read from that file, with only its addresses changed (each replacement must match once, so
// a doc that drifts from what is tested fails). Started in the foreground as our own child
// (its own PID, ports and temp dir; Debian's service is never used) and killed by that PID.
// Node built-ins only, so tests/browser can import it too.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { freeLoopbackPort } from './redis_server.mjs';

export const haproxyBinary = process.env.DUET_HAPROXY || '/usr/sbin/haproxy';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The ```haproxy block of docs/deploy.md with these addresses in place of the doc's.
export function haproxyConfig({ tlsPort, plainPort, pem, nodePorts, statsSocket }) {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs/deploy.md'), 'utf8');
  const m = /```haproxy\n([\s\S]*?)```/.exec(doc);
  assert.ok(m, 'docs/deploy.md has a ```haproxy block');
  let text = m[1];
  const swap = (from, to) => {
    assert.equal(text.split(from).length, 2, `docs/deploy.md's config has "${from}" once`);
    text = text.replace(from, to);
  };
  swap('bind :443 ssl crt /etc/haproxy/duet.pem', `bind 127.0.0.1:${tlsPort} ssl crt ${pem}`);
  swap('bind :80\n', `bind 127.0.0.1:${plainPort}\n`);
  for (let i = 0; i < 3; i++) {
    // Fewer nodes than the doc's three: the rest point at a port nothing listens on (down).
    swap(`127.0.0.1:${8081 + i} check`, `127.0.0.1:${nodePorts[i] ?? 1} check`);
  }
  // Debian's global section, less what needs its service: no chroot, user or daemon.
  return `global\n    maxconn 4096\n    stats socket ${statsSocket} mode 600 level admin\n\n` +
    text;
}

// One command on HAProxy's admin socket; resolves its answer.
function admin(socket, command) {
  return new Promise((resolve, reject) => {
    const s = net.connect(socket, () => s.write(`${command}\n`));
    let text = '';
    s.on('data', (c) => (text += c));
    s.on('end', () => resolve(text));
    s.on('error', reject);
  });
}

// Starts HAProxy in front of `nodePorts` (node1, node2, node3 in order), TLS with a fresh
// self-signed certificate for localhost. Returns { url (wss), origin (https), plainPort,
// states(), setState(server, 'ready'|'drain'|'maint'), stop() }.
export async function startHaproxy(nodePorts, { track = (c) => c } = {}) {
  if (!fs.existsSync(haproxyBinary)) {
    throw new Error(`${haproxyBinary} is missing: run tools/setup.sh (it installs haproxy)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-haproxy-'));
  const pem = path.join(dir, 'duet.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', pem, '-out', `${pem}.crt`, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'pipe' });
  const ca = fs.readFileSync(`${pem}.crt`);
  fs.appendFileSync(pem, ca);
  const tlsPort = await freeLoopbackPort();
  const plainPort = await freeLoopbackPort();
  const statsSocket = path.join(dir, 'admin.sock');
  const cfg = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(cfg, haproxyConfig({ tlsPort, plainPort, pem, nodePorts, statsSocket }));
  const log = fs.openSync(path.join(dir, 'haproxy.log'), 'w');
  // -db: in the foreground, as our child.
  const child = track(spawn(haproxyBinary, ['-db', '-f', cfg], { stdio: ['ignore', log, log] }));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const proxy = {
    dir,
    ca,
    plainPort,
    url: `wss://localhost:${tlsPort}/`,
    origin: `https://localhost:${tlsPort}`,
    // HAProxy's view of the backend's servers: { node1: 'UP', node3: 'DOWN', ... }.
    async states() {
      const text = await admin(statsSocket, 'show stat').catch(() => '');
      const out = {};
      for (const line of text.split('\n')) {
        const f = line.split(',');
        if (f[0] === 'nodes' && f[1] !== 'BACKEND') out[f[1]] = f[17];
      }
      return out;
    },
    setState: (server, state) => admin(statsSocket, `set server nodes/${server} state ${state}`),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = performance.now() + 10_000;
  while (!fs.existsSync(statsSocket)) {
    if (performance.now() > deadline || child.exitCode !== null) {
      await proxy.stop();
      throw new Error(`haproxy did not start: see ${path.join(dir, 'haproxy.log')}`);
    }
    await sleep(50);
  }
  return proxy;
}
