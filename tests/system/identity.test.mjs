// Sign-in through an OpenID Connect provider (issue 15), against a real one: oidc-provider on
// loopback over TLS with a test certificate, walked through by a scripted browser (its login
// and consent pages submitted as a person would). Then what the session cookie opens and what
// it must not: the WebSocket login, a bound name, a required account, a tampered cookie, a
// replayed state, an unreachable provider.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, makeCertificate, startServer, workDir } from './harness.mjs';
import { Browser, startProvider } from './oidc_provider.mjs';

function secretFile(name, text) {
  const file = path.join(fs.mkdtempSync(path.join(workDir, 'oidc-')), name);
  fs.writeFileSync(file, `  ${text}\n`);  // surrounding whitespace is trimmed
  return file;
}

async function login(url, name, cookie) {
  const client = await connect(url, { label: name, headers: cookie ? { cookie } : undefined });
  client.send({ type: 'login', name });
  return { client, reply: await client.expect('login') };
}

describe('sign-in through an OpenID Connect provider', () => {
  let cert;
  let provider;
  let server;
  let files;
  const startDuet = () => startServer({ name: 'identity', args: [
    '--oidc-issuer', provider.issuer, '--oidc-client-id', provider.clientId,
    '--oidc-client-secret-file', files.secret, '--oidc-label', 'Test ID',
    '--oidc-ca-file', cert.cert, '--session-key-file', files.key,
    '--identity-file', files.identities, '--require-identity'] });

  before(async () => {
    cert = makeCertificate();
    provider = await startProvider({ keyPem: fs.readFileSync(cert.key), certPem: cert.ca });
    files = { secret: secretFile('secret', provider.clientSecret),
      key: secretFile('key', 'k'.repeat(48)),
      identities: path.join(fs.mkdtempSync(path.join(workDir, 'oidc-')), 'identities.json') };
    server = await startDuet();
    provider.configure([`${server.httpUrl}/auth/callback`]);
  });
  after(async () => {
    await server?.stopClean();
    await provider?.close();
  });

  const sessionCookie = (browser) => `duet_session=${browser.cookie(new URL(server.httpUrl).host, 'duet_session')}`;

  it('signs in through the provider\'s pages: the cookie is set, /auth/me is verified', async () => {
    const browser = new Browser(cert.ca);
    const back = await browser.signIn(server.httpUrl, 'alice');
    assert.equal(back.status, 302, back.body);
    assert.equal(back.headers.location, '/');
    const setCookie = [back.headers['set-cookie']].flat().join('\n');
    assert.match(setCookie, /duet_session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/);
    const me = JSON.parse((await browser.request(`${server.httpUrl}/auth/me`)).body);
    assert.deepEqual(me, { verified: true, issuer: provider.issuer, sub: 'alice-0001',
      name: 'alice', email: 'alice@example.org', display: 'Alice Wang', label: 'Test ID' });
    const config = JSON.parse((await browser.request(`${server.httpUrl}/auth/config`)).body);
    assert.deepEqual(config, { enabled: true, label: 'Test ID', required: true });
    // Nothing secret reached the log.
    assert.doesNotMatch(server.output(), new RegExp(provider.clientSecret));
    assert.doesNotMatch(server.output(), /code=|id_token|eyJ/);
    // The ID token said it all: userinfo was not asked.
    assert.equal(provider.userinfo.requests, 0);
  });

  it('the WebSocket login with the cookie is verified; the callee sees who calls', async () => {
    const alice = new Browser(cert.ca);
    await alice.signIn(server.httpUrl, 'alice');
    const bob = new Browser(cert.ca);
    await bob.signIn(server.httpUrl, 'bob');
    const a = await login(server.wsUrl, 'alice', sessionCookie(alice));
    assert.equal(a.reply.success, true, JSON.stringify(a.reply));
    const b = await login(server.wsUrl, 'bob', sessionCookie(bob));
    assert.equal(b.reply.success, true, JSON.stringify(b.reply));
    a.client.send({ type: 'offer', name: 'bob', offer: { type: 'offer', sdp: 'v=0\r\n' },
      identity: { verified: true, name: 'Forged' } });
    const offer = await b.client.expect('offer');
    assert.deepEqual(offer.identity, { verified: true, name: 'Alice Wang',
      email: 'alice@example.org', issuer: provider.issuer });
    a.client.close();
    b.client.close();
  });

  it('refuses a name-only login of a bound name (name_bound) and any other (identity_required)', async () => {
    const bound = await login(server.wsUrl, 'alice');
    assert.equal(bound.reply.success, false);
    assert.equal(bound.reply.code, 'name_bound');
    assert.equal((await bound.client.expect('error')).code, 'name_bound');
    const raw = await login(server.wsUrl, 'zed');
    assert.deepEqual({ type: raw.reply.type, success: raw.reply.success, code: raw.reply.code },
      { type: 'login', success: false, code: 'identity_required' });
    assert.equal((await raw.client.expect('error')).code, 'identity_required');
    bound.client.close();
    raw.client.close();
  });

  it('a tampered cookie opens nothing', async () => {
    const browser = new Browser(cert.ca);
    await browser.signIn(server.httpUrl, 'bob');
    const value = browser.cookie(new URL(server.httpUrl).host, 'duet_session');
    const [body, mac] = value.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url'));
    claims.n = 'alice';
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    const me = await new Browser(cert.ca).request(`${server.httpUrl}/auth/me`,
      { headers: { cookie: `duet_session=${forged}` } });
    assert.deepEqual(JSON.parse(me.body), { verified: false, label: 'Test ID' });
    const ws = await login(server.wsUrl, 'alice', `duet_session=${forged}`);
    assert.equal(ws.reply.code, 'name_bound');
    ws.client.close();
  });

  it('a replayed state is refused; signing out clears the cookie', async () => {
    const browser = new Browser(cert.ca);
    await browser.signIn(server.httpUrl, 'alice');
    const replay = await new Browser(cert.ca).request(browser.lastCallback);
    assert.equal(replay.status, 400);
    assert.match(replay.body, /bad_state/);
    const out = await browser.request(`${server.httpUrl}/auth/logout`, { method: 'POST' });
    assert.equal(out.status, 200);
    assert.match([out.headers['set-cookie']].flat().join(), /duet_session=; Path=\/; Max-Age=0/);
    assert.equal(browser.cookie(new URL(server.httpUrl).host, 'duet_session'), undefined);
    const me = JSON.parse((await browser.request(`${server.httpUrl}/auth/me`)).body);
    assert.equal(me.verified, false);
  });

  it('signs in after the provider rotated its keys (an unknown kid fetches them again)', async () => {
    const before = new Browser(cert.ca);
    await before.signIn(server.httpUrl, 'bob');  // the old keys are cached now
    provider.configure([`${server.httpUrl}/auth/callback`], 'rotated-key');
    const after = new Browser(cert.ca);
    const back = await after.signIn(server.httpUrl, 'bob');
    assert.equal(back.status, 302, back.body);
    const me = JSON.parse((await after.request(`${server.httpUrl}/auth/me`)).body);
    assert.equal(me.verified, true);
    assert.equal(me.name, 'bob');
  });

  it('bindings and sessions survive a restart (--identity-file, --session-key-file)', async () => {
    const browser = new Browser(cert.ca);
    await browser.signIn(server.httpUrl, 'alice');
    const cookie = sessionCookie(browser);
    await server.stopClean();
    server = await startDuet();
    const me = await new Browser(cert.ca).request(`${server.httpUrl}/auth/me`, { headers: { cookie } });
    assert.equal(JSON.parse(me.body).verified, true);
    const bound = await login(server.wsUrl, 'alice');
    assert.equal(bound.reply.code, 'name_bound');
    bound.client.close();
    const stored = JSON.parse(fs.readFileSync(files.identities, 'utf8'));
    assert.deepEqual(stored.bindings.map((b) => b.name).sort(), ['alice', 'bob']);
  });
});

