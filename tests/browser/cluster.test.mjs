// Two pages on two nodes sharing one Redis (docs/cluster.md): alice's page is served by and
// signs in on node a, bob's on node b, and they call each other like two people, pressing the
// widgets by their rectangles; ring, accept, video both ways and the hang-up cross the nodes.
// Then the same through HAProxy running docs/deploy.md's configuration (HTTPS and WSS at the
// proxy): the two land on different nodes (read from Redis), call, and the node of one is
// stopped with SIGTERM: that page is back on the other node at once, the call and its video
// go on, and the partner never hears of it (times printed).
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { startHaproxy } from '../system/haproxy.mjs';
import { freeLoopbackPort, redisCommand, startRedis } from '../system/redis_server.mjs';
import {
  acceptCall, clickWidget, closeBrowser, desktop, duetState, expectCallOver, expectLiveCall,
  getInboundVideoStats, launchBrowser, newContext, openApp, requireBundle, signIn, sleep,
  startCall, startServer, steps, waitForDuet,
} from './harness.mjs';

async function whenReady(server) {
  const deadline = performance.now() + 5000;
  for (;;) {
    const res = await fetch(`${server.origin}/readyz`);
    await res.text();
    if (res.status === 200) return;
    assert.ok(performance.now() < deadline, `${server.origin}/readyz stayed ${res.status}`);
    await sleep(50);
  }
}

describe('a call between pages on two nodes', () => {
  const step = steps();
  let redis;
  const nodes = {};
  let browser;
  let alice;
  let bob;

  before(async () => {
    requireBundle();
    redis = await startRedis(await freeLoopbackPort());
    for (const id of ['a', 'b']) {
      nodes[id] = await startServer({ logName: `cluster-node-${id}`,
        args: ['--redis', redis.url, '--node-id', `node-${id}`] });
      await whenReady(nodes[id]);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(browser);
    for (const node of Object.values(nodes)) {
      const result = await node.stop();
      assert.equal(result.code, 0, `a node exited with ${result.code} (${result.signal})`);
    }
    await redis?.kill();
  });

  step('alice signs in on node a, bob on node b', async () => {
    alice = await openApp(await newContext(browser), nodes.a, 'cluster-alice');
    bob = await openApp(await newContext(browser), nodes.b, 'cluster-bob');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    assert.ok(alice.url().startsWith(nodes.a.origin), alice.url());
    assert.ok(bob.url().startsWith(nodes.b.origin), bob.url());
    assert.notEqual(nodes.a.port, nodes.b.port);
  });

  step('alice calls bob across the nodes: both are in the call and see each other', async () => {
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob',
      shots: ['cluster-caller', 'cluster-callee'] });
  });

  step('bob hangs up on node b: alice on node a is told', async () => {
    await clickWidget(bob, 'Hang Up');
    await expectCallOver(bob);
    await expectCallOver(alice);
    assert.match((await duetState(alice)).status, /bob/);
  });
});

describe('a call through HAProxy survives SIGTERM of one page\'s node', () => {
  const step = steps();
  let redis;
  const nodes = {};
  let proxy;
  let browser;
  let alice;
  let bob;
  const where = {};
  const nodeOf = (name) => redisCommand(redis.port, 'HGET', `duet:user:${name}`, 'node');
  const frames = async (page) => (await getInboundVideoStats(page)).framesDecoded;

  before(async () => {
    requireBundle();
    redis = await startRedis(await freeLoopbackPort());
    for (const id of ['node1', 'node2']) {
      nodes[id] = await startServer({ logName: `cluster-lb-${id}`,
        args: ['--redis', redis.url, '--node-id', id] });
      await whenReady(nodes[id]);
    }
    proxy = await startHaproxy([nodes.node1.port, nodes.node2.port]);
    const deadline = performance.now() + 15_000;
    for (;;) {
      const s = await proxy.states();
      if (s.node1 === 'UP' && s.node2 === 'UP') break;
      assert.ok(performance.now() < deadline, `HAProxy's view: ${JSON.stringify(s)}`);
      await sleep(100);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(browser);
    await proxy?.stop();
    for (const node of Object.values(nodes)) {
      await node.stop();
    }
    await redis?.kill();
  });

  step('alice and bob open the proxy\'s page and land on different nodes', async () => {
    const context = () => newContext(browser, { ...desktop, ignoreHTTPSErrors: true });
    alice = await openApp(await context(), proxy, 'cluster-lb-alice');
    await signIn(alice, 'alice');
    where.alice = await nodeOf('alice');
    // The operator's drain (HAProxy's admin socket) sends bob to the other node.
    await proxy.setState(where.alice, 'drain');
    bob = await openApp(await context(), proxy, 'cluster-lb-bob');
    await signIn(bob, 'bob');
    where.bob = await nodeOf('bob');
    await proxy.setState(where.alice, 'ready');
    assert.ok(alice.url().startsWith(proxy.origin), alice.url());
    assert.notEqual(where.alice, where.bob, `alice on ${where.alice}, bob on ${where.bob}`);
  });

  step('they call each other through the proxy', async () => {
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
  });

  step('alice\'s node gets SIGTERM: she is back on the other node, the call goes on',
    async () => {
      const before = await duetState(alice);
      const framesBefore = await Promise.all([alice, bob].map(frames));
      const node = nodes[where.alice];
      const start = Date.now();
      const back = waitForDuet(alice,
        (n) => window.duet.signaling === 'online' && window.duet.reconnects > n,
        before.reconnects, 'alice signed in again', 10_000).then(() => Date.now() - start);
      node.stopping = true;
      process.kill(node.pid, 'SIGTERM');
      const exit = await node.exit;
      const exitMs = Date.now() - start;
      const backMs = await back;
      const now = await nodeOf('alice');
      console.log(`SIGTERM of ${where.alice}: alice signed in again on ${now} after ` +
        `${backMs} ms; the node exited after ${exitMs} ms (code ${exit.code})`);
      assert.equal(exit.code, 0);
      assert.equal(now, where.bob, 'alice is on the other node now');
      assert.ok(backMs < 5000, `back after ${backMs} ms`);
      for (const [page, partner] of [[alice, 'bob'], [bob, 'alice']]) {
        const s = await duetState(page);
        assert.equal(s.callState, 'in_call', `${partner}'s partner: the call ended`);
        assert.equal(s.peer, partner);
      }
      assert.equal((await duetState(bob)).reconnects, 0, 'bob noticed nothing');
      await sleep(1000);
      const framesAfter = await Promise.all([alice, bob].map(frames));
      for (const k of [0, 1]) {
        assert.ok(framesAfter[k] > framesBefore[k], `video stopped on ${k ? 'bob' : 'alice'}`);
      }
      // Linked again on the server: a message of the call gets through the new node.
      assert.equal(await redisCommand(redis.port, 'HGET', 'duet:user:alice', 'partner'), 'bob');
      assert.equal(await redisCommand(redis.port, 'HGET', 'duet:user:bob', 'partner'), 'alice');
      await clickWidget(bob, 'Hang Up');
      await expectCallOver(bob);
      await expectCallOver(alice);
    });
});
