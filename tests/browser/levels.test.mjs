// The two level meters, in a real call with Chromium's fake microphone (a periodic beep):
// both move, the partner's falls silent when the partner mutes, and the one analyser that
// feeds this side's meter still hears a muted person, so "You are muted" shows. The meters
// are read through window.duet.levels, the numbers they draw (0..1); the hint through
// window.duet.mutedHint, the flag the pill is drawn from.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, clickWidget, expectLiveCall, newContext, openApp, signIn, sleep, startCall,
  steps, useServerAndBrowser, waitForDuet,
} from './harness.mjs';

// Above this a meter shows something: the fake beep's RMS is far louder (about -20 dBFS),
// the meter's scale starts at -60 dBFS (0.001).
const moving = 0.01;
// Below this a meter is silent: a muted track is sent as digital silence.
const silent = 0.001;

async function openUser(env, name) {
  const context = await newContext(env.browser);
  const page = await openApp(context, env.server, `levels-${name}`);
  await signIn(page, name);
  return page;
}

// window.duet.levels every 100 ms for `ms`: the highest and lowest of each side's level.
async function watchLevels(page, ms) {
  const seen = { local: [Infinity, -Infinity], remote: [Infinity, -Infinity], mutedHint: false };
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const d = await page.evaluate(() => ({ levels: window.duet?.levels, hint: window.duet?.mutedHint }));
    assert.ok(d.levels && typeof d.levels.local === 'number' && typeof d.levels.remote === 'number',
      `window.duet.levels is ${JSON.stringify(d.levels)}, not {local, remote}`);
    for (const k of ['local', 'remote']) {
      seen[k][0] = Math.min(seen[k][0], d.levels[k]);
      seen[k][1] = Math.max(seen[k][1], d.levels[k]);
    }
    seen.mutedHint ||= d.hint === true;
    await sleep(100);
  }
  return seen;
}

describe('the level meters', () => {
  const env = useServerAndBrowser('levels');
  const step = steps();
  let alice;
  let bob;

  step('in a call both meters move on both sides', async () => {
    alice = await openUser(env, 'alice');
    bob = await openUser(env, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    for (const [name, page] of [['alice', alice], ['bob', bob]]) {
      const seen = await watchLevels(page, 4000);
      assert.ok(seen.local[1] > moving,
        `${name}'s own meter stayed at ${seen.local[1]} in 4 s of the fake beep`);
      assert.ok(seen.remote[1] > moving,
        `${name}'s meter of the partner stayed at ${seen.remote[1]} in 4 s of the partner's beep`);
      assert.ok(seen.local[1] <= 1 && seen.remote[1] <= 1 && seen.local[0] >= 0 && seen.remote[0] >= 0,
        `${name}'s levels left 0..1: ${JSON.stringify(seen)}`);
    }
  });

  step('bob mutes: alice\'s meter of bob stays silent; bob\'s own still hears him, and he is told', async () => {
    await clickWidget(bob, 'Microphone');
    await waitForDuet(alice, () => window.duet?.remoteMuted === true, null, 'alice told bob is muted');
    // The stats a second apart, and audioLevel a short average: 2 s for the last sound to go.
    await sleep(2000);
    const a = await watchLevels(alice, 4000);
    assert.ok(a.remote[1] < silent,
      `alice's meter of muted bob rose to ${a.remote[1]} (silence is below ${silent})`);
    assert.ok(a.local[1] > moving, `alice's own meter stopped (${a.local[1]}) when bob muted`);
    const b = await watchLevels(bob, 4000);
    assert.ok(b.local[1] > moving,
      `bob's own meter stayed at ${b.local[1]} while muted: the analyser should still hear him`);
    assert.ok(b.mutedHint, 'bob was not shown "You are muted" while his muted microphone beeped');
    assert.equal(await alice.evaluate(() => window.duet.mutedHint), false,
      'alice, not muted, was shown "You are muted"');
  });

  step('bob unmutes: alice\'s meter of bob moves again and the hint goes', async () => {
    await clickWidget(bob, 'Microphone');
    await waitForDuet(alice, () => window.duet?.remoteMuted === false, null, 'alice told bob is heard');
    const a = await watchLevels(alice, 4000);
    assert.ok(a.remote[1] > moving, `alice's meter of bob stayed at ${a.remote[1]} after the unmute`);
    await waitForDuet(bob, () => window.duet?.mutedHint === false, null, 'the hint gone after the unmute');
  });

  step('after the call both meters read zero', async () => {
    await clickWidget(alice, 'Hang Up');
    for (const page of [alice, bob]) {
      await waitForDuet(page, () => ['ended', 'idle'].includes(window.duet?.callState) &&
        window.duet.levels?.local === 0 && window.duet.levels?.remote === 0, null,
      'the meters back to zero after the call');
    }
  });
});
