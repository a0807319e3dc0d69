// Security checks: the Origin of a WebSocket upgrade (--allowed-origin), static files (no
// traversal in any encoding, no symlink escape, no listing, protective headers), names that
// cannot be taken over without the login token, and logs that never carry SDP or candidates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  INDEX_TEXT, SECRET, assertRelay, connect, expectRefused, getRequest, loggedIn,
  rawRequest, startServer,
} from './harness.mjs';

describe('Origin check on the WebSocket upgrade (--allowed-origin)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'origin',
      args: ['--allowed-origin', 'https://app.example.org', '--allowed-origin',
        'http://lan.example:8080/'] });
  });
  after(() => server.stopClean());

  it('admits the server\'s own origin, the allowed ones, and clients that send none',
    async () => {
      const own = `http://127.0.0.1:${server.port}`;
      for (const origin of [undefined, own, own.toUpperCase(), 'https://app.example.org',
        'http://lan.example:8080']) {
        const c = await connect(server.wsUrl, { origin, label: `origin ${origin}` });
        assert.equal((await c.login(`o${Math.random()}`.slice(0, 12))).success, true);
        c.close();
      }
    });

  it('refuses any other origin with 403', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${server.port}`,
      'http://127.0.0.1:1', `http://localhost:${server.port}`, 'null',
      'https://app.example.org.evil.example', 'http://app.example.org',
      'https://app.example.org:444', `ws://127.0.0.1:${server.port}`,
      `http://127.0.0.1:${server.port}/path`]) {
      const refused = await expectRefused(server.wsUrl, 403, { origin });
      assert.match(refused.body, /origin not allowed/i, origin);
    }
  });
});

