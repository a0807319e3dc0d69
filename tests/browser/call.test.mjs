// Two desktop pages sign in, call, see each other, hang up from either side, call again.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, clickWidget, duetState, expectCallOver, expectLiveCall,
  expectWidgetsLaidOut, metric, newContext, openApp, reportCallTimings, reportLoginInteractive,
  screenshot, signIn, sleep, startCall, steps, useServerAndBrowser, waitForDuet,
  acceptCall,
} from './harness.mjs';
import { isCameraGreen } from './camera_picture.mjs';

describe('two desktop users call each other', () => {
  const env = useServerAndBrowser('call');
  const step = steps();
  let alice;
  let bob;

  step('the login screen becomes interactive, is drawn, and idles without rendering', async () => {
    // One context per user: separate pages as two people would have.
    alice = await openApp(await newContext(env.browser), env.server, 'call-alice');
    await reportLoginInteractive(alice, { test: 'call', page: 'desktop' });
    await waitForDuet(alice, () => !!window.duet?.widgets?.['Sign in'], null, 'widget "Sign in"');
    const state = await duetState(alice);
    assert.equal(state.callState, 'idle');
    assert.equal(state.error, '', 'a fresh login screen shows an error');
    expectWidgetsLaidOut(alice, state, await screenshot(alice, 'login'), ['Login', 'Sign in']);

    // Nothing changes on an untouched login screen, so the app should not redraw it
    // continuously (a text cursor blinking is a few frames a second at most).
    const before = (await duetState(alice)).framesRendered;
    await sleep(2000);
    const after = (await duetState(alice)).framesRendered;
    const perSecond = (after - before) / 2;
    metric('idle_login_frames_per_second', perSecond, { unit: 'frames/s', test: 'call' });
    assert.ok(perSecond <= 5,
      `the idle login screen rendered ${after - before} frames in 2 s (want at most 10)`);
  });

  step('alice signs in with Enter, bob with the Sign in button', async () => {
    bob = await openApp(await newContext(env.browser), env.server, 'call-bob');
    await signIn(alice, 'alice', { submit: 'enter' });
    await signIn(bob, 'bob', { submit: 'button' });
    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      const s = await duetState(page);
      assert.equal(s.callState, 'idle');
      assert.ok(!s.peer, `no peer before any call, got ${JSON.stringify(s.peer)}`);
      assert.match(s.status, new RegExp(name), `status line after signing in as ${name}`);
    }
    await waitForDuet(alice, () => !!window.duet?.widgets?.Call, null, 'widget "Call"');
    expectWidgetsLaidOut(alice, await duetState(alice), await screenshot(alice, 'call-idle'),
      ['username to call', 'Call']);
  });

  step('alice calls bob: both are in the call and see each other', async () => {
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob',
      shots: ['in-call-caller', 'in-call-callee'] });
    assert.match((await duetState(alice)).status, /bob/, 'caller status names the peer');
    assert.match((await duetState(bob)).status, /alice/, 'callee status names the peer');
    await reportCallTimings(alice, bob, { test: 'call', call: 1 });
  });

  step('the self-view is uploaded at the size it is shown, and still shows the camera', async () => {
    // This suite's Chromium draws WebGL in software (--disable-gpu): each frame goes through
    // a 2D canvas, scaled there to the picture's size (app/upload_size), not the camera's.
    await waitForDuet(alice, () => {
      const d = window.duet;
      const self = d?.widgets?.['Self view'];
      return !!self && d.videoSizes?.local?.[0] > 0 &&
        d.videoSizes.local[0] <= self.w * devicePixelRatio + 16;
    }, null, 'a self-view texture no larger than the self-view (plus one 16-pixel step)');
    const s = await duetState(alice);
    const dpr = await alice.evaluate(() => devicePixelRatio);
    const [lw, lh] = s.videoSizes.local;
    const [rw, rh] = s.videoSizes.remote;
    const self = s.widgets['Self view'];
    assert.ok(lh <= self.h * dpr + 16, `self-view texture ${lw}x${lh} for a ${self.w}x${self.h} picture`);
    assert.ok(rw >= 2 * lw && rh >= 2 * lh,
      `the partner's video (${rw}x${rh}) is uploaded whole, the self-view (${lw}x${lh}) is not`);
    assert.ok(Math.abs(lw / lh - 4 / 3) < 0.05, `the self-view keeps the camera's shape: ${lw}x${lh}`);
    const shot = await screenshot(alice, 'self-view-scaled');
    let green = 0;
    let n = 0;
    for (let y = Math.ceil(self.y * shot.scale); y < Math.floor((self.y + self.h) * shot.scale); y++) {
      for (let x = Math.ceil(self.x * shot.scale); x < Math.floor((self.x + self.w) * shot.scale); x++) {
        const o = (y * shot.img.width + x) * 4;
        const [r, g, b] = [shot.img.data[o], shot.img.data[o + 1], shot.img.data[o + 2]];
        n++;
        if (isCameraGreen(r, g, b)) green++;
      }
    }
    assert.ok(n > 0 && green / n > 0.5,
      `the self-view shows the camera's green picture: ${green} of ${n} pixels are green`);
  });

  step('the caller hangs up: both return to the call screen', async () => {
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    const s = await duetState(bob);
    assert.match(s.status, /alice/, 'the callee is told who ended the call');
    assert.match(s.status, /hung up|ended|left/i, 'the callee is told the call ended');
    await screenshot(bob, 'call-ended-callee');
  });

  step('a second call, hung up by the callee', async () => {
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob' });
    await reportCallTimings(alice, bob, { test: 'call', call: 2 });
    await clickWidget(bob, 'Hang Up');
    await expectCallOver(bob);
    await expectCallOver(alice);
    const s = await duetState(alice);
    assert.match(s.status, /bob/, 'the caller is told who ended the call');
    assert.match(s.status, /hung up|ended|left/i, 'the caller is told the call ended');
  });

  step('no uncaught errors and no dialogs in either page', async () => {
    assertNoPageProblems(alice);
    assertNoPageProblems(bob);
  });
});
