// Name bindings across a cluster (issues 14 and 15): two duet-server nodes sharing one Redis
// and one session key, with a real OpenID provider (oidc-provider over TLS on loopback). A
// name bound to an account through node 1 is refused to a name-only login on node 2
// (`name_bound`), the same account keeps its name there, another account that wants it is
// numbered, and a sign-in while Redis is away fails with a clear error, no crash.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, makeCertificate, startServer, track, until, workDir } from './harness.mjs';
import { Browser, startProvider } from './oidc_provider.mjs';
import { freeLoopbackPort, redisCommand, startRedis } from './redis_server.mjs';

function secretFile(name, text) {
  const file = path.join(fs.mkdtempSync(path.join(workDir, 'oidc-cluster-')), name);
  fs.writeFileSync(file, `${text}\n`);
  return file;
}

async function login(url, name, cookie) {
  const client = await connect(url, { label: name, headers: cookie ? { cookie } : undefined });
  client.send({ type: 'login', name });
  return { client, reply: await client.expect('login') };
}

async function readyz(server) {
  const res = await fetch(`${server.httpUrl}/readyz`);
  await res.text();
  return res.status;
}

describe('name bindings shared by two nodes through Redis', () => {
  let cert;
  let provider;
  let files;
  let redisPort;
  let redis;
  const nodes = [];

  const startNode = async (id) => {
    const server = await startServer({ name: `identity-${id}`, args: [
      '--redis', `redis://127.0.0.1:${redisPort}/0`, '--node-id', id,
      '--oidc-issuer', provider.issuer, '--oidc-client-id', provider.clientId,
      '--oidc-client-secret-file', files.secret, '--oidc-label', 'Test ID',
      '--oidc-ca-file', cert.cert, '--session-key-file', files.key] });
    await until(5000, async () => (await readyz(server)) === 200, `${id} ready`);
    return server;
  };
  const cookieOf = (browser, server) =>
    `duet_session=${browser.cookie(new URL(server.httpUrl).host, 'duet_session')}`;
  const me = async (server, cookie) => JSON.parse((await new Browser(cert.ca).request(
    `${server.httpUrl}/auth/me`, { headers: { cookie } })).body);

  before(async () => {
    cert = makeCertificate();
    provider = await startProvider({ keyPem: fs.readFileSync(cert.key), certPem: cert.ca });
    files = { secret: secretFile('secret', provider.clientSecret),
      key: secretFile('key', 'c'.repeat(48)) };
    redisPort = await freeLoopbackPort();
    redis = await startRedis(redisPort, { track });
    nodes.push(await startNode('node-1'), await startNode('node-2'));
    provider.configure(nodes.map((n) => `${n.httpUrl}/auth/callback`));
  });
  after(async () => {
    for (const n of nodes) if (n.running()) await n.stopClean();
    await provider?.close();
    await redis?.kill();
  });

  it('a name bound through node 1 is refused on node 2 to a name-only login', async () => {
    const [one, two] = nodes;
    const alice = new Browser(cert.ca);
    const back = await alice.signIn(one.httpUrl, 'alice');
    assert.equal(back.status, 302, back.body);
    assert.equal(await redisCommand(redisPort, 'GET', 'duet:bound:alice'),
      `alice-0001@${provider.issuer}`);

    const mallory = await login(two.wsUrl, 'alice');
    assert.equal(mallory.reply.success, false);
    assert.equal(mallory.reply.code, 'name_bound');
    assert.equal((await mallory.client.expect('error')).code, 'name_bound');
    mallory.client.close();
    // Names nobody's account holds stay open to name-only logins (no --require-identity).
    const carol = await login(two.wsUrl, 'carol');
    assert.equal(carol.reply.success, true, JSON.stringify(carol.reply));
    carol.client.close();

    // The account's own session opens its name on node 2 too (one session key, one binding).
    const cookie = cookieOf(alice, one);
    assert.equal((await me(two, cookie)).name, 'alice');
    const own = await login(two.wsUrl, 'alice', cookie);
    assert.equal(own.reply.success, true, JSON.stringify(own.reply));
    own.client.close();
  });

  it('the same account keeps its name on node 2; another account is numbered past it', async () => {
    const [one, two] = nodes;
    const again = new Browser(cert.ca);
    await again.signIn(two.httpUrl, 'alice');
    assert.equal((await me(two, cookieOf(again, two))).name, 'alice');

    const alicia = new Browser(cert.ca);
    const back = await alicia.signIn(two.httpUrl, 'alicia');
    assert.equal(back.status, 302, back.body);
    const who = await me(two, cookieOf(alicia, two));
    assert.equal(who.sub, 'alicia-0003');
    assert.equal(who.name, 'alice2');
    // Her session cannot open "alice" on either node: that name is another account's.
    for (const node of [one, two]) {
      const refused = await login(node.wsUrl, 'alice', cookieOf(alicia, two));
      assert.equal(refused.reply.code, 'name_bound');
      refused.client.close();
    }
    assert.equal(await redisCommand(redisPort, 'GET', 'duet:bound:alice2'),
      `alicia-0003@${provider.issuer}`);
  });

  it('Redis away: a sign-in fails with a clear error and a login is refused unavailable, no crash', async () => {
    const [one, two] = nodes;
    await redis.kill();
    await until(5000, async () => (await readyz(two)) === 503, 'node-2 sees Redis gone');
    const bob = new Browser(cert.ca);
    const back = await bob.signIn(two.httpUrl, 'bob');
    assert.equal(back.status, 503, back.body);
    assert.match(back.body, /Sign-in failed \(unavailable\): the server cannot reach its accounts directory/);
    const named = await login(one.wsUrl, 'dave');
    assert.equal(named.reply.success, false);
    assert.equal(named.reply.code, 'unavailable');
    named.client.close();
    assert.ok(one.running() && two.running());

    redis = await startRedis(redisPort, { track });
    await until(10_000, async () => (await readyz(two)) === 200, 'node-2 ready again');
    const later = new Browser(cert.ca);
    const ok = await later.signIn(two.httpUrl, 'bob');
    assert.equal(ok.status, 302, ok.body);
    assert.equal((await me(one, cookieOf(later, two))).name, 'bob');
  });
});