describe('a provider that keeps the profile at userinfo (conformIdTokenClaims)', () => {
  let cert;
  let provider;
  let server;
  const me = async (browser) => JSON.parse((await browser.request(`${server.httpUrl}/auth/me`)).body);

  before(async () => {
    cert = makeCertificate();
    provider = await startProvider({ keyPem: fs.readFileSync(cert.key), certPem: cert.ca },
      { conformIdTokenClaims: true });
    server = await startServer({ name: 'identity-userinfo', args: [
      '--oidc-issuer', provider.issuer, '--oidc-client-id', provider.clientId,
      '--oidc-client-secret-file', secretFile('secret', provider.clientSecret),
      '--oidc-label', 'Test ID', '--oidc-ca-file', cert.cert] });
    provider.configure([`${server.httpUrl}/auth/callback`]);
  });
  after(async () => {
    await server?.stopClean();
    await provider?.close();
  });

  it('the name, email and display name come from userinfo, fetched with the access token', async () => {
    const alice = new Browser(cert.ca);
    const back = await alice.signIn(server.httpUrl, 'alice');
    assert.equal(back.status, 302, back.body);
    assert.deepEqual(await me(alice), { verified: true, issuer: provider.issuer,
      sub: 'alice-0001', name: 'alice', email: 'alice@example.org', display: 'Alice Wang',
      label: 'Test ID' });
    assert.equal(provider.userinfo.requests, 1);
    const bearer = /^Bearer (\S+)$/.exec(provider.userinfo.authorization);
    assert.ok(bearer, 'userinfo was asked with a Bearer access token');
    assert.ok(!server.output().includes(bearer[1]), 'the access token is never logged');
    // The name it got is the one the WebSocket login is verified under, shown to a callee.
    const bob = new Browser(cert.ca);
    await bob.signIn(server.httpUrl, 'bob');
    assert.equal((await me(bob)).name, 'bob');
    const cookieOf = (b) => `duet_session=${b.cookie(new URL(server.httpUrl).host, 'duet_session')}`;
    const a = await login(server.wsUrl, 'alice', cookieOf(alice));
    assert.equal(a.reply.success, true, JSON.stringify(a.reply));
    const b = await login(server.wsUrl, 'bob', cookieOf(bob));
    assert.equal(b.reply.success, true, JSON.stringify(b.reply));
    a.client.send({ type: 'offer', name: 'bob', offer: { type: 'offer', sdp: 'v=0\r\n' } });
    const offer = await b.client.expect('offer');
    assert.deepEqual(offer.identity, { verified: true, name: 'Alice Wang',
      email: 'alice@example.org', issuer: provider.issuer });
    a.client.close();
    b.client.close();
  });

  it('a userinfo answer that is wrong or missing never blocks sign-in: the ID token\'s claims alone', async () => {
    const answers = {
      // OpenID Connect Core 5.3.2: about another subject, so not about this person.
      bad_subject: (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ sub: 'mallory-0666', name: 'Mallory', email: 'm@example.org',
          preferred_username: 'mallory' }));
      },
      bad_encoding: (req, res) => res.end('<html>not JSON</html>'),
      provider: (req, res) => {
        res.statusCode = 500;
        res.end('{"error":"server_error"}');
      },
      // The connection dropped with no answer at all.
      dropped: (req) => req.socket.destroy(),
      too_large: (req, res) => res.end(JSON.stringify({ sub: 'alicia-0003',
        name: 'A'.repeat(100 * 1024) })),
    };
    for (const [why, answer] of Object.entries(answers)) {
      provider.userinfo.replace = answer;
      const requests = provider.userinfo.requests;
      const browser = new Browser(cert.ca);
      const back = await browser.signIn(server.httpUrl, 'alicia');
      assert.equal(back.status, 302, `${why}: ${back.body}`);
      assert.equal(provider.userinfo.requests, requests + 1, why);
      // Only `sub` was in the token: a name of last resort, and no email to show.
      assert.deepEqual(await me(browser), { verified: true, issuer: provider.issuer,
        sub: 'alicia-0003', name: 'user', email: '', display: '', label: 'Test ID' }, why);
    }
    provider.userinfo.replace = null;
    assert.ok(server.running());
    assert.match(server.output(), /userinfo not used \(bad_subject\)/);
    assert.match(server.output(), /userinfo not used \(bad_encoding\)/);
    assert.match(server.output(), /userinfo not used \(provider\)/);
  });
});

