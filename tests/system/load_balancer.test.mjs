// Three nodes behind a real load balancer: Debian's HAProxy runs the configuration of
// docs/deploy.md (read from that file; only its addresses are changed), terminating TLS and
// proxying WebSockets to duet-server nodes on loopback, with health checks on /readyz. The
// third node's Redis is out of reach, so its /readyz says 503 and it must get nobody. Users
// who land on different nodes (checked in Redis) call each other through the proxy; a node
// given SIGTERM hands its users over (its idle user's name gone from Redis at once, its user
// in a call back on another node through the proxy with the call's link kept; times printed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, startServer, track, until, within } from './harness.mjs';
import { startHaproxy } from './haproxy.mjs';
import { freeLoopbackPort, redisCommand, startRedis } from './redis_server.mjs';

// The partner of a user whose node goes away is given the heartbeat's 6 s (docs/cluster.md);
// a hand-over must be far quicker than that.
const HANDOVER_MS = 3000;
const EXIT_MS = 3000;

describe('three nodes behind HAProxy (docs/deploy.md)', () => {
  let redis;
  const nodes = [];
  let proxy;

  const nodeOf = (name) => redisCommand(redis.port, 'HGET', `duet:user:${name}`, 'node');

  // Connects through the proxy over TLS and signs in; `login` adds to the login message.
  async function through(name, login = {}) {
    const c = await connect(proxy.url, { ca: proxy.ca, label: name });
    c.send({ type: 'login', name, features: ['ring'], ...login });
    const reply = await c.expect('login');
    assert.equal(reply.success, true, `${name}: ${JSON.stringify(reply)}`);
    c.token = reply.token;
    return c;
  }

  before(async () => {
    redis = await startRedis(await freeLoopbackPort(), { track });
    const nowhere = await freeLoopbackPort();  // no Redis there: node3 is never ready
    for (const [i, port] of [redis.port, redis.port, nowhere].entries()) {
      nodes.push(await startServer({ name: `lb-node${i + 1}`, args: ['--redis',
        `redis://127.0.0.1:${port}/0`, '--node-id', `node${i + 1}`,
        '--max-connections-per-address', '1000'] }));
    }
    proxy = await startHaproxy(nodes.map((n) => n.port), { track });
    // The health checks decide: node1 and node2 up, node3 (503 on /readyz) down.
    await until(15_000, async () => {
      const s = await proxy.states();
      return s.node1 === 'UP' && s.node2 === 'UP' && s.node3 === 'DOWN';
    }, 'HAProxy sees node1 and node2 up and node3 down');
  });

  after(async () => {
    await proxy?.stop();
    for (const n of nodes) if (n.running()) await n.stopClean();
    await redis?.kill();
  });

  it('proxies WebSockets over TLS to the ready nodes only; users on two nodes call', async () => {
    // Plain HTTP at the proxy is sent to HTTPS.
    const plain = await fetch(`http://127.0.0.1:${proxy.plainPort}/`, { redirect: 'manual' });
    assert.equal(plain.status, 302);
    assert.match(plain.headers.get('location'), /^https:/);

    const users = [];
    for (let i = 0; i < 6; i++) users.push(await through(`user${i}`));
    const where = await Promise.all(users.map((_, i) => nodeOf(`user${i}`)));
    assert.ok(!where.includes('node3'), `nobody on the unready node: ${where}`);
    assert.ok(where.includes('node1') && where.includes('node2'), `both nodes used: ${where}`);
    const a = users[where.indexOf('node1')];
    const b = users[where.indexOf('node2')];
    const [aName, bName] = [`user${where.indexOf('node1')}`, `user${where.indexOf('node2')}`];

    a.send({ type: 'call', name: bName });
    assert.deepEqual(await b.expect('call'), { type: 'call', name: aName });
    b.send({ type: 'accept', name: aName });
    assert.deepEqual(await a.expect('accept'), { type: 'accept', name: bName });
    a.send({ type: 'offer', name: bName, offer: { type: 'offer', sdp: 'v=0\r\n' } });
    assert.equal((await b.expect('offer')).name, aName);
    b.send({ type: 'answer', name: aName, answer: { type: 'answer', sdp: 'v=0\r\n' } });
    assert.equal((await a.expect('answer')).name, bName);
    b.send({ type: 'leave', name: aName });
    assert.deepEqual(await a.expect('leave'), { type: 'leave', name: bName });
    for (const u of users) u.close();
    await until(3000, async () => (await redisCommand(redis.port, 'SCARD', 'duet:online')) === 0,
      'everyone signed out');
  });

  it('SIGTERM hands a node\'s users over: names freed at once, a call kept', async () => {
    // alice on node1 in a call with bob on node2; carol idle on node1.
    const placed = {};
    const pending = [];
    for (let i = 0; Object.keys(placed).length < 3 && i < 12; i++) {
      const name = `p${i}`;
      const c = await through(name);
      const node = await nodeOf(name);
      const role = node === 'node1' ? (placed.alice ? (placed.carol ? null : 'carol') : 'alice')
        : (placed.bob ? null : 'bob');
      if (role) placed[role] = { c, name };
      else pending.push(c);
    }
    assert.ok(placed.alice && placed.bob && placed.carol, 'users placed on node1 and node2');
    for (const c of pending) c.close();
    const { alice, bob, carol } = placed;
    alice.c.send({ type: 'call', name: bob.name });
    await bob.c.expect('call');
    bob.c.send({ type: 'accept', name: alice.name });
    await alice.c.expect('accept');

    const node1 = nodes[0];
    const start = performance.now();
    node1.signal('SIGTERM');
    const carolGone = until(HANDOVER_MS, async () =>
      (await redisCommand(redis.port, 'EXISTS', `duet:user:${carol.name}`)) === 0,
    'the idle user\'s name removed', 10);
    const [aliceClosed, carolClosed] = await Promise.all([alice.c.waitClosed(3000),
      carol.c.waitClosed(3000)]);
    assert.equal(aliceClosed.code, 1001, 'told "going away"');
    assert.equal(carolClosed.code, 1001);
    // Like the client's reconnect: through the proxy at once, with its token and partner.
    const back = await through(alice.name, { token: alice.c.token, peer: bob.name });
    assert.equal(await nodeOf(alice.name), 'node2', 'back on the other node');
    bob.c.send({ type: 'candidate', name: alice.name, candidate: { candidate: 'c', sdpMid: '0' } });
    const relayed = await back.expect('candidate');
    const reachableMs = performance.now() - start;
    assert.equal(relayed.name, bob.name, 'the call\'s link carried over');
    const carolGoneMs = await carolGone;
    const exit = await within(EXIT_MS, node1.exit, 'node1 exits');
    const exitMs = exit.at - start;
    console.log(`SIGTERM: ${alice.name} reachable on node2 after ${reachableMs.toFixed(0)} ms, ` +
      `${carol.name}'s name gone from Redis after ${carolGoneMs.toFixed(0)} ms, node exited after ` +
      `${exitMs.toFixed(0)} ms (code ${exit.code})`);
    assert.equal(exit.code, 0);
    assert.ok(reachableMs < HANDOVER_MS, `reachable after ${reachableMs} ms`);
    await bob.c.expectSilence(300);  // no `leave`: the call was not lost
    back.close();
    bob.c.close();
  });
});
