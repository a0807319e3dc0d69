// Both users press Call at the same moment: exactly one call results, the same on both
// sides, whoever's press reaches the server first. Three rounds, hung up from alternate sides.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, clickWidget, duetState, expectCallOver, expectVideoDecoding,
  newContext, openApp, peerConnections, signIn, steps, typeInto, useServerAndBrowser,
  waitForInCall, widgetRect,
} from './harness.mjs';

describe('glare: two users call each other at once', () => {
  const env = useServerAndBrowser('glare');
  const step = steps();
  let alice;
  let bob;

  step('both sign in', async () => {
    alice = await openApp(await newContext(env.browser), env.server, 'glare-alice');
    bob = await openApp(await newContext(env.browser), env.server, 'glare-bob');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
  });

  for (let round = 1; round <= 3; round++) {
    step(`round ${round}: simultaneous Call presses make one call`, async () => {
      await typeInto(alice, 'username to call', 'bob', { clear: true });
      await typeInto(bob, 'username to call', 'alice', { clear: true });
      const ra = await widgetRect(alice, 'Call');
      const rb = await widgetRect(bob, 'Call');
      // Nothing in between the two presses: the rings cross in flight.
      await Promise.all([
        alice.mouse.click(ra.x + ra.w / 2, ra.y + ra.h / 2),
        bob.mouse.click(rb.x + rb.w / 2, rb.y + rb.h / 2),
      ]);
      await Promise.all([waitForInCall(alice, 'bob'), waitForInCall(bob, 'alice')]);
      await expectVideoDecoding(alice);
      await expectVideoDecoding(bob);
      const a = await duetState(alice);
      const b = await duetState(bob);
      assert.deepEqual([a.role, b.role].sort(), ['callee', 'caller'],
        `one caller and one callee, got alice ${a.role} and bob ${b.role}`);
      for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
        const open = (await peerConnections(page)).filter((p) => p.signalingState !== 'closed');
        assert.equal(open.length, 1, `${who} has ${open.length} open peer connections`);
      }
      await clickWidget(round % 2 ? alice : bob, 'Hang Up');
      await expectCallOver(alice);
      await expectCallOver(bob);
    }, 90_000);
  }

  step('no page errors', async () => {
    for (const p of [alice, bob]) assertNoPageProblems(p);
  });
});
