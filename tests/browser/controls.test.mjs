// The in-call controls, pressed like a person: the microphone and camera switched off and on
// by their buttons and by M and V, the partner told (its muted mark and camera-off state),
// the media really stopping and coming back (the partner's inbound-rtp stats), no new offer
// or answer for any of it, and Esc hanging up.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, duetState, expectCallOver, expectLiveCall,
  metric, newContext, openApp, pressKey, screenshot, signIn, sleep, startCall, steps,
  useServerAndBrowser, waitForDuet, widgetRect,
} from './harness.mjs';
import { growth } from './media_checks.mjs';

// Counts what would be a renegotiation: every createOffer, createAnswer and
// setRemoteDescription the page makes, on any connection.
function countNegotiation() {
  const counts = { createOffer: 0, createAnswer: 0, setRemoteDescription: 0 };
  Object.defineProperty(window, Symbol.for('duet-test.negotiation'), { value: counts });
  const proto = window.RTCPeerConnection?.prototype;
  if (!proto) return;
  for (const name of Object.keys(counts)) {
    const native = proto[name];
    proto[name] = function (...args) {
      counts[name] += 1;
      return native.apply(this, args);
    };
  }
}

async function negotiations(page) {
  return page.evaluate(() => ({ ...window[Symbol.for('duet-test.negotiation')] }));
}

// A screenshot with the controls shown: a person looking at the screen has just moved.
async function shot(page, name) {
  await page.mouse.move(400, 200);
  await page.mouse.move(410, 210);
  await waitForDuet(page, () => window.duet?.controlsAlpha === 1, null, 'the controls shown');
  await sleep(100);
  return screenshot(page, name);
}

async function openUser(env, name, label) {
  const context = await newContext(env.browser);
  await context.addInitScript(countNegotiation);
  const page = await openApp(context, env.server, label);
  await signIn(page, name);
  return page;
}

