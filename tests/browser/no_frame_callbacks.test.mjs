// A browser without requestVideoFrameCallback (Safari before 15.4, and others): the app must
// not rely on it. Both Chromium pages lose it to an init script before the app loads; a call
// still shows each side's video, drawn from the elements on the app's own frame loop.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, expectCallOver, expectLiveCall, newContext,
  openApp, signIn, startCall, steps, useServerAndBrowser,
} from './harness.mjs';

async function pageWithoutFrameCallbacks(browser, server, label) {
  const context = await newContext(browser);
  await context.addInitScript(() => {
    delete HTMLVideoElement.prototype.requestVideoFrameCallback;
    delete HTMLVideoElement.prototype.cancelVideoFrameCallback;
  });
  return openApp(context, server, label);
}

describe('without requestVideoFrameCallback a call still shows video', () => {
  const env = useServerAndBrowser('no-rvfc');
  const step = steps();

  step('both sides see each other; hang up', async () => {
    const alice = await pageWithoutFrameCallbacks(env.browser, env.server, 'no-rvfc-alice');
    const bob = await pageWithoutFrameCallbacks(env.browser, env.server, 'no-rvfc-bob');
    assert.equal(await alice.evaluate(() => 'requestVideoFrameCallback' in
      HTMLVideoElement.prototype), false, 'the init script left requestVideoFrameCallback');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob',
      shots: ['no-rvfc-alice', 'no-rvfc-bob'] });
    await clickWidget(alice, 'Hang Up');
    await Promise.all([expectCallOver(alice), expectCallOver(bob)]);
    for (const p of [alice, bob]) assertNoPageProblems(p);
  }, 90_000);
});
