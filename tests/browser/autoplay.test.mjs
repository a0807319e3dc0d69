// Remote audio when the browser refuses play() with sound outside a user gesture, as iOS
// Safari does: the remote video then plays muted (the picture goes on), a "Tap to hear"
// button shows over the video and the live region says so once; pressing it, or any tap or
// click anywhere, unmutes it from inside that gesture. Chromium's own autoplay policy counts
// the earlier Accept press (sticky activation), so the test fakes Safari's stricter rule with
// an init script: an unmuted play() is refused unless a trusted input event is being handled.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, duetState, expectCallOver, expectLiveCall,
  newContext, openApp, screenshot, signIn, startCall, steps, useServerAndBrowser, waitForDuet,
} from './harness.mjs';

function refusePlayOutsideGestures() {
  const native = HTMLMediaElement.prototype.play;
  const refused = { count: 0 };
  Object.defineProperty(window, Symbol.for('duet-test.play-refused'), { value: refused });
  HTMLMediaElement.prototype.play = function play() {
    const e = window.event;
    const inGesture = e?.isTrusted &&
      /^(mousedown|mouseup|click|pointerdown|pointerup|touchend|keydown|keyup)$/.test(e.type);
    if (!this.muted && !inGesture) {
      refused.count += 1;
      return Promise.reject(new DOMException('play() with sound needs a gesture', 'NotAllowedError'));
    }
    return native.call(this);
  };
}

// Every text the polite live region (#duet-status) took, in order: what a screen reader said.
function recordStatusSaid() {
  const said = [];
  Object.defineProperty(window, Symbol.for('duet-test.status-said'), { value: said });
  new MutationObserver(() => {
    const text = document.getElementById('duet-status')?.textContent ?? '';
    if (text && said[said.length - 1] !== text) said.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

const statusSaid = (page) => page.evaluate(() => [...window[Symbol.for('duet-test.status-said')]]);
const blockedWords = 'Audio blocked: tap to hear';

// The button shown, named in the mirror, announced `times` times so far in all.
async function expectBlockedShown(page, times) {
  await waitForDuet(page, () => window.duet?.audioBlocked === true && !!window.duet?.widgets?.['Tap to hear'],
    null, 'window.duet.audioBlocked and the Tap to hear button');
  assert.equal(await page.evaluate(() => window.duet.widgets['Tap to hear'].text), 'Tap to hear');
  await page.getByRole('button', { name: 'Tap to hear', exact: true })
    .waitFor({ state: 'attached', timeout: 5000 });
  await waitForDuet(page, (w) => window[Symbol.for('duet-test.status-said')].includes(w),
    blockedWords, 'the live region saying the sound is blocked');
  const said = await statusSaid(page);
  assert.equal(said.filter((t) => t === blockedWords).length, times,
    `the live region said it ${JSON.stringify(said)}`);
}

// Unmuted, playing, and the button gone.
async function expectHearing(page) {
  await waitForDuet(page, () => {
    const v = [...document.querySelectorAll('#duet-media video')].find((e) => !e.defaultMuted);
    return v && !v.muted && !v.paused && window.duet?.audioBlocked === false &&
      !window.duet?.widgets?.['Tap to hear'];
  }, null, 'the remote video playing with sound, audioBlocked false, Tap to hear gone');
  assert.equal(await page.getByRole('button', { name: 'Tap to hear', exact: true }).count(), 0,
    'the mirror still offers Tap to hear');
  assert.notEqual(await page.evaluate(() => document.getElementById('duet-status')?.textContent),
    blockedWords, 'the live region still says the sound is blocked');
}

// The app's remote <video> (the one created with sound), as the page sees it.
const remoteVideo = (page) => page.evaluate(() => {
  const v = [...document.querySelectorAll('#duet-media video')].find((x) => !x.defaultMuted);
  return v ? { muted: v.muted, paused: v.paused, hasStream: !!v.srcObject,
    refused: window[Symbol.for('duet-test.play-refused')]?.count ?? 0 } : null;
});

describe('remote audio refused outside a gesture plays on the next tap', () => {
  const env = useServerAndBrowser('autoplay');
  const step = steps();
  let alice;
  let bob;

  step('the refused remote audio plays muted: the picture goes on', async () => {
    const context = await newContext(env.browser);
    await context.addInitScript(refusePlayOutsideGestures);
    await context.addInitScript(recordStatusSaid);
    [alice, bob] = await Promise.all([
      openApp(await newContext(env.browser), env.server, 'autoplay-alice'),
      openApp(context, env.server, 'autoplay-bob'),
    ]);
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    const v = await remoteVideo(bob);
    assert.ok(v?.hasStream, `bob has no remote video element with a stream: ${JSON.stringify(v)}`);
    assert.ok(v.refused >= 1, 'the fake policy never refused a play(): the test proves nothing');
    assert.equal(v.muted, true, 'after the refusal the remote video is not playing muted');
    assert.equal(v.paused, false, 'the remote video stopped: the picture would freeze');
    await expectBlockedShown(bob, 1);
    await screenshot(bob, 'autoplay-tap-to-hear');
    assert.equal(await alice.evaluate(() => window.duet.audioBlocked), false,
      'alice\'s sound was never refused');
  });

  step('pressing Tap to hear starts the sound and the button goes', async () => {
    await clickWidget(bob, 'Tap to hear');
    await expectHearing(bob);
    assert.equal((await duetState(bob)).callState, 'in_call', 'the press ended the call');
  });

  step('a second call refused again: a click anywhere unmutes it inside that gesture', async () => {
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(bob);
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    await expectBlockedShown(bob, 2);
    const { widgets } = await duetState(bob);
    const vp = bob.viewportSize();
    const x = vp.width / 2;
    const y = vp.height / 3;
    const onWidget = Object.entries(widgets).find(([, r]) =>
      x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h);
    assert.equal(onWidget, undefined, `the click would press "${onWidget?.[0]}"`);
    await bob.mouse.click(x, y, { delay: 80 });
    await expectHearing(bob);
    assert.equal((await duetState(bob)).callState, 'in_call', 'the click ended the call');
    for (const p of [alice, bob]) assertNoPageProblems(p);
  });
});
