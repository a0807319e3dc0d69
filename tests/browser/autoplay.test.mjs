// Remote audio when the browser refuses play() with sound outside a user gesture, as iOS
// Safari does: the remote video then plays muted (the picture goes on), and the next tap or
// click anywhere unmutes it from inside that gesture. Chromium's own autoplay policy counts
// the earlier Accept press (sticky activation), so the test fakes Safari's stricter rule with
// an init script: an unmuted play() is refused unless a trusted input event is being handled.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, duetState, expectLiveCall, newContext, openApp, signIn,
  startCall, steps, useServerAndBrowser, waitForDuet,
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
  });

  step('a click anywhere unmutes it inside that gesture', async () => {
    const { widgets } = await duetState(bob);
    const vp = bob.viewportSize();
    const x = vp.width / 2;
    const y = vp.height / 3;
    const onWidget = Object.entries(widgets).find(([, r]) =>
      x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h);
    assert.equal(onWidget, undefined, `the click would press "${onWidget?.[0]}"`);
    await bob.mouse.click(x, y, { delay: 80 });
    await waitForDuet(bob, () => {
      const v = [...document.querySelectorAll('#duet-media video')].find((e) => !e.defaultMuted);
      return v && !v.muted && !v.paused;
    }, null, 'the remote video playing with sound after the click');
    assert.equal((await duetState(bob)).callState, 'in_call', 'the click ended the call');
    for (const p of [alice, bob]) assertNoPageProblems(p);
  });
});