describe('an identity provider that cannot be reached', () => {
  let server;
  before(async () => {
    const cert = makeCertificate();
    // A port nothing listens on: take one, then free it.
    const net = await import('node:net');
    const probe = net.createServer();
    await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address();
    await new Promise((resolve) => probe.close(resolve));
    server = await startServer({ name: 'identity-unreachable', args: [
      '--oidc-issuer', `https://localhost:${port}`, '--oidc-client-id', 'duet',
      '--oidc-client-secret-file', secretFile('secret', 's3cret'), '--oidc-ca-file', cert.cert] });
  });
  after(() => server?.stopClean());

  it('gives a clear error, stays up, and name-only logins still work', async () => {
    const res = await new Browser().request(`${server.httpUrl}/auth/login`);
    assert.equal(res.status, 502);
    assert.match(res.body, /Sign-in failed \(provider\): cannot connect to the provider/);
    assert.ok(server.running());
    const named = await login(server.wsUrl, 'carol');
    assert.equal(named.reply.success, true);
    named.client.close();
  });
});

describe('a server without a provider', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'identity-none' });
  });
  after(() => server?.stopClean());

  it('answers the page\'s /auth/config with {"enabled": false}, and nothing else under /auth/', async () => {
    const config = await new Browser().request(`${server.httpUrl}/auth/config`);
    assert.equal(config.status, 200);
    assert.deepEqual(JSON.parse(config.body), { enabled: false });
    assert.equal(config.headers['cache-control'], 'no-store');
    assert.equal((await new Browser().request(`${server.httpUrl}/auth/me`)).status, 404);
    assert.equal((await new Browser().request(`${server.httpUrl}/auth/login`)).status, 404);
  });
});
