// Call control (docs/call_control.md) against the real server: the flags that shape it
// (--ring-timeout, --lost-timeout, --ice-transport-policy, --no-presence, --turn-uri,
// --turn-secret, --turn-ttl), ringing between `ws` clients, and TURN credentials that a real
// coturn (Debian's, on loopback) accepts until they expire.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sleep, startServer, track, user, within, workDir } from './harness.mjs';

const RING = ['ring'];
const SETTINGS = ['iceTtl', 'iceTransportPolicy', 'ringTimeout', 'lostTimeout', 'presence'];

const statuses = (presence) =>
  Object.fromEntries(presence.users.map((u) => [u.name, u.status]));

function hmacBase64(secret, text) {
  return crypto.createHmac('sha1', secret).update(text).digest('base64');
}

// ---------------------------------------------------------------------------------------
// coturn, only on loopback, with the TURN REST secret the server signs with.

const turnBinary = process.env.DUET_TURNSERVER || '/usr/bin/turnserver';
const turnClient = '/usr/bin/turnutils_uclient';

function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startTurn(secret) {
  const port = await freeUdpPort();
  const dir = fs.mkdtempSync(path.join(workDir, 'coturn-'));
  const child = track(spawn(turnBinary, [
    '-n', '--no-cli', '--no-tls', '--no-dtls', '--no-software-attribute',
    '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=duet.test',
    '--allow-loopback-peers', '--min-port=49600', '--max-port=49700',
    // -v: coturn says when its UDP listener is open only when verbose.
    '--log-file=stdout', '--simple-log', '-v', `--pidfile=${path.join(dir, 'pid')}`,
    `--userdb=${path.join(dir, 'db')}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  const log = fs.createWriteStream(path.join(dir, 'coturn.log'));
  for (const s of [child.stdout, child.stderr]) {
    s.on('data', (d) => {
      output += d;
      log.write(d);
    });
  }
  const exited = new Promise((r) => child.on('exit', r));
  const deadline = performance.now() + 10_000;
  while (!/UDP listener opened/.test(output)) {
    if (child.exitCode !== null) throw new Error(`coturn exited:\n${output}`);
    if (performance.now() > deadline) {
      process.kill(child.pid, 'SIGKILL');
      throw new Error(`coturn not listening within 10 s:\n${output}`);
    }
    await sleep(50);
  }
  return {
    port,
    async stop() {
      if (child.exitCode === null) process.kill(child.pid, 'SIGTERM');
      await within(5000, exited, 'coturn exit').catch(() => process.kill(child.pid, 'SIGKILL'));
      log.end();
    },
  };
}

// Allocates a relay on coturn with these credentials and sends a few packets through it
// (turnutils_uclient, client to client). True when the allocation succeeded.
function allocates(turn, username, credential) {
  return new Promise((resolve) => {
    execFile(turnClient, ['-u', username, '-w', credential, '-p', String(turn.port), '-n', '2',
      '-m', '1', '-c', '-y', '127.0.0.1'], { timeout: 15_000 }, (error, stdout, stderr) => {
      const text = `${stdout}${stderr}`;
      resolve(!error && !/Cannot complete Allocation/.test(text) &&
        /tot_recv_msgs=[1-9]/.test(text));
    });
  });
}

const turnMissing = [turnBinary, turnClient].find((f) => !fs.existsSync(f));

// ---------------------------------------------------------------------------------------

describe('call control settings (--ring-timeout, --lost-timeout, --ice-transport-policy)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'call-settings',
      args: ['--ring-timeout', '7', '--lost-timeout', '4', '--ice-transport-policy', 'relay',
        '--ice-server', 'turn:127.0.0.1:3478'] });
  });
  after(() => server.stopClean());

  it('reach the clients that ring, in their login reply; a tutorial client gets none', async () => {
    const ringing = await user(server, 'ringing', { features: RING });
    assert.equal(ringing.reply.ringTimeout, 7);
    assert.equal(ringing.reply.lostTimeout, 4);
    assert.equal(ringing.reply.iceTransportPolicy, 'relay');
    assert.equal(ringing.reply.iceTtl, 0);  // no --turn-secret: static entries never expire
    assert.deepEqual(ringing.reply.iceServers, [{ urls: ['turn:127.0.0.1:3478'] }]);
    const tutorial = await user(server, 'tutorial');
    for (const key of SETTINGS) assert.ok(!(key in tutorial.reply), key);
    ringing.close();
    tutorial.close();
  });

  it('defaults: 30 s, 30 s, all', async () => {
    const plain = await startServer({ name: 'call-defaults' });
    const c = await user(plain, 'alice', { features: RING });
    assert.equal(c.reply.ringTimeout, 30);
    assert.equal(c.reply.lostTimeout, 30);
    assert.equal(c.reply.iceTransportPolicy, 'all');
    c.close();
    await plain.stopClean();
  });
});

describe('ringing between clients', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'ringing', args: ['--threads', '2'] });
  });
  after(() => server.stopClean());

  it('rings, accepts, relays the reasons; busy and missed at once; a tutorial page is ' +
     'accepted for', async () => {
    const alice = await user(server, 'alice', { features: RING });
    const bob = await user(server, 'bob', { features: RING });
    const carol = await user(server, 'carol', { features: RING });
    const tutorial = await user(server, 'tutorial');

    alice.send({ type: 'call', name: 'bob' });
    assert.deepEqual(await bob.expectOther('call'), { type: 'call', name: 'alice' });
    const start = performance.now();
    carol.send({ type: 'call', name: 'bob' });
    const busy = await carol.expectOther('error', 'busy');
    assert.equal(busy.user, 'bob');
    assert.ok(performance.now() - start < 1000, 'busy is told at once');
    assert.deepEqual(await bob.expectOther('missed'), { type: 'missed', name: 'carol' });

    bob.send({ type: 'leave', name: 'alice', reason: 'declined' });
    assert.deepEqual(await alice.expectOther('leave'),
      { type: 'leave', name: 'bob', reason: 'declined' });
    bob.send({ type: 'accept', name: 'alice' });
    assert.equal((await bob.expectOther('error', 'not_ringing')).user, 'alice');

    carol.send({ type: 'call', name: 'tutorial' });
    assert.deepEqual(await carol.expectOther('accept'), { type: 'accept', name: 'tutorial' });
    carol.send({ type: 'offer', name: 'tutorial', offer: { type: 'offer', sdp: 'v=0\r\n' } });
    assert.equal((await tutorial.expectOther('offer')).name, 'carol');
    carol.send({ type: 'leave', name: 'tutorial', reason: 'bored' });
    const refused = await carol.expectOther('error', 'invalid_message');
    assert.match(refused.message, /reason/);
    for (const c of [alice, bob, carol, tutorial]) c.close();
  });
});

describe('presence (--no-presence)', () => {
  it('lists who is online and busy to clients that ask, and to nobody else', async () => {
    const server = await startServer({ name: 'presence' });
    const watcher = await user(server, 'watcher', { features: ['ring', 'presence'] });
    assert.equal(watcher.reply.presence, true);
    const first = await watcher.nextPresence();
    assert.equal(first.full, true);
    assert.deepEqual(first.users, []);
    const alice = await user(server, 'alice', { features: RING });
    assert.deepEqual(statuses(await watcher.nextPresence()), { alice: 'available' });
    const bob = await user(server, 'bob');
    assert.deepEqual(statuses(await watcher.nextPresence()), { bob: 'available' });
    alice.send({ type: 'call', name: 'bob' });
    await alice.expectOther('accept');  // bob is a tutorial page
    assert.deepEqual(statuses(await watcher.nextPresence()), { alice: 'busy', bob: 'busy' });
    bob.terminate();
    await alice.expectOther('leave');
    assert.deepEqual(statuses(await watcher.nextPresence()),
      { alice: 'available', bob: 'offline' });
    await alice.expectSilence(300);  // alice never asked for presence
    alice.close();
    watcher.close();
    await server.stopClean();
  });

  it('--presence-window: the first names, a search for the others, nothing for a login past it',
    async () => {
      const server = await startServer({ name: 'presence-window', args: ['--presence-window', '3'] });
      const others = [];
      for (const name of ['bob', 'cat', 'dan', 'eve', 'zoe']) {
        others.push(await user(server, name, { features: RING }));
      }
      const watcher = await user(server, 'mia', { features: ['ring', 'presence'] });
      assert.equal(watcher.reply.presenceWindow, 3);
      const first = await watcher.nextPresence();
      assert.equal(first.full, true);
      assert.equal(first.prefix, '');
      assert.deepEqual(statuses(first), { bob: 'available', cat: 'available', dan: 'available' });
      assert.equal(first.more, true);

      // Past the window: nobody's list changes.
      const late = await user(server, 'zara', { features: RING });
      await watcher.expectSilence(300);
      // Into it: the name enters, the last one is pushed out.
      const amy = await user(server, 'amy', { features: RING });
      assert.deepEqual(statuses(await watcher.nextPresence()),
        { amy: 'available', dan: 'offline' });
      // A search moves the window; changes then follow the new one.
      watcher.send({ type: 'search', prefix: 'z' });
      const found = await watcher.nextPresence();
      assert.equal(found.full, true);
      assert.equal(found.prefix, 'z');
      assert.equal(found.more, false);
      assert.deepEqual(statuses(found), { zara: 'available', zoe: 'available' });
      others[4].send({ type: 'call', name: 'zara' });
      await late.expectOther('call');
      assert.deepEqual(statuses(await watcher.nextPresence()), { zara: 'busy', zoe: 'busy' });
      amy.close();
      await watcher.expectSilence(300);  // amy is outside the window of "z"
      watcher.send({ type: 'search', prefix: 'x'.repeat(129) });
      assert.equal((await watcher.expectOther('error')).code, 'invalid_message');
      for (const c of [...others, late, watcher]) c.close();
      await server.stopClean();
    });

  it('--no-presence sends no lists, and the login reply says so', async () => {
    const server = await startServer({ name: 'no-presence', args: ['--no-presence'] });
    const watcher = await user(server, 'watcher', { features: ['ring', 'presence'] });
    assert.equal(watcher.reply.presence, false);
    const alice = await user(server, 'alice', { features: RING });
    alice.send({ type: 'call', name: 'watcher' });
    await watcher.expectOther('call');
    await watcher.expectSilence(300);
    alice.close();
    watcher.close();
    await server.stopClean();
  });
});

describe('TURN credentials (--turn-uri, --turn-secret, --turn-ttl)', () => {
  const secret = crypto.randomBytes(12).toString('hex');
  let turn;
  let server;
  before(async () => {
    if (turnMissing) return;
    turn = await startTurn(secret);
    server = await startServer({ name: 'turn', args: [
      '--turn-uri', `turn:127.0.0.1:${turn.port}?transport=udp`,
      '--turn-uri', `turn:127.0.0.1:${turn.port}?transport=tcp`,
      '--turn-secret', secret, '--turn-ttl', '10'] });
  });
  after(async () => {
    await server?.stopClean();
    await turn?.stop();
  });

  it('hands each login its own TURN entry, signed with the secret, expiring after --turn-ttl',
    { skip: turnMissing && `${turnMissing} not found (tools/setup.sh installs coturn)` },
    async () => {
      const issuedAfter = Math.floor(Date.now() / 1000);
      const alice = await user(server, 'alice', { features: RING });
      const tutorial = await user(server, 'tutorial');
      assert.equal(alice.reply.iceTtl, 10);
      for (const [c, name] of [[alice, 'alice'], [tutorial, 'tutorial']]) {
        assert.equal(c.reply.iceServers.length, 1, JSON.stringify(c.reply.iceServers));
        const entry = c.reply.iceServers[0];
        assert.deepEqual(entry.urls, [`turn:127.0.0.1:${turn.port}?transport=udp`,
          `turn:127.0.0.1:${turn.port}?transport=tcp`]);
        const [expiry, who] = entry.username.split(':');
        assert.equal(who, name);
        assert.ok(Number(expiry) >= issuedAfter + 10 && Number(expiry) <= Date.now() / 1000 + 10,
          `expiry ${expiry}, now ${Date.now() / 1000}`);
        assert.equal(entry.credential, hmacBase64(secret, entry.username));
      }
      assert.ok(!('iceTtl' in tutorial.reply));

      // coturn itself takes them: a relay is allocated and carries packets.
      const { username, credential } = alice.reply.iceServers[0];
      assert.equal(await allocates(turn, username, credential), true, 'fresh credentials');
      // One character changed: to x, or to y when it is x already (base64 starts with x one
      // time in 64, and then "forged" was the credential itself).
      const forged = `${credential[0] === 'x' ? 'y' : 'x'}${credential.slice(1)}`;
      assert.equal(await allocates(turn, username, forged), false, 'a forged credential');

      // Past --turn-ttl coturn refuses them; refresh_ice hands out fresh ones that work.
      await sleep(Math.max(0, (Number(username.split(':')[0]) + 1) * 1000 - Date.now()));
      assert.equal(await allocates(turn, username, credential), false, 'expired credentials');
      alice.send({ type: 'refresh_ice' });
      const fresh = await alice.expectOther('ice_servers');
      assert.equal(fresh.iceTtl, 10);
      const renewed = fresh.iceServers[0];
      assert.notEqual(renewed.username, username);
      assert.equal(renewed.credential, hmacBase64(secret, renewed.username));
      assert.equal(await allocates(turn, renewed.username, renewed.credential), true,
        'renewed credentials');
      alice.close();
      tutorial.close();
    });
});
