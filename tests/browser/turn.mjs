// Debian's coturn as the TURN relay of a test, with the TURN REST shared secret that
// duet-server's --turn-secret signs credentials with. Listens only where it is told
// (loopback, or an address inside a test's own namespace) and is stopped by its PID.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from './harness.mjs';
import { artifactsDir } from './server.mjs';
import { spawnIn } from './hosts.mjs';

export const turnBinary = process.env.DUET_TURNSERVER || '/usr/bin/turnserver';

function turnArgs({ address, port, secret, dir }) {
  return [
    '-n', '--no-cli', '--no-tls', '--no-dtls', '--no-software-attribute',
    `--listening-ip=${address}`, `--relay-ip=${address}`, `--listening-port=${port}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=duet.test',
    // Peers on loopback are refused by default; here both browsers are on this machine.
    '--allow-loopback-peers',
    '--min-port=49160', '--max-port=49400',
    '--log-file=stdout', '--simple-log', '-v',
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--userdb=${path.join(dir, 'turndb')}`,
  ];
}

// Starts coturn; `host` (from hosts.mjs) runs it inside that namespace.
export async function startTurn({ address = '127.0.0.1', port, host = null, logName = 'coturn' }) {
  if (!fs.existsSync(turnBinary)) {
    throw new Error(`${turnBinary} not found: tools/setup.sh installs Debian's coturn`);
  }
  const secret = crypto.randomBytes(16).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-turn-'));
  const args = turnArgs({ address, port, secret, dir });
  const logPath = path.join(artifactsDir, `${logName}.log`);
  const ready = /UDP listener opened/;
  let proc;
  if (host) {
    proc = await spawnIn(host, turnBinary, args, { ready, logPath });
  } else {
    const child = spawn(turnBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(logPath);
    let output = '';
    for (const s of [child.stdout, child.stderr]) s.on('data', (d) => { output += d; log.write(d); });
    const exited = new Promise((r) => child.on('exit', (code, signal) => { log.end(); r({ code, signal }); }));
    const deadline = Date.now() + 10_000;
    while (!ready.test(output)) {
      if (child.exitCode !== null) throw new Error(`coturn exited:\n${output}`);
      if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`coturn not ready:\n${output}`); }
      await sleep(50);
    }
    proc = {
      pid: child.pid,
      output: () => output,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        process.kill(child.pid, 'SIGTERM');
        return Promise.race([exited, sleep(5000).then(() => { process.kill(child.pid, 'SIGKILL'); return exited; })]);
      },
    };
  }
  return {
    secret,
    uri: `turn:${address}:${port}?transport=udp`,
    output: proc.output,
    async stop() {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// coturn on a free loopback port for one describe(): started in its before(), stopped in its
// after(). Call it before useServerAndBrowser, whose server args read `turn.uri` and
// `turn.secret` once this has started.
export function useTurn(logName) {
  const turn = { uri: null, secret: null, stop: async () => {} };
  before(async () => {
    Object.assign(turn, await startTurn({ address: '127.0.0.1', port: await freePort(), logName }));
  });
  after(async () => { await turn.stop(); });
  return turn;
}
