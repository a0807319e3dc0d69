// The signaling connection is not the call: when the server restarts, or one user's socket
// drops, the call's media goes on peer to peer, the page shows "Reconnecting...", signs in
// again with its token and tells the server who it is in a call with, and hanging up still
// reaches the other side afterwards.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, closeBrowser, duetState, expectCallOver,
  expectLiveCall, expectVideoDecoding, getInboundVideoStats, launchBrowser, metric, newContext,
  openApp, requireBundle, screenshot, signIn, sleep, startCall, startServer, steps,
  waitForCallState, waitForDuet,
} from './harness.mjs';

// Records the page's WebSockets so a test can cut one, as a network change would.
function recordSockets() {
  const Native = window.WebSocket;
  const sockets = [];
  Object.defineProperty(window, Symbol.for('duet-test.sockets'), { value: sockets });
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
  };
}

describe('signaling reconnects while the call goes on', () => {
  const env = { server: null, browser: null };
  const step = steps();
  let alice;
  let bob;
  let carol;
  let port = 0;

  before(async () => {
    requireBundle();
    env.server = await startServer({ logName: 'reconnect-server' });
    port = env.server.port;
    env.browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(env.browser);
    const result = await env.server?.stop();
    assert.equal(result?.code, 0, 'duet-server did not stop cleanly on SIGTERM');
  });

  step('alice and bob are in a call', async () => {
    const ctx = await newContext(env.browser);
    await ctx.addInitScript(recordSockets);
    alice = await openApp(ctx, env.server, 'reconnect-alice');
    bob = await openApp(await newContext(env.browser), env.server, 'reconnect-bob');
    carol = await openApp(await newContext(env.browser), env.server, 'reconnect-carol');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await signIn(carol, 'carol');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
  });

  step('the server stops: both show Reconnecting..., the video keeps flowing', async () => {
    const result = await env.server.stop();
    assert.equal(result.code, 0);
    for (const page of [alice, bob]) {
      await waitForDuet(page, () => window.duet.reconnecting === true, null, '"reconnecting"');
    }
    await screenshot(alice, 'reconnecting');
    for (const page of [alice, bob]) {
      const s = await duetState(page);
      assert.equal(s.callState, 'in_call', 'the call ended when the server went away');
      await expectVideoDecoding(page);
    }
    await sleep(2000);  // an outage of a few seconds, as a restart takes
  });

  step('the server is back: both sign in again by themselves, still in the call', async () => {
    const before = { alice: await getInboundVideoStats(alice) };
    env.server = await startServer({ logName: 'reconnect-server-restarted', port });
    const restarted = Date.now();
    await Promise.all([alice, bob, carol].map((page) => waitForDuet(page,
      () => !window.duet.reconnecting && window.duet.signaling === 'online' &&
        window.duet.reconnects >= 1, null, 'signed in again', 15_000)));
    const took = Date.now() - restarted;
    metric('reconnect_after_server_restart', took, { test: 'reconnect' });
    assert.ok(took < 8000, `reconnecting took ${took} ms after the server was back`);
    for (const [page, peer] of [[alice, 'bob'], [bob, 'alice']]) {
      const s = await duetState(page);
      assert.equal(s.callState, 'in_call');
      assert.equal(s.peer, peer);
    }
    const later = await getInboundVideoStats(alice);
    assert.ok(later.framesDecoded > before.alice.framesDecoded, 'video stopped');
  });

  step('the new server knows the call: carol is told bob is busy', async () => {
    await startCall(carol, 'bob');
    await waitForDuet(carol, () => /bob is busy/.test(window.duet.status), null,
      'carol told that bob is busy');
  });

  step('only alice\'s socket drops: bob keeps the call, alice comes back', async () => {
    await alice.evaluate(() => window[Symbol.for('duet-test.sockets')].at(-1).close());
    await waitForDuet(alice, () => window.duet.reconnects >= 2 && !window.duet.reconnecting,
      null, 'alice signed in again', 15_000);
    await sleep(1000);
    for (const [page, peer] of [[alice, 'bob'], [bob, 'alice']]) {
      const s = await duetState(page);
      assert.equal(s.callState, 'in_call', `${peer}'s partner lost the call`);
      assert.equal(s.peer, peer);
    }
    await expectVideoDecoding(bob);
  });

  step('hanging up after the reconnects still reaches the other side', async () => {
    await clickWidget(bob, 'Hang Up');
    await expectCallOver(bob);
    await expectCallOver(alice);
    await waitForDuet(alice, () => /bob hung up/.test(window.duet.status), null,
      'alice told that bob hung up');
    for (const p of [alice, bob, carol]) assertNoPageProblems(p);
  });
});
