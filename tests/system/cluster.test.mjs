// Several nodes sharing users through Redis (docs/cluster.md): Debian's redis-server on a free
// loopback port and two duet-server processes with --redis and their own --node-id, real
// WebSocket clients on each. Presence, the name's uniqueness, relays in order, ringing, a
// node's SIGKILL (its names freed and its users' partners told within the heartbeat bound:
// measured and printed) and /readyz while Redis is away and back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, sleep, startServer, track, until, user, within } from './harness.mjs';
import { freeLoopbackPort, redisCommand, startRedis } from './redis_server.mjs';

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

describe('a callee gone on another node, presence windows, scripts by their hash', () => {
  let redis;
  let a;
  let b;
  before(async () => {
    redis = await startRedis(await freeLoopbackPort(), { track });
    a = await node(redis.port, 'node-c', 1);
    b = await node(redis.port, 'node-d', 2);
  });
  after(async () => {
    if (b?.running()) await b.stopClean();
    if (a?.running()) await a.stopClean();
    await redis?.kill();
  });

  it('a ring to a user whose connection dropped on the other node is answered not_online',
    async () => {
      // bob drops in a call (his name kept for --lost-timeout), then dave hangs up on him.
      const dave = await user(a, 'dave', { features: ['ring'] });
      const bob = await user(b, 'bob', { features: ['ring'] });
      dave.send({ type: 'call', name: 'bob' });
      await bob.expectOther('call');
      bob.send({ type: 'accept', name: 'dave' });
      await dave.expectOther('accept');
      bob.terminate();
      await sleep(300);
      dave.send({ type: 'leave', name: 'bob' });
      const erin = await user(a, 'erin', { features: ['ring'] });
      const start = performance.now();
      erin.send({ type: 'call', name: 'bob' });
      const told = await erin.expectOther('error', 'not_online');
      assert.equal(told.user, 'bob');
      assert.ok(performance.now() - start < 1000, 'at once, not after the ring timeout');
      assert.equal(await redisCommand(redis.port, 'HGET', 'duet:user:erin', 'partner'), '',
        'the ring left no link behind');
      erin.close();
      dave.close();
    });

  it("a callee whose node dies mid-ring: the caller is told leave within the bound", async () => {
    const carol = await user(a, 'carol', { features: ['ring'] });
    const frank = await user(b, 'frank', { features: ['ring'] });
    carol.send({ type: 'call', name: 'frank' });
    await frank.expectOther('call');
    b.signal('SIGKILL');
    const killed = performance.now();
    await b.exit;
    const left = await within(PARTNERS_TOLD_MS + 1000, carol.nextOther(PARTNERS_TOLD_MS + 1000),
      'carol told');
    const toldMs = performance.now() - killed;
    assert.deepEqual(left, { type: 'leave', name: 'frank', reason: 'connection_lost' });
    console.log(`callee's node killed mid-ring: the caller told after ${toldMs.toFixed(0)} ms ` +
      `(bound ${PARTNERS_TOLD_MS} ms)`);
    carol.close();
  });

  it('scripts run by EVALSHA; of 1,200 names a list holds the window, a search finds the rest',
    async () => {
      const calls = async (command) => {
        const stats = await redisCommand(redis.port, 'INFO', 'commandstats');
        return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      };
      assert.ok(await calls('evalsha') > 0, 'the registry runs its scripts by their hash');
      assert.equal(await calls('eval'), 0, 'and never sends one whole while Redis has it');
      // A Redis that lost them (SCRIPT FLUSH) gets each one whole once, and all still works.
      await redisCommand(redis.port, 'SCRIPT', 'FLUSH');
      const flushed = await user(a, 'flushed');
      flushed.close();
      assert.ok(await calls('eval') > 0, 'NOSCRIPT answered by EVAL');

      // 1,200 names online, written as node-c would have them.
      const names = [];
      for (let i = 0; i < 1200; i++) names.push(`member${String(i).padStart(4, '0')}`);
      await redisCommand(redis.port, 'EVAL', "for _, n in ipairs(ARGV) do redis.call('HSET', " +
        "'duet:user:' .. n, 'node', 'node-c', 'conn', '0'); redis.call('SADD', 'duet:online', n) " +
        'end', '0', ...names);
      // Written behind the nodes' back (no change published): node-c has had no presence
      // subscriber yet, so its copy of the directory is listed now, with them in it.
      const viewer = await connect(a.wsUrl, { label: 'viewer' });
      viewer.send({ type: 'login', name: 'viewer', features: ['ring', 'presence'] });
      const reply = await viewer.expect('login');
      assert.equal(reply.success, true);
      const win = reply.presenceWindow;
      assert.equal(win, 100);
      const first = await viewer.expect('presence');
      assert.equal(first.full, true);
      assert.equal(first.more, true);
      assert.equal(first.users.length, win);
      // The first names in byte order: every name left out sorts after every name shown.
      const shown = first.users.map((u) => u.name).sort();
      const last = shown[shown.length - 1];
      assert.ok(names.filter((n) => !shown.includes(n)).every((n) => n > last));
      viewer.send({ type: 'search', prefix: 'member11' });
      const found = await viewer.expect('presence');
      assert.equal(found.full, true);
      assert.equal(found.prefix, 'member11');
      assert.equal(found.more, false);
      assert.equal(found.users.length, 100);  // member1100 to member1199
      console.log(`presence: 1,200 names online, a list of ${first.users.length} ` +
        `(more: ${first.more}), a search for "member11" found ${found.users.length}`);
      // Back to the first names; a login that sorts first enters the window and pushes its
      // last name out.
      viewer.send({ type: 'search', prefix: '' });
      assert.equal((await viewer.expect('presence')).users.length, win);
      const early = await user(a, 'aaron', { features: ['ring'] });
      const entered = await viewer.expect('presence');
      assert.deepEqual(entered.users[0], { name: 'aaron', status: 'available' });
      assert.deepEqual(entered.users[1], { name: last, status: 'offline' });  // pushed out
      early.close();
      viewer.close();
    });
});
