// Several nodes sharing users through Redis (docs/cluster.md): Debian's redis-server on a free
// loopback port and two duet-server processes with --redis and their own --node-id, real
// WebSocket clients on each. Presence, the name's uniqueness, relays in order, ringing, a
// node's SIGKILL (its names freed and its users' partners told within the heartbeat bound:
// measured and printed) and /readyz while Redis is away and back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, sleep, startServer, track, user, within } from './harness.mjs';
import { freeLoopbackPort, startRedis } from './redis_server.mjs';

const RING_PRESENCE = ['ring', 'presence'];
// The registry's bounds (cluster_config): a dead node's names are free after the heartbeat's
// 6 s, and its users' partners hear within one more 2 s sweep.
const NAMES_FREED_MS = 6000;
const PARTNERS_TOLD_MS = 8000;

async function readyz(server) {
  const res = await fetch(`${server.httpUrl}/readyz`);
  await res.text();
  return res.status;
}

// Polls until `check()` is truthy; returns the milliseconds it took.
async function until(ms, check, what) {
  const start = performance.now();
  await within(ms, (async () => {
    while (!(await check())) await sleep(50);
  })(), what);
  return performance.now() - start;
}

async function node(redisPort, id, threads) {
  const server = await startServer({ name: `node-${id}`, args: ['--redis',
    `redis://127.0.0.1:${redisPort}/0`, '--node-id', id, '--threads', String(threads)] });
  await until(5000, async () => (await readyz(server)) === 200, `node ${id} ready`);
  return server;
}

async function tryLogin(server, name, token) {
  const c = await connect(server.wsUrl, { label: `${name}?` });
  const reply = await c.login(name, token);
  return { c, reply };
}

const statuses = (presence) =>
  Object.fromEntries(presence.users.map((u) => [u.name, u.status]));

describe('two nodes sharing one Redis', () => {
  let redisPort;
  let redis;
  let a;
  let b;
  before(async () => {
    redisPort = await freeLoopbackPort();
    redis = await startRedis(redisPort, { track });
    // One I/O thread and several: with several, sessions and Redis each run on strands.
    a = await node(redisPort, 'node-a', 1);
    b = await node(redisPort, 'node-b', 4);
  });
  after(async () => {
    await b?.stopClean();
    if (a?.running()) await a.stopClean();
    await redis?.kill();
  });

  it('presence, one name across nodes, and relays in order between nodes', async () => {
    const alice = await user(a, 'alice', { features: RING_PRESENCE });
    assert.deepEqual(statuses(await alice.nextPresence()), {});
    const bob = await user(b, 'bob', { features: RING_PRESENCE });
    assert.deepEqual(statuses(await bob.nextPresence()), { alice: 'available' });
    assert.deepEqual(statuses(await alice.nextPresence()), { bob: 'available' });

    // Taken on the other node: refused without the token.
    const taken = await tryLogin(b, 'alice');
    assert.equal(taken.reply.success, false);
    assert.equal(taken.reply.code, 'name_taken');
    taken.c.close();

    // Ringing across nodes, then the tutorial's messages, in order.
    alice.send({ type: 'call', name: 'bob' });
    assert.deepEqual(await bob.expectOther('call'), { type: 'call', name: 'alice' });
    bob.send({ type: 'accept', name: 'alice' });
    assert.deepEqual(await alice.expectOther('accept'), { type: 'accept', name: 'bob' });
    assert.deepEqual(statuses(await bob.nextPresence()), { alice: 'busy' });
    alice.send({ type: 'offer', name: 'bob', offer: { type: 'offer', sdp: 'v=0\r\n' } });
    for (let i = 0; i < 50; i++) {
      alice.send({ type: 'candidate', name: 'bob', candidate: { candidate: `c${i}`, sdpMid: '0' } });
    }
    assert.equal((await bob.expectOther('offer')).name, 'alice');
    for (let i = 0; i < 50; i++) {
      const got = await bob.expectOther('candidate');
      assert.equal(got.candidate.candidate, `c${i}`, 'candidates arrive in the order sent');
    }
    bob.send({ type: 'answer', name: 'alice', answer: { type: 'answer', sdp: 'v=0\r\n' } });
    assert.equal((await alice.expectOther('answer')).name, 'bob');
    bob.send({ type: 'leave', name: 'alice' });
    assert.deepEqual(await alice.expectOther('leave'), { type: 'leave', name: 'bob' });

    // Reclaimed on the other node with its token: the old connection is told and closed.
    const again = await tryLogin(b, 'alice', alice.reply.token);
    assert.equal(again.reply.success, true, JSON.stringify(again.reply));
    assert.equal((await alice.expectOther('error', 'replaced')).user, 'alice');
    await alice.waitClosed(3000);
    again.c.send({ type: 'candidate', name: 'bob', candidate: { candidate: 'from b', sdpMid: '0' } });
    assert.equal((await bob.expectOther('candidate')).candidate.candidate, 'from b');
    again.c.close();
    bob.close();
    await until(3000, async () => {
      const { c, reply } = await tryLogin(a, 'bob');
      c.close();
      return reply.success;
    }, 'bob free again after he left');
  });

  it("a node's SIGKILL frees its names and ends its users' calls within the bound", async () => {
    const carol = await user(a, 'carol', { features: ['ring'] });
    const dave = await user(b, 'dave', { features: ['ring'] });
    carol.send({ type: 'call', name: 'dave' });
    await dave.expectOther('call');
    dave.send({ type: 'accept', name: 'carol' });
    await carol.expectOther('accept');

    a.signal('SIGKILL');
    const killed = performance.now();
    await a.exit;
    const freedMs = await until(PARTNERS_TOLD_MS + 2000, async () => {
      const { c, reply } = await tryLogin(b, 'carol');
      c.close();
      return reply.success;
    }, 'carol free on node-b');
    const left = await dave.expectOther('leave', undefined);
    const toldMs = performance.now() - killed;
    assert.deepEqual(left, { type: 'leave', name: 'carol', reason: 'connection_lost' });
    console.log(`node killed: its name free after ${freedMs.toFixed(0)} ms (bound ` +
      `${NAMES_FREED_MS} ms), its partner told after at most ${toldMs.toFixed(0)} ms ` +
      `(bound ${PARTNERS_TOLD_MS} ms)`);
    assert.ok(freedMs < NAMES_FREED_MS + 500, `freed after ${freedMs} ms`);
    assert.ok(toldMs < PARTNERS_TOLD_MS + 500, `told after ${toldMs} ms`);
    dave.close();
  });

  it('/readyz is 503 while Redis is away, logins fail with a clear error, and both recover',
    async () => {
      assert.equal(await readyz(b), 200);
      await redis.kill();
      const downMs = await until(5000, async () => (await readyz(b)) === 503, '/readyz 503');
      const start = performance.now();
      const { c, reply } = await tryLogin(b, 'erin');
      c.close();
      assert.equal(reply.success, false);
      assert.equal(reply.code, 'unavailable');
      assert.ok(performance.now() - start < 1000, 'refused at once, not after a wait');
      redis = await startRedis(redisPort, { track });
      const upMs = await until(10_000, async () => (await readyz(b)) === 200, '/readyz 200');
      console.log(`Redis killed: /readyz 503 after ${downMs.toFixed(0)} ms; restarted: 200 ` +
        `after ${upMs.toFixed(0)} ms`);
      const erin = await user(b, 'erin');
      erin.close();
    });
});
