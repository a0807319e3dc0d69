// Timeouts: the TLS and WebSocket handshakes, the HTTP request header (slowloris), signing
// in, and the heartbeat that notices a partner whose network vanished (no FIN, no RST): a
// real process frozen with SIGSTOP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, describe, it } from 'node:test';
import {
  assertRelay, connect, fixturesDir, getRequest, loggedIn, makeCertificate, openSocket,
  rawRequest, since, sleep, startServer, track, whenClosed, within,
} from './harness.mjs';

// Closed within the timeout plus this much (a loaded 2-core machine under ASan is slow).
const MARGIN_MS = 1200;

describe('HTTP header timeout (--header-timeout): slowloris', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'header-timeout', args: ['--header-timeout', '1'] });
  });
  after(() => server.stopClean());

  it('cuts off a request header trickled a byte at a time', async () => {
    const socket = await openSocket({ port: server.port });
    const start = performance.now();
    socket.write('GET /index.html HTTP/1.1\r\nHost: localhost\r\n');
    const closed = whenClosed(socket, 6000);
    // One byte every 100 ms: each one is "progress", none of it finishes the header.
    const trickle = setInterval(() => socket.writable && socket.write('X'), 100);
    const ms = await closed;
    clearInterval(trickle);
    socket.destroy();
    assert.notEqual(ms, null, 'still open after 6 s');
    const total = since(start);
    assert.ok(total >= 900 && total < 1000 + MARGIN_MS, `closed after ${total.toFixed(0)} ms`);
  });

  it('serves a request that arrives in time, also the second one on a kept-alive connection',
    async () => {
      const twice = getRequest('/index.html').replace('Connection: close\r\n', '') +
        getRequest('/app.js');
      const res = await rawRequest({ port: server.port, data: twice });
      assert.equal(res.status, 200);
      assert.match(res.raw, /console\.log/, 'the second response arrived');
    });
});

describe('handshake timeout (--handshake-timeout)', () => {
  let server;
  let cert;
  before(async () => {
    cert = makeCertificate();
    server = await startServer({ name: 'handshake-timeout',
      args: ['--handshake-timeout', '1', '--tls-cert', cert.cert, '--tls-key', cert.key] });
  });
  after(() => server.stopClean());

  it('closes a connection that sends nothing at all', async () => {
    const socket = await openSocket({ port: server.port });
    const ms = await whenClosed(socket, 6000);
    socket.destroy();
    assert.notEqual(ms, null, 'still open after 6 s');
    assert.ok(ms >= 900 && ms < 1000 + MARGIN_MS, `closed after ${ms.toFixed(0)} ms`);
  });

  it('closes a TLS handshake that stalls after the first bytes of its ClientHello',
    async () => {
      const socket = await openSocket({ port: server.port });
      // A TLS record header announcing a 512-byte handshake message, and then nothing.
      socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]));
      const ms = await whenClosed(socket, 6000);
      socket.destroy();
      assert.notEqual(ms, null, 'still open after 6 s');
      assert.ok(ms < 1000 + MARGIN_MS, `closed after ${ms.toFixed(0)} ms`);
    });

  it('completes a TLS handshake made in time', async () => {
    const res = await rawRequest({ port: server.port, data: getRequest('/index.html'),
      tlsOptions: { ca: cert.ca, servername: 'localhost' } });
    assert.equal(res.status, 200);
  });
});

describe('login timeout (--login-timeout)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'login-timeout', args: ['--login-timeout', '1'] });
  });
  after(() => server.stopClean());

  it('tells a connection that never signs in why, then closes it with 1008; ' +
     'one that signed in stays', async () => {
    const start = performance.now();
    const idle = await connect(server.wsUrl, { label: 'never-signs-in' });
    const member = await loggedIn(server.wsUrl, 'member');
    const other = await loggedIn(server.wsUrl, 'other');

    const error = await idle.expect('error', { code: 'login_timeout', timeoutMs: 4000 });
    assert.match(error.message, /sign in/i);
    const closed = await idle.waitClosed(3000);
    assert.equal(closed.code, 1008);
    const ms = closed.at - start;
    assert.ok(ms >= 900 && ms < 1000 + MARGIN_MS, `closed after ${ms.toFixed(0)} ms`);

    await sleep(500);
    assert.ok(member.isOpen && other.isOpen, 'signed-in clients were closed too');
    await assertRelay(member, 'member', other, 'other');
    member.close();
    other.close();
  });
});

describe('idle timeout (--idle-timeout): a partner frozen mid-call', () => {
  const IDLE_S = 3;
  let server;
  let child;
  before(async () => {
    server = await startServer({ name: 'idle-timeout',
      args: ['--idle-timeout', String(IDLE_S)] });
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    await server.stopClean();
  });

  it('sends leave to the partner within the timeout, frees the name, keeps idle but ' +
     'healthy clients', async () => {
    // The partner runs in its own process so that freezing it freezes its TCP stack's
    // user side only: the kernel still ACKs, nothing is closed, nothing answers a ping.
    child = track(spawn(process.execPath, [path.join(fixturesDir, 'peer.mjs'), server.wsUrl,
      'frozen'], { stdio: ['ignore', 'pipe', 'inherit'] }));
    const lines = readline.createInterface({ input: child.stdout });
    const events = [];
    let notify = () => {};
    lines.on('line', (line) => {
      events.push(JSON.parse(line));
      notify();
    });
    const waitEvent = (pred, ms) => within(ms, new Promise((resolve) => {
      const check = () => {
        const found = events.find(pred);
        if (found) resolve(found);
      };
      notify = check;
      check();
    }), 'peer process event');
    const login = await waitEvent((e) => e.type === 'login', 5000);
    assert.equal(login.success, true);

    const caller = await loggedIn(server.wsUrl, 'caller');
    caller.send({ type: 'offer', name: 'frozen', offer: { type: 'offer', sdp: 'v=0\r\n' } });
    const answer = await caller.expect('answer');
    assert.equal(answer.name, 'frozen');

    child.kill('SIGSTOP');
    const frozenAt = performance.now();
    // The signal is delivered asynchronously: wait until the kernel shows it stopped.
    const state = () => fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1][0];
    for (let i = 0; i < 100 && state() !== 'T'; i++) await sleep(10);
    assert.equal(state(), 'T', 'the peer process is stopped');

    const leave = await caller.expect('leave', { timeoutMs: (IDLE_S + 5) * 1000 });
    const ms = since(frozenAt);
    assert.equal(leave.name, 'frozen');
    console.log(`frozen partner noticed after ${ms.toFixed(0)} ms (--idle-timeout ${IDLE_S})`);
    // Beast pings after half the timeout without traffic and gives up after the whole.
    assert.ok(ms >= (IDLE_S / 2) * 1000 - 100, `leave after only ${ms.toFixed(0)} ms`);
    assert.ok(ms < IDLE_S * 1000 + MARGIN_MS, `leave after ${ms.toFixed(0)} ms`);

    // The caller sent nothing for as long, but it answers pings: it is still connected.
    assert.ok(caller.isOpen, 'a healthy idle client was dropped');
    const again = await loggedIn(server.wsUrl, 'frozen');
    await assertRelay(caller, 'caller', again, 'frozen');

    child.kill('SIGCONT');
    child.kill('SIGKILL');
    caller.close();
    again.close();
  });
});
