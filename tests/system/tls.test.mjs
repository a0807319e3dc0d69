// TLS (--tls-cert, --tls-key): HTTPS and WSS on the same port as plain HTTP, told apart by
// the first bytes. Plain HTTP stays open to loopback for development; from any other
// address a page request is redirected to https and a plain WebSocket upgrade refused.
// The non-loopback client runs in a network namespace of its own (see harness.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  NETNS_ADDRESS, INDEX_TEXT, canUseNetns, connect, createNetns, getRequest, loggedIn,
  makeCertificate, openSocket, probeInNetns, rawRequest, repoRoot, startServer, whenClosed,
  workDir,
} from './harness.mjs';

describe('TLS on loopback', () => {
  let server;
  let cert;
  before(async () => {
    cert = makeCertificate();
    server = await startServer({ name: 'tls',
      args: ['--tls-cert', cert.cert, '--tls-key', cert.key] });
  });
  after(() => server.stopClean());

  const tlsOptions = () => ({ ca: cert.ca, servername: 'localhost' });

  it('serves HTTPS with a certificate that verifies, and the security headers', async () => {
    const res = await rawRequest({ port: server.port, data: getRequest('/index.html'),
      tlsOptions: tlsOptions() });
    assert.equal(res.status, 200);
    assert.match(res.body, new RegExp(INDEX_TEXT));
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  it('signs in and relays over WSS', async () => {
    const a = await loggedIn(server.wssUrl, 'secure-a', { ca: cert.ca });
    const b = await loggedIn(server.wssUrl, 'secure-b', { ca: cert.ca });
    a.send({ type: 'candidate', name: 'secure-b', candidate: { candidate: 'over tls' } });
    assert.equal((await b.expect('candidate')).candidate.candidate, 'over tls');
    a.close();
    b.close();
  });

  it('still serves plain HTTP and plain WebSocket to loopback clients', async () => {
    const res = await rawRequest({ port: server.port, data: getRequest('/index.html') });
    assert.equal(res.status, 200);
    const c = await loggedIn(server.wsUrl, 'plain-loopback');
    c.close();
  });

  it('presents the configured certificate: a client trusting another one refuses it', async () => {
    const other = makeCertificate();
    const error = await connect(server.wssUrl, { ca: other.ca }).then(
      () => assert.fail('connected with an unrelated CA'), (e) => e);
    assert.match(error.message, /self.signed|certificate|verify/i);
  });
});

describe('TLS on every interface (--host ::, the default): loopback over IPv4 and IPv6', () => {
  // Listening on every interface stays inside a namespace of our own, which has only `lo`.
  const unusable = canUseNetns();
  let netns;
  let server;
  before(async () => {
    if (unusable) return;
    netns = createNetns();
    const cert = makeCertificate();
    server = await startServer({ name: 'tls-dual-stack', netns: netns.name, host: '::',
      args: ['--tls-cert', cert.cert, '--tls-key', cert.key] });
  });
  after(async () => {
    if (server) await server.stopClean();
    netns?.delete();
  });

  // 127.0.0.1 arrives as the IPv4-mapped ::ffff:127.0.0.1 on a dual-stack socket: still
  // loopback, still allowed plain.
  it('serves plain HTTP and WebSocket to 127.0.0.1 and ::1', { skip: unusable ?? false },
    async () => {
      const results = await probeInNetns(netns.name, [
        { kind: 'http', url: `http://127.0.0.1:${server.port}/index.html` },
        { kind: 'http', url: `http://[::1]:${server.port}/index.html` },
        { kind: 'ws', url: `ws://127.0.0.1:${server.port}/`, name: 'dual-v4' },
        { kind: 'ws', url: `ws://[::1]:${server.port}/`, name: 'dual-v6' },
      ]);
      assert.deepEqual(results.map((r) => r.status), [200, 200, 101, 101],
        JSON.stringify(results));
      assert.ok(results.slice(2).every((r) => r.reply.success), JSON.stringify(results));
    });
});

describe('a TLS ClientHello to a server without a certificate', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'no-tls' });
  });
  after(() => server.stopClean());

  it('is closed at once, and plain HTTP works', async () => {
    const socket = await openSocket({ port: server.port });
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00]));
    const ms = await whenClosed(socket, 3000);
    socket.destroy();
    assert.notEqual(ms, null);
    const res = await rawRequest({ port: server.port, data: getRequest('/index.html') });
    assert.equal(res.status, 200);
  });
});