describe('static files', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'static' });
  });
  after(() => server.stopClean());

  const get = (target, extra) => rawRequest({ port: server.port, data:
    getRequest(target, { extra }) });

  function assertSecurityHeaders(res, what) {
    assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
    assert.ok(res.headers['referrer-policy'], `${what}: Referrer-Policy`);
    const csp = res.headers['content-security-policy'] ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0]).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives['default-src'], ["'self'"], `${what}: ${csp}`);
    // The page compiles WebAssembly and opens a same-origin WebSocket; nothing else.
    assert.ok(directives['script-src']?.includes("'wasm-unsafe-eval'"), `${what}: ${csp}`);
    assert.ok(!directives['script-src']?.includes("'unsafe-inline'"), `${what}: ${csp}`);
    assert.ok(!directives['script-src']?.includes('*'), `${what}: ${csp}`);
    assert.deepEqual(directives['connect-src'], ["'self'"], `${what}: ${csp}`);
    assert.deepEqual(directives['object-src'], ["'none'"], `${what}: ${csp}`);
    assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${what}: ${csp}`);
  }

  it('serves the page and its files with nosniff, a tight CSP and Referrer-Policy',
    async () => {
      const page = await get('/');
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(INDEX_TEXT));
      assert.match(page.headers['content-type'], /^text\/html/);
      assertSecurityHeaders(page, '/');
      const wasm = await get('/duet.wasm');
      assert.equal(wasm.headers['content-type'], 'application/wasm');
      assertSecurityHeaders(wasm, '/duet.wasm');
      const js = await get('/app.js');
      assert.match(js.headers['content-type'], /^text\/javascript/);
      for (const target of ['/missing.html', '/%zz', '/sub/']) {
        assertSecurityHeaders(await get(target), target);
      }
    });

  it('lists no directory', async () => {
    assert.equal((await get('/sub/page.txt')).status, 200);
    for (const target of ['/sub/', '/sub', '/sub/.', '/sub//']) {
      const res = await get(target);
      assert.equal(res.status, 404, target);
      assert.doesNotMatch(res.body, /page\.txt/, target);
    }
  });

  it('refuses traversal in every encoding, and symlinks that lead out', async () => {
    const attempts = [
      '/../secret.txt', '/sub/../../secret.txt', '//../secret.txt', '/./../secret.txt',
      '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/.%2e/secret.txt', '/%2e./secret.txt',
      '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/sub/..%2f..%2fsecret.txt',
      '/sub/%2e%2e/%2e%2e/secret.txt', '/..\\secret.txt', '/%5c..%5csecret.txt',
      '/..%5csecret.txt', '/%252e%252e/secret.txt', '/%c0%ae%c0%ae/secret.txt',
      '/..;/secret.txt', '/index.html%00/../../secret.txt', '/%00../secret.txt',
      'http://localhost/../secret.txt', '../secret.txt', '/link.txt', '/up/secret.txt',
      '/up/web/../secret.txt', '/sub/../up/secret.txt',
    ];
    for (const target of attempts) {
      const res = await get(target);
      assert.ok([400, 404].includes(res.status), `${target}: HTTP ${res.status}`);
      assert.ok(!res.raw.includes(SECRET), `${target} leaked the secret`);
    }
  });
});

describe('name takeover and the login token', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'token' });
  });
  after(() => server.stopClean());

  it('refuses a second login for an online name without the token; the holder is ' +
     'untouched', async () => {
    const holder = await connect(server.wsUrl, { label: 'holder' });
    const first = await holder.login('ana');
    assert.equal(first.success, true);
    assert.match(first.token, /^[0-9a-f]{32}$/, 'a 128-bit secret');

    const intruder = await connect(server.wsUrl, { label: 'intruder' });
    const wrong = [undefined, '', '0'.repeat(32), first.token.slice(0, 31),
      `${first.token}0`, first.token.slice(0, 31) + (first.token.endsWith('a') ? 'b' : 'a')];
    for (const token of wrong) {
      const reply = await intruder.login('ana', token);
      assert.equal(reply.success, false, `token ${token}`);
      assert.equal(reply.code, 'name_taken');
      assert.equal(reply.token, undefined);
    }
    assert.ok(holder.isOpen);
    await holder.expectSilence(200);
    holder.close();
    intruder.close();
  });

  it('lets the holder of the token reclaim the name mid-call: the old connection is told ' +
     'and closed, the partner keeps the call, the old token is spent', async () => {
    const old = await connect(server.wsUrl, { label: 'old' });
    const { token } = await old.login('mia');
    const bo = await loggedIn(server.wsUrl, 'bo');
    bo.send({ type: 'offer', name: 'mia', offer: { type: 'offer', sdp: 'v=0\r\n' } });
    await old.expect('offer');

    const fresh = await connect(server.wsUrl, { label: 'fresh' });
    const reclaimed = await fresh.login('mia', token);
    assert.equal(reclaimed.success, true);
    assert.match(reclaimed.token, /^[0-9a-f]{32}$/);
    assert.notEqual(reclaimed.token, token, 'a new token for the new connection');

    const told = await old.expect('error', { code: 'replaced' });
    assert.equal(told.user, 'mia');
    const closed = await old.waitClosed();
    assert.equal(closed.code, 1008);

    // The partner sees no leave: the call follows the name to the new connection.
    await bo.expectSilence(300);
    await assertRelay(bo, 'bo', fresh, 'mia');
    bo.send({ type: 'leave' });
    assert.equal((await fresh.expect('leave')).name, 'bo', 'still linked as partners');

    const third = await connect(server.wsUrl, { label: 'third' });
    const spent = await third.login('mia', token);
    assert.equal(spent.success, false, 'the old token still works');
    assert.equal(spent.code, 'name_taken');
    assert.ok(fresh.isOpen);
    for (const c of [fresh, bo, third]) c.close();
  });
});

describe('logs at the default level', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'logs', args: ['--max-message-bytes', '4096'] });
  });

  it('never contain SDP, candidates or their addresses, whatever happens', async () => {
    const SDP_IP = '203.0.113.77';
    const CANDIDATE_IP = '198.51.100.23';
    const sdp = `v=0\r\no=- 1 2 IN IP4 ${SDP_IP}\r\nc=IN IP4 ${SDP_IP}\r\n`;
    const candidate = { candidate: `candidate:1 1 udp 2122260223 ${CANDIDATE_IP} 54321 typ host`,
      sdpMid: '0' };
    const a = await loggedIn(server.wsUrl, 'log-a');
    const b = await loggedIn(server.wsUrl, 'log-b');
    a.send({ type: 'offer', name: 'log-b', offer: { type: 'offer', sdp } });
    await b.expect('offer');
    b.send({ type: 'answer', name: 'log-a', answer: { type: 'answer', sdp } });
    await a.expect('answer');
    a.send({ type: 'candidate', name: 'log-b', candidate });
    await b.expect('candidate');
    // Failures that carry the same payloads: to nobody, malformed, unknown, binary.
    a.send({ type: 'offer', name: 'nobody', offer: { type: 'offer', sdp } });
    a.send({ type: 'candidate', name: 'log-b', candidate: candidate.candidate });
    a.send({ type: `x${SDP_IP}`, name: 'log-b', candidate });
    a.send(`{"type":"offer","sdp":"${CANDIDATE_IP}"`);
    a.sendFrame(Buffer.from(JSON.stringify({ type: 'candidate', name: 'log-b', candidate })),
      { binary: true });
    for (let i = 0; i < 4; i++) await a.next();
    // And a connection that dies of an oversized one.
    b.send({ type: 'offer', name: 'log-a', offer: { type: 'offer', sdp: sdp.repeat(100) } });
    assert.equal((await b.waitClosed()).code, 1009);
    a.close();

    await server.stopClean();
    const output = server.output();
    for (const secret of [SDP_IP, CANDIDATE_IP, 'candidate:1', 'IN IP4']) {
      assert.ok(!output.includes(secret), `the log shows "${secret}":\n${output}`);
    }
  });
});
