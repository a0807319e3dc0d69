// Input limits, each set by its flag to a small value so the test is quick, and each checked
// on both sides of the line: what is just within it works, what is just past it is refused
// with a clear answer, and everyone else carries on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertRelay, connect, getRequest, loggedIn, rawRequest, startServer,
} from './harness.mjs';

// A candidate message for `to` whose JSON text is exactly `bytes` long.
function candidateOfSize(to, bytes) {
  const make = (pad) => JSON.stringify({ type: 'candidate', name: to,
    candidate: { candidate: 'x'.repeat(pad) } });
  const text = make(bytes - make(0).length);
  assert.equal(Buffer.byteLength(text), bytes);
  return text;
}

describe('WebSocket message size (--max-message-bytes)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'message-size', args: ['--max-message-bytes', '1024'] });
  });
  after(() => server.stopClean());

  it('relays a message of exactly the limit', async () => {
    const a = await loggedIn(server.wsUrl, 'edge-a');
    const b = await loggedIn(server.wsUrl, 'edge-b');
    a.send(candidateOfSize('edge-b', 1024));
    const got = await b.expect('candidate');
    assert.equal(got.name, 'edge-a');
    a.close();
    b.close();
  });

  it('closes a connection that sends one byte more with 1009; its partner gets leave, ' +
     'its name is freed, and other clients are unaffected', async () => {
    const ana = await loggedIn(server.wsUrl, 'ana');
    const bo = await loggedIn(server.wsUrl, 'bo');
    const cy = await loggedIn(server.wsUrl, 'cy');
    ana.send({ type: 'offer', name: 'bo', offer: { type: 'offer', sdp: 'v=0\r\n' } });
    await bo.expect('offer');

    ana.send(candidateOfSize('bo', 1025));
    const closed = await ana.waitClosed();
    assert.equal(closed.code, 1009, `close code ${closed.code} "${closed.reason}"`);
    const leave = await bo.expect('leave');
    assert.equal(leave.name, 'ana');

    await assertRelay(bo, 'bo', cy, 'cy');
    await assertRelay(cy, 'cy', bo, 'bo');
    const again = await loggedIn(server.wsUrl, 'ana');
    await assertRelay(again, 'ana', bo, 'bo');
    for (const c of [again, bo, cy]) c.close();
  });
});

describe('HTTP request header and body size (--max-header-bytes, --max-body-bytes)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'http-size',
      args: ['--max-header-bytes', '1024', '--max-body-bytes', '64'] });
  });
  after(() => server.stopClean());

  const withHeaderBytes = (total) => {
    const base = getRequest('/index.html', { extra: 'X-Pad: \r\n' });
    return getRequest('/index.html', { extra: `X-Pad: ${'p'.repeat(total - base.length)}\r\n` });
  };

  it('serves a request whose header is within the limit', async () => {
    const res = await rawRequest({ port: server.port, data: withHeaderBytes(1000) });
    assert.equal(res.status, 200);
  });

  it('answers 413 to a header over the limit, a GET and a WebSocket upgrade alike', async () => {
    const res = await rawRequest({ port: server.port, data: withHeaderBytes(1100) });
    assert.equal(res.status, 413);
    assert.match(res.body, /header too large/i);
    assert.equal(res.closed, true, 'the connection is closed after the 413');

    const upgrade = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
      `Sec-WebSocket-Version: 13\r\nCookie: ${'c'.repeat(1100)}\r\n\r\n`;
    const refused = await rawRequest({ port: server.port, data: upgrade });
    assert.equal(refused.status, 413);
  });

  it('reads a body within the limit, then refuses the method (405)', async () => {
    const data = 'POST /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n' +
      `Content-Length: 64\r\n\r\n${'b'.repeat(64)}`;
    const res = await rawRequest({ port: server.port, data });
    assert.equal(res.status, 405);
  });

  it('answers 413 to a body over the limit, declared or chunked', async () => {
    const declared = 'POST /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n' +
      `Content-Length: 65\r\n\r\n${'b'.repeat(65)}`;
    assert.equal((await rawRequest({ port: server.port, data: declared })).status, 413);

    // A huge length is refused from the header alone, before any of the body is waited for.
    const huge = 'POST /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000000\r\n\r\n';
    const res = await rawRequest({ port: server.port, data: huge });
    assert.equal(res.status, 413);
    assert.equal(res.closed, true);

    const chunk = 'c'.repeat(40);
    const chunked = 'POST /index.html HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n' +
      `\r\n28\r\n${chunk}\r\n28\r\n${chunk}\r\n0\r\n\r\n`;
    assert.equal((await rawRequest({ port: server.port, data: chunked })).status, 413);
  });
});

