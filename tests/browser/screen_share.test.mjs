// Screen share, pressed like a person: Share screen sends the screen (headless Chromium's
// monitor, 16:9 at 800x450 here, no picker with --use-fake-ui-for-media-stream) in place of the
// camera by replaceTrack, the partner receives it at the shared track's resolution and draws
// it letterboxed (its own shape in a 4:3 window, measured on a screenshot), the sharer
// sees "You are sharing your screen" and Stop sharing; Stop sharing, and the browser ending
// the track itself, bring the camera (640x480) back; no offer or answer for any of it.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, expectCallOver, expectLiveCall,
  expectRemoteVideoShown, getInboundVideoStats, newContext, openApp, screenshot, signIn, sleep, startCall, steps,
  useServerAndBrowser, waitForDuet,
} from './harness.mjs';
import { countSignals, signals } from './media_checks.mjs';

// The size of the screen alice shares, from the track her video sender sends (null when
// it sends no display track).
function sharedSize(page) {
  return page.evaluate(() => {
    const record = window[Symbol.for('duet-test.peer-connections')] || [];
    const pc = record[record.length - 1]?.pc;
    const t = pc?.getSenders().map((s) => s.track).find((x) => x && x.kind === 'video');
    const st = t?.getSettings();
    return st && st.displaySurface ? { w: st.width, h: st.height } : null;
  });
}

// Waits until the partner's inbound video is the size `want()` gives and is decoding.
async function expectInbound(page, want, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let s = await getInboundVideoStats(page);
  let w = await want();
  while (!(w && s.frameWidth === w.w && s.frameHeight === w.h) && Date.now() < deadline) {
    await sleep(200);
    s = await getInboundVideoStats(page);
    w = await want();
  }
  assert.ok(w && s.frameWidth === w.w && s.frameHeight === w.h,
    `${what}: the inbound video is ${s.frameWidth}x${s.frameHeight}, not ${JSON.stringify(w)}`);
  const a = s.framesDecoded;
  await sleep(1500);
  const b = (await getInboundVideoStats(page)).framesDecoded;
  assert.ok(b - a >= 3, `${what}: only ${b - a} frames decoded in 1.5 s`);
}

const camera = async () => ({ w: 640, h: 480 });

async function openUser(env, name, label) {
  const context = await newContext(env.browser);
  await context.addInitScript(countSignals);
  const page = await openApp(context, env.server, label);
  await signIn(page, name);
  return page;
}

async function shown(page) {
  await page.mouse.move(400, 200);
  await page.mouse.move(410, 210);
  await waitForDuet(page, () => window.duet?.controlsAlpha === 1, null, 'the controls shown');
}

describe('screen share', () => {
  const env = useServerAndBrowser('screen-share');
  const step = steps();
  let alice;
  let bob;
  let before;

  step('alice and bob in a call: bob receives alice\'s camera at 640x480', async () => {
    alice = await openUser(env, 'alice', 'share-alice');
    bob = await openUser(env, 'bob', 'share-bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    await expectInbound(bob, camera, 'the camera');
    before = { alice: await signals(alice), bob: await signals(bob) };
  });

  step('Share screen: bob receives the screen at its size; alice is told she is sharing', async () => {
    await clickWidget(alice, 'Share screen');
    await waitForDuet(alice, () => window.duet?.sharing === true && !!window.duet?.widgets?.['Stop sharing'],
      null, 'sharing, with Stop sharing');
    await waitForDuet(bob, () => window.duet?.remoteSharing === true, null, 'bob told alice shares');
    await expectInbound(bob, () => sharedSize(alice), 'the shared screen');
    const size = await sharedSize(alice);
    assert.notDeepEqual(size, { w: 640, h: 480 }, 'the shared screen is the camera\'s size: nothing tells them apart');
    await shown(alice);
    await screenshot(alice, 'share-sharing');
    await shown(bob);
    await waitForDuet(bob, (w) => window.duet?.remoteVideo?.width === w, size.w, 'bob draws the screen at its width');
    // Bob's window (4:3) is not the screen's shape (16:9 here): the drawn picture keeps the
    // screen's shape inside it, with bars, where a crop or a stretch to the window would
    // take the window's.
    const vp = bob.viewportSize();
    assert.ok(Math.abs((vp.width / vp.height) / (size.w / size.h) - 1) > 0.2,
      `bob's window ${vp.width}x${vp.height} has the screen's shape ${size.w}x${size.h}: a crop would not show`);
    const { remote } = await expectRemoteVideoShown(bob, 'share-received-letterboxed',
      { aspect: size.w / size.h });
    assert.ok(remote.w <= vp.width + 2 && remote.h <= vp.height + 2 &&
      (remote.w < vp.width * 0.95 || remote.h < vp.height * 0.95),
    `the screen is drawn ${remote.w}x${remote.h} in a ${vp.width}x${vp.height} window: no bars`);
  });

  step('Stop sharing: the camera comes back at 640x480', async () => {
    await clickWidget(alice, 'Stop sharing');
    await waitForDuet(alice, () => window.duet?.sharing === false && !!window.duet?.widgets?.['Share screen'],
      null, 'sharing over, Share screen back');
    await expectInbound(bob, camera, 'the camera after Stop sharing');
    await waitForDuet(bob, () => window.duet?.remoteSharing === false, null, 'bob told the share is over');
  });

  step('the browser ends the shared track itself: the camera comes back the same way', async () => {
    await clickWidget(alice, 'Share screen');
    await waitForDuet(alice, () => window.duet?.sharing === true, null, 'sharing again');
    await expectInbound(bob, () => sharedSize(alice), 'the second share');
    // What the browser's own "Stop sharing" does: the track stops and fires `ended`.
    const ended = await alice.evaluate(() => {
      const record = window[Symbol.for('duet-test.peer-connections')] || [];
      const pc = record[record.length - 1]?.pc;
      const t = pc?.getSenders().map((s) => s.track).find((x) => x && x.kind === 'video');
      if (!t || t.getSettings().displaySurface === undefined) return false;
      t.stop();
      t.dispatchEvent(new Event('ended'));
      return true;
    });
    assert.ok(ended, 'alice sends no display track to end');
    await waitForDuet(alice, () => window.duet?.sharing === false, null, 'sharing over by the track\'s end');
    await expectInbound(bob, camera, 'the camera after the track ended');
  });

  step('no offer or answer for any of it; then hang up', async () => {
    assert.deepEqual({ alice: await signals(alice), bob: await signals(bob) }, before);
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    assertNoPageProblems(alice);
    assertNoPageProblems(bob);
  });
});
