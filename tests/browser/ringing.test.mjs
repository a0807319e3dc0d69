// A call rings before anyone's camera is shared: Accept, Decline, Cancel, Mute, busy with a
// notice to the busy user, no answer, and the live list of who is online that calls by a tap.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, cameraRequests, clickWidget, duetState, expectCallOver, expectLiveCall,
  expectWidgetsLaidOut, newContext, openApp, peerConnections, screenshot, signIn, startCall,
  steps, useServerAndBrowser, waitForCallState, waitForDuet, waitForStatus,
} from './harness.mjs';

const waitForPresence = (page, name, status) => waitForDuet(page,
  ([n, s]) => {
    const u = window.duet?.presence?.users?.find((x) => x.name === n);
    return s === 'offline' ? !u : u?.status === s;
  }, [name, status], `"${name}" shown as ${status} in the presence list`);

describe('ringing, accept, decline, cancel, busy and presence', () => {
  const env = useServerAndBrowser('ringing');
  const step = steps();
  let alice;
  let bob;
  let carol;

  step('the presence list shows who signs in, live', async () => {
    alice = await openApp(await newContext(env.browser), env.server, 'ring-alice');
    bob = await openApp(await newContext(env.browser), env.server, 'ring-bob');
    await signIn(alice, 'alice');
    assert.equal((await duetState(alice)).presence?.enabled, true, 'presence is on by default');
    await signIn(bob, 'bob');
    await waitForPresence(alice, 'bob', 'available');
    await waitForPresence(bob, 'alice', 'available');
    const mine = (await duetState(alice)).presence.users.map((u) => u.name);
    assert.ok(!mine.includes('alice'), `the list leaves out the user's own name: ${mine}`);
    expectWidgetsLaidOut(alice, await duetState(alice), await screenshot(alice, 'ring-presence'),
      ['Call', 'presence:bob']);
  });

  step('a tap on a name rings that user; the callee shares no camera before Accept', async () => {
    await clickWidget(alice, 'presence:bob');
    await waitForCallState(alice, 'ringing_out');
    await waitForCallState(bob, 'ringing_in');
    const b = await duetState(bob);
    assert.equal(b.incoming, 'alice', 'the ringing screen names the caller');
    assert.equal(b.ring?.ringing, true, 'the ring sounds');
    assert.equal((await peerConnections(bob)).length, 0,
      'the callee has a peer connection before Accept');
    assert.equal(await cameraRequests(bob), 0, 'the callee opened its camera before Accept');
    expectWidgetsLaidOut(bob, b, await screenshot(bob, 'ring-incoming'),
      ['Accept', 'Decline', 'Mute ring']);
    expectWidgetsLaidOut(alice, await duetState(alice), await screenshot(alice, 'ring-outgoing'),
      ['Cancel']);
    await waitForPresence(bob, 'alice', 'busy');
  });

  step('Mute ring silences the ring; Accept connects the call', async () => {
    await clickWidget(bob, 'Mute ring');
    await waitForDuet(bob, () => window.duet.ring.muted && !window.duet.ring.playing, null,
      'the ring muted and not playing');
    await clickWidget(bob, 'Accept');
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    assert.ok(await cameraRequests(bob) >= 1, 'the callee asked for its camera after Accept');
    assert.equal((await duetState(bob)).ring?.playing, false, 'the ring stops once accepted');
  });

  step('hang-up reason: the other side reads "alice hung up"', async () => {
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    await waitForStatus(bob, /alice hung up/, 'bob told that alice hung up');
    await waitForPresence(bob, 'alice', 'available');
  });

  step('Decline: the caller reads "bob declined"', async () => {
    const before = (await peerConnections(bob)).length;
    await startCall(alice, 'bob');
    await waitForCallState(bob, 'ringing_in');
    await clickWidget(bob, 'Decline');
    await waitForStatus(alice, /bob declined/, 'alice told that bob declined');
    await expectCallOver(alice);
    await expectCallOver(bob);
    assert.equal((await peerConnections(bob)).length, before,
      'declining opened a peer connection');
  });

  step('Cancel while it rings: the callee reads "Missed call from alice"', async () => {
    await startCall(alice, 'bob');
    await waitForCallState(bob, 'ringing_in');
    await clickWidget(alice, 'Cancel');
    await waitForStatus(bob, /Missed call from alice/, 'bob told of the missed call');
    await expectCallOver(alice);
    await expectCallOver(bob);
    assert.equal((await duetState(bob)).ring?.playing, false, 'the ring stops after a cancel');
  });

  step('busy: carol reads "bob is busy" at once; bob sees that carol tried to call', async () => {
    carol = await openApp(await newContext(env.browser), env.server, 'ring-carol');
    await signIn(carol, 'carol');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    await waitForPresence(carol, 'bob', 'busy');
    await waitForPresence(carol, 'alice', 'busy');
    const started = Date.now();
    await startCall(carol, 'bob');
    await waitForStatus(carol, /bob is busy/, 'carol told that bob is busy');
    assert.ok(Date.now() - started < 5000, 'the busy answer took more than 5 s');
    await waitForDuet(bob, () => /carol/.test(window.duet?.notice || ''), null,
      'a notice on bob\'s screen that carol tried to call');
    assert.equal((await duetState(bob)).callState, 'in_call', 'the notice broke bob\'s call');
    expectWidgetsLaidOut(bob, await duetState(bob), await screenshot(bob, 'ring-missed-notice'),
      ['Dismiss', 'Hang Up']);
    await clickWidget(bob, 'Dismiss');
    await waitForDuet(bob, () => !window.duet.notice, null, 'the notice dismissed');
    await clickWidget(bob, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    await waitForPresence(carol, 'bob', 'available');
  });

  step('a user who closes the page leaves everyone\'s list', async () => {
    await carol.close();
    await waitForPresence(alice, 'carol', 'offline');
    await waitForPresence(bob, 'carol', 'offline');
    for (const p of [alice, bob]) assertNoPageProblems(p);
  });
});

describe('no answer ends the ringing on both sides', () => {
  const env = useServerAndBrowser('ring-timeout', { args: ['--ring-timeout', '3'] });
  const step = steps();

  step('after --ring-timeout 3 the caller reads "No answer", the callee "Missed call"', async () => {
    const alice = await openApp(await newContext(env.browser), env.server, 'ring-to-alice');
    const bob = await openApp(await newContext(env.browser), env.server, 'ring-to-bob');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await waitForCallState(bob, 'ringing_in');
    const rang = Date.now();
    await waitForStatus(alice, /No answer from bob/, 'alice told there was no answer');
    await waitForStatus(bob, /Missed call from alice/, 'bob told of the missed call');
    const took = Date.now() - rang;
    assert.ok(took >= 2000 && took < 8000, `the ring ended after ${took} ms, want about 3 s`);
    await expectCallOver(alice);
    await expectCallOver(bob);
    assert.equal((await duetState(bob)).ring?.playing, false, 'the ring stops');
    await waitForPresence(alice, 'bob', 'available');
    for (const p of [alice, bob]) assertNoPageProblems(p);
  });
});
