// Two "devices" on one machine: network namespaces joined by a veth pair, each with only
// `lo` and its end of the cable, so nothing a test does there reaches any other network.
// Programs are started inside a namespace with `ip netns exec`, which execs in place: the
// PID we hold is the program's own, and we stop it by that PID.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

// Addresses from TEST-NET-2 (RFC 5737): never routed anywhere, inside namespaces of our own.
export async function createHosts() {
  const tag = `duet${process.pid}`;
  const hosts = {
    a: { ns: `${tag}a`, ip: '198.51.100.1', dev: `${tag}a` },
    b: { ns: `${tag}b`, ip: '198.51.100.2', dev: `${tag}b` },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-hosts-'));
  const created = [];
  const teardown = () => {
    for (const ns of created.reverse()) {
      try { ip('netns', 'del', ns); } catch {}
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const h of Object.values(hosts)) {
      ip('netns', 'add', h.ns);
      created.push(h.ns);
    }
    ip('link', 'add', hosts.a.dev, 'netns', hosts.a.ns, 'type', 'veth',
      'peer', 'name', hosts.b.dev, 'netns', hosts.b.ns);
    for (const h of Object.values(hosts)) {
      ip('-n', h.ns, 'addr', 'add', `${h.ip}/24`, 'dev', h.dev);
      ip('-n', h.ns, 'link', 'set', 'lo', 'up');
      ip('-n', h.ns, 'link', 'set', h.dev, 'up');
      // Chromium is launched through this wrapper so that the browser, its renderers and
      // its network service all live in the host's namespace.
      h.chromium = path.join(dir, `chromium-${h.ns}`);
      fs.writeFileSync(h.chromium,
        `#!/bin/sh\nexec ip netns exec ${h.ns} ${process.env.DUET_CHROMIUM || '/usr/bin/chromium'} "$@"\n`,
        { mode: 0o755 });
    }
  } catch (error) {
    teardown();
    throw new Error(`cannot create network namespaces (this suite needs root and iproute2): ` +
      `${error.stderr || error.message}`);
  }
  return { ...hosts, teardown };
}

// Firewall on host `from`: drop everything exchanged with `to` except traffic to and from the
// given ports on `to` (the signaling server and the TURN server), so the only way left for
// media is through the relay. Stateless rules: connections opened before them are judged the
// same as new ones.
export function blockDirect(from, to, allowedPorts) {
  const ipt = (...args) => execFileSync('ip', ['netns', 'exec', from.ns, 'iptables', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const port of allowedPorts) {
    for (const proto of ['tcp', 'udp']) {
      ipt('-A', 'OUTPUT', '-d', to.ip, '-p', proto, '--dport', String(port), '-j', 'ACCEPT');
      ipt('-A', 'INPUT', '-s', to.ip, '-p', proto, '--sport', String(port), '-j', 'ACCEPT');
    }
  }
  ipt('-A', 'OUTPUT', '-d', to.ip, '-j', 'DROP');
  ipt('-A', 'INPUT', '-s', to.ip, '-j', 'DROP');
}

export function unblock(host) {
  for (const chain of ['OUTPUT', 'INPUT']) {
    execFileSync('ip', ['netns', 'exec', host.ns, 'iptables', '-F', chain]);
  }
}

// Spawns `command` inside the host's namespace; resolves once `ready` matches its output.
export async function spawnIn(host, command, args, { ready, logPath, timeout = 10_000 } = {}) {
  const child = spawn('ip', ['netns', 'exec', host.ns, command, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logPath ? fs.createWriteStream(logPath) : null;
  let output = '';
  for (const s of [child.stdout, child.stderr]) {
    s.on('data', (d) => { output += d; log?.write(d); });
  }
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    log?.end(`[exit ${code} ${signal}]\n`);
    resolve({ code, signal });
  }));
  const proc = {
    pid: child.pid,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      process.kill(child.pid, 'SIGTERM');
      const r = await Promise.race([exited, sleep(5000, null, { ref: false })]);
      if (r) return r;
      process.kill(child.pid, 'SIGKILL');
      return exited;
    },
  };
  if (!ready) return proc;
  const deadline = Date.now() + timeout;
  while (!ready.test(output)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${command} exited before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`${command} was not ready within ${timeout} ms:\n${output}`);
    }
    await sleep(50);
  }
  return proc;
}
