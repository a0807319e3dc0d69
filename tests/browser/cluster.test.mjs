// Two pages on two nodes sharing one Redis (docs/cluster.md): alice's page is served by and
// signs in on node a, bob's on node b, and they call each other like two people, pressing the
// widgets by their rectangles; ring, accept, video both ways and the hang-up cross the nodes.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { freeLoopbackPort, startRedis } from '../system/redis_server.mjs';
import {
  acceptCall, clickWidget, closeBrowser, duetState, expectCallOver, expectLiveCall,
  launchBrowser, newContext, openApp, requireBundle, signIn, sleep, startCall, startServer,
  steps,
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