describe('TLS from a non-loopback address (network namespace)', () => {
  const unusable = canUseNetns();
  let netns;
  let server;
  let cert;
  before(async () => {
    if (unusable) return;
    netns = createNetns();
    cert = makeCertificate([NETNS_ADDRESS]);
    server = await startServer({ name: 'tls-netns', netns: netns.name, host: '0.0.0.0',
      args: ['--tls-cert', cert.cert, '--tls-key', cert.key] });
  });
  after(async () => {
    if (server) await server.stopClean();
    netns?.delete();
  });

  it('redirects plain HTTP to https, refuses plain ws (403), serves HTTPS and WSS; ' +
     'loopback inside the namespace stays plain', { skip: unusable ?? false }, async () => {
    const remote = `${NETNS_ADDRESS}:${server.port}`;
    const [redirect, plainWs, https, wss, loopback] = await probeInNetns(netns.name, [
      { kind: 'http', url: `http://${remote}/index.html?from=lan` },
      { kind: 'ws', url: `ws://${remote}/`, name: 'lan-plain' },
      { kind: 'http', url: `https://${remote}/index.html` },
      { kind: 'ws', url: `wss://${remote}/ws`, name: 'lan-secure' },
      { kind: 'http', url: `http://127.0.0.1:${server.port}/index.html` },
    ], cert.ca);

    assert.equal(redirect.status, 301, JSON.stringify(redirect));
    assert.equal(redirect.location, `https://${remote}/index.html?from=lan`);
    assert.equal(plainWs.status, 403, JSON.stringify(plainWs));
    assert.match(plainWs.body, /wss/);
    assert.equal(https.status, 200, JSON.stringify(https));
    assert.match(https.body, new RegExp(INDEX_TEXT));
    assert.equal(wss.status, 101, JSON.stringify(wss));
    assert.equal(wss.reply.success, true);
    assert.equal(loopback.status, 200, JSON.stringify(loopback));
  });
});

describe('tools/make_cert.sh, the certificate tools/run.sh makes for the LAN', () => {
  let server;
  let dir;
  before(async () => {
    dir = fs.mkdtempSync(path.join(workDir, 'make-cert-'));
    execFileSync(path.join(repoRoot, 'tools/make_cert.sh'), [dir], { stdio: 'pipe' });
    server = await startServer({ name: 'make-cert',
      args: ['--tls-cert', path.join(dir, 'cert.pem'), '--tls-key', path.join(dir, 'key.pem')] });
  });
  after(() => server?.stopClean());

  it('names localhost, the loopback addresses and this machine, and keeps its key private', () => {
    const names = fs.readFileSync(path.join(dir, 'names.txt'), 'utf8');
    for (const name of ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']) assert.match(names, new RegExp(name));
    assert.equal(fs.statSync(path.join(dir, 'key.pem')).mode & 0o077, 0);
  });

  it('is one the server serves HTTPS and WSS with, verifying for 127.0.0.1', async () => {
    const ca = fs.readFileSync(path.join(dir, 'cert.pem'));
    const res = await rawRequest({ port: server.port, data: getRequest('/index.html'),
      tlsOptions: { ca, servername: '' } });
    assert.equal(res.status, 200);
    const c = await loggedIn(server.wssUrl, 'lan-cert', { ca });
    c.close();
  });
});
