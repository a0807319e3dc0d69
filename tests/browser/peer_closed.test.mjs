// The peer closes its tab in the middle of a call: the other side learns the call ended
// (the server sends "leave" when a connection in a call closes) and can call again.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, clickWidget, duetState, expectCallOver, expectLiveCall, newContext,
  openApp, screenshot, signIn, startCall, steps, useServerAndBrowser, waitForDuet,
  acceptCall,
} from './harness.mjs';

describe('the peer closes its tab mid-call', () => {
  const env = useServerAndBrowser('peer-closed');
  const step = steps();
  let alice;
  let bob;

  step('alice and bob are in a call', async () => {
    alice = await openApp(await newContext(env.browser), env.server, 'peer-closed-alice');
    bob = await openApp(await newContext(env.browser), env.server, 'peer-closed-bob');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
  });

  step('bob closes his tab: alice sees the call ended', async () => {
    assertNoPageProblems(bob);
    await bob.close();
    // The server's "leave" should arrive at once; ICE would take many seconds to notice.
    await waitForDuet(alice, () => window.duet?.callState !== 'in_call', null,
      'the call to end after the peer closed its tab', 3000);
    await expectCallOver(alice);
    const s = await duetState(alice);
    assert.match(s.status, /bob/, 'the status names who left');
    assert.match(s.status, /hung up|ended|left|closed|disconnected/i,
      'the status says the call ended');
    await screenshot(alice, 'peer-closed-call-ended');
  });

  step('bob comes back under the same name and alice calls him again', async () => {
    bob = await openApp(await newContext(env.browser), env.server, 'peer-closed-bob-again');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    assertNoPageProblems(alice);
    assertNoPageProblems(bob);
  });
});