describe('the in-call controls', () => {
  const env = useServerAndBrowser('controls');
  const step = steps();
  let alice;
  let bob;
  let before;

  step('alice calls bob: the control bar is there, everything on', async () => {
    alice = await openUser(env, 'alice', 'controls-alice');
    bob = await openUser(env, 'bob', 'controls-bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob',
      shots: ['controls-in-call-alice', 'controls-in-call-bob'] });
    for (const page of [alice, bob]) {
      const s = await duetState(page);
      for (const w of ['Microphone', 'Camera', 'Hang Up']) {
        assert.ok(s.widgets[w], `no "${w}" button in the call: ${JSON.stringify(Object.keys(s.widgets))}`);
      }
      const d = await page.evaluate(() => ({ ...window.duet }));
      assert.equal(d.mic, true);
      assert.equal(d.camera, true);
      assert.equal(d.remoteMuted, false);
      assert.equal(d.remoteCameraOff, false);
    }
    assert.ok(await growth(bob, 'audioEnergy') > 0, 'bob hears nothing of alice before any mute');
    before = { alice: await negotiations(alice), bob: await negotiations(bob) };
  });

  step('alice mutes with the button: bob hears silence within 1 s and sees the mark', async () => {
    await clickWidget(alice, 'Microphone');
    await waitForDuet(alice, () => window.duet?.mic === false, null, 'mic off on alice\'s side');
    await waitForDuet(bob, () => window.duet?.remoteMuted === true, null, 'bob told alice is muted');
    await sleep(1000);
    const silent = await growth(bob, 'audioEnergy');
    assert.ok(silent < 1e-6, `bob's inbound audio energy still grew by ${silent} while alice was muted`);
    await shot(bob, 'controls-partner-muted');
    await shot(alice, 'controls-muted');
  });

  step('a muted speaker is told so: the fake microphone beeps, "You are muted" shows', async () => {
    await waitForDuet(alice, () => window.duet?.mutedHint === true, null,
      'the "You are muted" hint while the muted microphone hears sound');
    await shot(alice, 'controls-you-are-muted');
  });

  step('alice unmutes: bob hears her again and the mark goes', async () => {
    await clickWidget(alice, 'Microphone');
    await waitForDuet(bob, () => window.duet?.remoteMuted === false, null, 'bob told alice is heard');
    await sleep(500);
    assert.ok(await growth(bob, 'audioEnergy') > 0, 'bob\'s inbound audio energy did not grow after the unmute');
    assert.equal((await duetState(alice)).callState, 'in_call');
  });

  step('alice turns her camera off: bob decodes no frames and shows her initials', async () => {
    await clickWidget(alice, 'Camera');
    await waitForDuet(alice, () => window.duet?.camera === false, null, 'camera off on alice\'s side');
    await waitForDuet(bob, () => window.duet?.remoteCameraOff === true, null, 'bob told the camera is off');
    await sleep(1000);
    const frames = await growth(bob, 'framesDecoded');
    assert.ok(frames <= 1, `bob still decoded ${frames} frames in 1.5 s with alice's camera off`);
    // The camera is released, not just hidden: alice's stream has no live video track.
    const live = await alice.evaluate(() => {
      const record = window[Symbol.for('duet-test.peer-connections')] || [];
      const pc = record[record.length - 1]?.pc;
      return pc.getSenders().filter((s) => s.track && s.track.kind === 'video' &&
        s.track.readyState === 'live').length;
    });
    assert.equal(live, 0, 'alice still sends a live camera track');
    // What bob's screen draws where the video was: alice's initials in their circle.
    await waitForDuet(bob, () => window.duet?.remotePlaceholder === 'A', null,
      'alice\'s initials in place of her video');
    await shot(bob, 'controls-partner-camera-off');
  });

  step('alice turns it on again: frames flow to bob', async () => {
    await clickWidget(alice, 'Camera');
    await waitForDuet(bob, () => window.duet?.remoteCameraOff === false, null, 'bob told the camera is on');
    await sleep(1000);
    const frames = await growth(bob, 'framesDecoded');
    assert.ok(frames >= 10, `bob decoded only ${frames} frames in 1.5 s after the camera came back`);
    assert.equal(await bob.evaluate(() => window.duet.remotePlaceholder), '',
      'bob still draws alice\'s initials over her video');
  });

  step('the keys: M and V on bob\'s side, seen on alice\'s', async () => {
    await bob.mouse.click(5, 300);  // a click on the video: no text field has the keyboard
    await pressKey(bob, 'm');
    await waitForDuet(alice, () => window.duet?.remoteMuted === true, null, 'M muted bob');
    await pressKey(bob, 'v');
    await waitForDuet(alice, () => window.duet?.remoteCameraOff === true, null, 'V stopped bob\'s camera');
    await sleep(1000);
    assert.ok(await growth(alice, 'audioEnergy') < 1e-6, 'alice still hears bob after M');
    assert.ok(await growth(alice, 'framesDecoded') <= 1, 'alice still decodes bob\'s video after V');
    await pressKey(bob, 'M');
    await pressKey(bob, 'V');
    await waitForDuet(alice, () => !window.duet?.remoteMuted && !window.duet?.remoteCameraOff, null,
      'bob heard and seen again');
    await sleep(1000);
    assert.ok(await growth(alice, 'framesDecoded') >= 10, 'bob\'s video did not come back after V');
  });

  step('none of it renegotiated: no offer, answer or remote description since the call began', async () => {
    const after = { alice: await negotiations(alice), bob: await negotiations(bob) };
    assert.deepEqual(after, before);
  });

  step('the self-view is dragged to the bottom-left corner and snaps there', async () => {
    const vp = alice.viewportSize();
    const r = await widgetRect(alice, 'Self view');
    assert.ok(r.x + r.w / 2 > vp.width / 2 && r.y + r.h / 2 < vp.height / 2,
      `the self-view starts at ${JSON.stringify(r)}, not top right`);
    await alice.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await alice.mouse.down();
    for (let i = 1; i <= 8; i++) {
      await alice.mouse.move(r.x + r.w / 2 - (i * (vp.width - r.w)) / 8, r.y + r.h / 2 + (i * vp.height) / 16);
      await sleep(30);
    }
    await alice.mouse.up();
    await waitForDuet(alice, (w) => {
      const s = window.duet?.widgets?.['Self view'];
      return !!s && s.x + s.w / 2 < w / 2 && s.y > 200;
    }, vp.width, 'the self-view in the bottom-left corner');
    const mic = (await duetState(alice)).widgets.Microphone;
    const moved = (await duetState(alice)).widgets['Self view'];
    assert.ok(moved.y + moved.h <= mic.y, 'the self-view covers the control bar');
    await screenshot(alice, 'controls-self-view-bottom-left');
  });

  step('the controls fade after 3 s without input and come back on a mouse move', async () => {
    await alice.mouse.move(400, 300);
    await waitForDuet(alice, () => window.duet?.controlsAlpha === 1, null, 'the controls shown');
    await sleep(3800);
    assert.equal(await alice.evaluate(() => window.duet.controlsAlpha), 0, 'the controls did not fade');
    await screenshot(alice, 'controls-faded');
    await alice.mouse.move(420, 310);
    await waitForDuet(alice, () => window.duet?.controlsAlpha === 1, null, 'the controls back after a move');
  });

  step('with both cameras off and the controls faded, a call draws about once a second', async () => {
    await clickWidget(alice, 'Camera');
    await clickWidget(bob, 'Camera');
    await waitForDuet(alice, () => window.duet?.remoteCameraOff === true, null, 'bob\'s camera off');
    await waitForDuet(bob, () => window.duet?.remoteCameraOff === true, null, 'alice\'s camera off');
    await sleep(4000);  // the fade is over
    const a = await alice.evaluate(() => ({ f: window.duet.framesRendered, s: window.duet.callSeconds }));
    await sleep(3000);
    const b = await alice.evaluate(() => ({ f: window.duet.framesRendered, s: window.duet.callSeconds }));
    const perSecond = (b.f - a.f) / 3;
    metric('in_call_no_video_frames_per_second', perSecond, { unit: 'frames/s', test: 'controls' });
    assert.ok(b.s - a.s >= 2, `the call clock went from ${a.s} to ${b.s} in 3 s`);
    assert.ok(perSecond <= 2.5, `${b.f - a.f} frames drawn in 3 s with no video and no input`);
    await clickWidget(alice, 'Camera');
    await clickWidget(bob, 'Camera');
    await waitForDuet(alice, () => window.duet?.remoteCameraOff === false, null, 'bob\'s camera on');
  });

  step('Fullscreen, within the click', async () => {
    await clickWidget(alice, 'Fullscreen');
    await waitForDuet(alice, () => window.duet?.fullscreen === true, null, 'the page fullscreen');
    await clickWidget(alice, 'Fullscreen');
    await waitForDuet(alice, () => window.duet?.fullscreen === false, null, 'fullscreen left');
  });

  step('Esc hangs up', async () => {
    await pressKey(alice, 'Escape');
    await expectCallOver(alice);
    await expectCallOver(bob);
    const s = await duetState(bob);
    assert.match(s.status, /alice/);
  });

  step('a muted person stays muted into the next call, and the partner is told at once', async () => {
    await alice.mouse.click(5, 5);
    await pressKey(alice, 'm');  // no call: nothing happens
    assert.equal(await alice.evaluate(() => window.duet.mic), true, 'M muted with no call');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    await clickWidget(alice, 'Microphone');
    await clickWidget(bob, 'Hang Up');
    await expectCallOver(alice);
    await startCall(bob, 'alice');
    await acceptCall(alice, { from: 'bob' });
    await waitForDuet(bob, () => window.duet?.callState === 'in_call' && window.duet?.remoteMuted === true,
      null, 'bob told at the new call\'s start that alice is muted', 20_000);
    await clickWidget(alice, 'Microphone');
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(bob);
  });

  step('no uncaught errors and no dialogs in either page', async () => {
    assertNoPageProblems(alice);
    assertNoPageProblems(bob);
  });
});