describe('JSON nesting depth (--max-json-depth)', () => {
  let server;
  let a;
  let b;
  before(async () => {
    server = await startServer({ name: 'json-depth',
      args: ['--max-json-depth', '8', '--max-message-bytes', '300000'] });
    a = await loggedIn(server.wsUrl, 'deep-a');
    b = await loggedIn(server.wsUrl, 'deep-b');
  });
  after(async () => {
    a.close();
    b.close();
    await server.stopClean();
  });

  // The message object is level 1, the candidate object level 2, then `extra` arrays.
  const nested = (extra) => `{"type":"candidate","name":"deep-b","candidate":{"n":` +
    `${'['.repeat(extra)}${']'.repeat(extra)}}}`;

  it('relays a message nested exactly as deep as allowed', async () => {
    a.send(nested(6));
    const got = await b.expect('candidate');
    assert.equal(got.name, 'deep-a');
  });

  it('refuses one level deeper with invalid_json and relays nothing', async () => {
    a.send(nested(7));
    const error = await a.expect('error', { code: 'invalid_json' });
    assert.match(error.message, /deeper than 8/);
    await b.expectSilence(300);
  });

  it('refuses 100,000 levels without a crash; the connection stays usable', async () => {
    a.send(nested(100_000));
    await a.expect('error', { code: 'invalid_json' });
    await assertRelay(a, 'deep-a', b, 'deep-b');
  });

  it('does not count brackets inside strings', async () => {
    a.send({ type: 'candidate', name: 'deep-b', candidate: { candidate: '[{'.repeat(50) } });
    assert.equal((await b.expect('candidate')).candidate.candidate, '[{'.repeat(50));
  });
});

describe('names', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'names' });
  });
  after(() => server.stopClean());

  it('accepts Chinese names and relays under them', async () => {
    const zhang = await loggedIn(server.wsUrl, '张伟');
    const li = await loggedIn(server.wsUrl, '李娜');
    await assertRelay(zhang, '张伟', li, '李娜');
    await assertRelay(li, '李娜', zhang, '张伟');
    zhang.close();
    li.close();
  });

  it('counts length in code points: 32 are allowed, 33 are not', async () => {
    const c = await connect(server.wsUrl, { label: 'lengths' });
    for (const name of ['a'.repeat(32), '名'.repeat(32), '😀'.repeat(32)]) {
      const probe = await connect(server.wsUrl);
      assert.equal((await probe.login(name)).success, true, `${[...name].length} code points`);
      probe.close();
    }
    for (const name of ['a'.repeat(33), '名'.repeat(33), '😀'.repeat(33)]) {
      const reply = await c.login(name);
      assert.equal(reply.success, false, `${[...name].length} code points accepted`);
      assert.equal(reply.code, 'invalid_name');
    }
    c.close();
  });

  it('refuses empty names, spaces (also Unicode ones) at either end, control characters', async () => {
    const c = await connect(server.wsUrl, { label: 'bad-names' });
    const bad = ['', ' ana', 'ana ', ' ', '\u00a0ana', 'ana\u3000', '\u200bana', 'a\u0000b',
      'a\tb', 'a\nb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b'];
    for (const name of bad) {
      const reply = await c.login(name);
      assert.equal(reply.success, false, `${JSON.stringify(name)} accepted`);
      assert.equal(reply.code, 'invalid_name', `${JSON.stringify(name)}: ${reply.code}`);
    }
    // Inner spaces are fine, and failures leave the connection free to sign in.
    assert.equal((await c.login('Ana Lima')).success, true);
    c.close();
  });

  it('refuses names that are not valid UTF-8', async () => {
    // An escaped lone surrogate decodes to no valid UTF-8 at all.
    const c = await connect(server.wsUrl, { label: 'surrogate' });
    c.send('{"type":"login","name":"a\\ud800b"}');
    const reply = await c.next();
    assert.ok(['invalid_json', 'invalid_name'].includes(reply.code), JSON.stringify(reply));
    assert.notEqual(reply.success, true);
    c.send({ type: 'candidate', name: 'anyone', candidate: null });
    await c.expect('error', { code: 'not_logged_in' });
    c.close();

    // Raw bytes that are not UTF-8 in a text frame: the WebSocket layer closes with 1007.
    const raw = await connect(server.wsUrl, { label: 'bad-bytes' });
    raw.sendFrame(Buffer.concat([Buffer.from('{"type":"login","name":"a'),
      Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]));
    const closed = await raw.waitClosed();
    assert.equal(closed.code, 1007);
  });
});
