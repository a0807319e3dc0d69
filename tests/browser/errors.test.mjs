// Mistakes a person makes: an empty name, a taken name, calling someone who is not online,
// calling yourself, pressing Call with no name. Each shows its message in the app (never an
// alert) and changes nothing else; afterwards the app still works.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  activate, assertNoPageProblems, clickWidget, duetState, expectCallOver, expectLiveCall,
  newContext, openApp, peerConnections, pressKey, screenshot, signIn, startCall, steps,
  typeInto, useServerAndBrowser, waitForDuet,
  acceptCall,
} from './harness.mjs';

// Waits until the given field of window.duet matches the pattern.
function waitForText(page, field, pattern, what) {
  return waitForDuet(page,
    ([f, source, flags]) => new RegExp(source, flags).test(String(window.duet?.[f] ?? '')),
    [field, pattern.source, pattern.flags], `${what}: window.duet.${field} matching ${pattern}`);
}

// The parts of the app's state that a failed request must leave alone.
const essentials = (s) => ({ screen: s.screen, name: s.name || '', peer: s.peer || '',
  callState: s.callState === 'ended' ? 'idle' : s.callState });

async function openPeerConnections(page) {
  return (await peerConnections(page)).filter((p) => p.signalingState !== 'closed').length;
}

describe('mistakes show a message and change nothing else', () => {
  const env = useServerAndBrowser('errors');
  const step = steps();
  let first; // signs in as alice, then leaves
  let second; // tries alice while it is taken, then gets it
  let bob;

  step('an empty name: the login screen says so and stays', async () => {
    first = await openApp(await newContext(env.browser), env.server, 'errors-first');
    const before = await duetState(first);
    await clickWidget(first, 'Sign in');
    await waitForText(first, 'error', /empty|enter/i, 'signing in with an empty name');
    const after = await duetState(first);
    assert.deepEqual(essentials(after), essentials(before));
    assert.equal(after.screen, 'login');
    await screenshot(first, 'error-empty-name');
    // The screen still works: the same page signs in once a name is typed.
    await signIn(first, 'alice');
  });

  step('a taken name: the server\'s message shows, the field keeps its text', async () => {
    second = await openApp(await newContext(env.browser), env.server, 'errors-second');
    const aliceBefore = await duetState(first);
    const before = await duetState(second);
    await typeInto(second, 'Login', 'alice');
    await pressKey(second, 'Enter');
    await waitForText(second, 'error', /taken|in use/i, 'signing in with a taken name');
    const after = await duetState(second);
    assert.match(after.error, /alice/, 'the message names the taken name');
    assert.deepEqual(essentials(after), essentials(before));
    assert.equal(after.screen, 'login');
    assert.deepEqual(essentials(await duetState(first)), essentials(aliceBefore),
      'the user who has the name is not affected');
    await screenshot(second, 'error-name-taken');

    // Once alice's page is gone the name is free; pressing Sign in again, without typing,
    // signs in as alice: the field kept its text.
    assertNoPageProblems(first);
    await first.close();
    await activate(second, 'Sign in');
    await waitForDuet(second, () => window.duet?.screen === 'call' && window.duet?.name === 'alice',
      null, 'signed in as "alice" with the text left in the field');
  });

  step('calling a user who is not online', async () => {
    bob = await openApp(await newContext(env.browser), env.server, 'errors-bob');
    await signIn(bob, 'bob');
    const before = await duetState(second);
    const bobBefore = await duetState(bob);
    await startCall(second, 'nobody');
    await waitForText(second, 'status', /not online/i, 'calling "nobody"');
    await expectCallOver(second);
    const after = await duetState(second);
    assert.match(after.status, /nobody/, 'the message names who is not online');
    assert.deepEqual(essentials(after), essentials(before));
    assert.deepEqual(essentials(await duetState(bob)), essentials(bobBefore),
      'a bystander is not affected');
    await screenshot(second, 'error-not-online');
  });

  step('calling yourself', async () => {
    const before = await duetState(second);
    await startCall(second, 'alice');
    await waitForText(second, 'status', /yourself/i, 'calling oneself');
    await expectCallOver(second);
    assert.deepEqual(essentials(await duetState(second)), essentials(before));
    assert.equal(await openPeerConnections(second), 0);
  });

  step('pressing Call with an empty name', async () => {
    const before = await duetState(second);
    await startCall(second, '');
    await waitForText(second, 'status', /enter|empty/i, 'calling with no name');
    assert.deepEqual(essentials(await duetState(second)), essentials(before));
    assert.equal(await openPeerConnections(second), 0);
    assert.equal(await openPeerConnections(bob), 0, 'nobody was called');
  });

  step('after all that, a call still connects', async () => {
    await startCall(second, 'bob');
    await acceptCall(bob);
    await expectLiveCall(second, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    await clickWidget(second, 'Hang Up');
    await expectCallOver(second);
    await expectCallOver(bob);
    assertNoPageProblems(second);
    assertNoPageProblems(bob);
  });
});
