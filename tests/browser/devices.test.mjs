// The Devices menu, pressed like a person, with Chromium's fake cameras, microphones and
// speakers: during a call the camera, the microphone and the speaker are switched (the sent
// track comes from the chosen device, the partner keeps decoding and hearing, the partner's
// sound goes to the chosen output, and no offer or answer crosses the signaling socket); Flip
// camera goes round the two cameras; the choice is used again after a reload; a chosen camera
// that disappears (devicechange) falls back to the default with a notice; a phone's menu by tap.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, cameraRequests, clickWidget, duetState, expectCallOver,
  expectLiveCall,
  newContext, openApp, phone, screenshot, signIn, sleep, startCall, steps, tapWidget,
  useServerAndBrowser, waitForDuet,
} from './harness.mjs';
import { countSignals, growth, sentDevice, signals } from './media_checks.mjs';

// Three cameras: Chromium's fake_device_1 delivers Y16 (a depth format) that WebRTC does not
// send (its partner decodes nothing), so the switch goes to fake_device_2 (MJPEG), which a
// partner decodes like fake_device_0.
const threeCameras = ['--use-fake-device-for-media-stream=device-count=3'];

const devices = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.duet.devices)));

async function byLabel(page, list, label) {
  await waitForDuet(page, ([l, n]) => window.duet?.devices?.[l]?.some((d) => d.label === n),
    [list, label], `"${label}" among window.duet.devices.${list}`);
  return (await devices(page))[list].find((d) => d.label === label);
}

// Opens the Devices menu and presses an entry, as a person does.
async function choose(page, entry, input = 'mouse') {
  const press = input === 'touch' ? tapWidget : clickWidget;
  if (input === 'touch') {
    const vp = page.viewportSize();
    await page.touchscreen.tap(vp.width / 2, vp.height / 3);  // the faded controls back
  }
  await press(page, 'Devices');
  await press(page, entry);
  await waitForDuet(page, (e) => !window.duet?.widgets?.[e], entry, 'the Devices menu closed');
}

async function openUser(env, name, label, options) {
  const context = await newContext(env.browser, options);
  await context.addInitScript(countSignals);
  const page = await openApp(context, env.server, label);
  await signIn(page, name);
  return page;
}

describe('the Devices menu', () => {
  const env = useServerAndBrowser('devices', { browserArgs: threeCameras });
  const step = steps();
  let alice;
  let bob;
  let before;
  let second;

  step('alice calls bob: the menu lists three cameras, the microphones and the speakers', async () => {
    alice = await openUser(env, 'alice', 'devices-alice');
    bob = await openUser(env, 'bob', 'devices-bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    second = await byLabel(alice, 'cameras', 'fake_device_2');
    const d = await devices(alice);
    assert.equal(d.cameras.length, 3, `cameras: ${JSON.stringify(d.cameras)}`);
    assert.ok(d.microphones.length >= 2, `microphones: ${JSON.stringify(d.microphones)}`);
    assert.ok(d.speakers.length >= 1, `speakers (Chromium has setSinkId): ${JSON.stringify(d.speakers)}`);
    assert.equal(d.camera, '', 'a first visit uses the default camera');
    assert.notEqual(await sentDevice(alice, 'video'), second.id, 'alice already sends fake_device_2');
    before = { alice: await signals(alice), bob: await signals(bob) };

    await clickWidget(alice, 'Devices');
    await waitForDuet(alice, () => !!window.duet?.widgets?.['Camera: fake_device_2'], null, 'the menu open');
    await sleep(200);
    await screenshot(alice, 'devices-menu');
    await clickWidget(alice, 'Devices');
    await waitForDuet(alice, () => !window.duet?.widgets?.['Camera: fake_device_2'], null,
      'the menu closed by its button');
  });

  step('alice switches to fake_device_2: sent by replaceTrack, bob keeps decoding', async () => {
    await choose(alice, 'Camera: fake_device_2');
    await waitForDuet(alice, (id) => window.duet?.devices?.camera === id &&
      window.duet?.devices?.inUse?.camera === id, second.id, 'fake_device_2 chosen and in use');
    const deadline = Date.now() + 5000;
    while (await sentDevice(alice, 'video') !== second.id && Date.now() < deadline) await sleep(100);
    assert.equal(await sentDevice(alice, 'video'), second.id, 'the sent video track is not from fake_device_2');
    const frames = await growth(bob, 'framesDecoded');
    assert.ok(frames >= 10, `bob decoded only ${frames} frames in 1.5 s after the switch`);
    // Only one camera is open: the old track was stopped first (a phone has one camera).
    const liveCameras = await alice.evaluate(() => window.duet && window[Symbol.for('duet-test.peer-connections')]
      .flatMap(({ pc }) => pc.getSenders()).filter((s) => s.track?.kind === 'video' &&
        s.track.readyState === 'live').length);
    assert.equal(liveCameras, 1);
  });

  step('alice switches microphone: bob still hears her', async () => {
    const mics = (await devices(alice)).microphones;
    const used = await sentDevice(alice, 'audio');
    const other = mics.find((m) => m.id !== used && m.id !== 'default' && m.id !== 'communications');
    assert.ok(other, `no other microphone than ${used} in ${JSON.stringify(mics)}`);
    await choose(alice, `Microphone: ${other.label}`);
    const deadline = Date.now() + 5000;
    while (await sentDevice(alice, 'audio') !== other.id && Date.now() < deadline) await sleep(100);
    assert.equal(await sentDevice(alice, 'audio'), other.id, 'the sent audio track is not the chosen microphone');
    await sleep(500);
    assert.ok(await growth(bob, 'audioEnergy') > 0, 'bob hears nothing after the switch');
  });

  step('alice picks a speaker: bob\'s sound goes to it (setSinkId) and still plays', async () => {
    const list = (await devices(alice)).speakers;
    // A named output rather than the default, so the change is one setSinkId must make.
    const target = list.find((s) => s.id && s.id !== 'default' && s.id !== 'communications');
    assert.ok(target, `no speaker other than the default in ${JSON.stringify(list)}`);
    // The partner's element is the one made with sound (the self-view is made muted).
    const partnerSink = () => alice.evaluate(() => [...document.querySelectorAll('#duet-media video')]
      .filter((v) => !v.defaultMuted).map((v) => ({ sink: v.sinkId, paused: v.paused })));
    assert.deepEqual((await partnerSink()).map((v) => v.sink), [''], 'the default speaker first');
    await choose(alice, `Speaker: ${target.label}`);
    await waitForDuet(alice, (id) => window.duet?.devices?.speaker === id &&
      window.duet?.devices?.inUse?.speaker === id, target.id, 'the speaker chosen and in use');
    const deadline = Date.now() + 5000;  // setSinkId is a promise
    let now = await partnerSink();
    while (now[0]?.sink !== target.id && Date.now() < deadline) {
      await sleep(100);
      now = await partnerSink();
    }
    assert.deepEqual(now, [{ sink: target.id, paused: false }], 'bob\'s sound is not on the chosen speaker');
    assert.equal(await alice.evaluate(() => localStorage.getItem('duet.device.speaker')), target.id,
      'the speaker is not remembered for the next visit');
    assert.ok(await growth(alice, 'audioEnergy') > 0, 'alice no longer receives bob\'s sound');
  });

  step('Flip camera (no facing on a desktop): the next camera, round', async () => {
    const cams = (await devices(alice)).cameras;
    for (let i = 0; i < cams.length; i++) {
      const from = await sentDevice(alice, 'video');
      const to = cams[(cams.findIndex((c) => c.id === from) + 1) % cams.length];
      await clickWidget(alice, 'Flip camera');
      const deadline = Date.now() + 5000;
      while (await sentDevice(alice, 'video') !== to.id && Date.now() < deadline) await sleep(100);
      assert.equal(await sentDevice(alice, 'video'), to.id, `flip ${i + 1} did not send ${to.label}`);
      if (to.label === 'fake_device_1') continue;  // Y16: nothing a partner can decode
      const frames = await growth(bob, 'framesDecoded');
      assert.ok(frames >= 10, `bob decoded only ${frames} frames in 1.5 s after flip ${i + 1} (${to.label})`);
    }
    assert.equal(await sentDevice(alice, 'video'), second.id, 'going round did not come back to fake_device_2');
  });

  step('no offer or answer was sent for any switch or flip', async () => {
    assert.deepEqual({ alice: await signals(alice), bob: await signals(bob) }, before);
  });

  step('a muted microphone stays muted across a switch, the camera off stays off', async () => {
    await clickWidget(alice, 'Microphone');
    await clickWidget(alice, 'Camera');
    await waitForDuet(bob, () => window.duet?.remoteMuted && window.duet?.remoteCameraOff, null,
      'bob told alice is muted with her camera off');
    await choose(alice, 'Microphone: Fake Default Audio Input');
    await choose(alice, 'Camera: fake_device_0');
    await sleep(1500);
    assert.ok(await growth(bob, 'audioEnergy') < 1e-6, 'the new microphone is heard while muted');
    assert.ok(await growth(bob, 'framesDecoded') <= 1, 'a camera was sent while off');
    assert.equal(await alice.evaluate(() => window.duet.camera), false);
    // On again: the camera chosen while it was off.
    const first = await byLabel(alice, 'cameras', 'fake_device_0');
    await clickWidget(alice, 'Camera');
    await clickWidget(alice, 'Microphone');
    const deadline = Date.now() + 5000;
    while (await sentDevice(alice, 'video') !== first.id && Date.now() < deadline) await sleep(100);
    assert.equal(await sentDevice(alice, 'video'), first.id);
    // Back to fake_device_2, remembered for the next visit.
    await choose(alice, 'Camera: fake_device_2');
    await waitForDuet(alice, (id) => window.duet?.devices?.inUse?.camera === id, second.id,
      'fake_device_2 in use again');
  });

  step('after a reload the remembered camera is the one opened for the next call', async () => {
    await alice.reload();
    await waitForDuet(alice, () => window.duet?.screen === 'login', null, 'the login screen', 30_000);
    await waitForDuet(bob, () => ['idle', 'ended'].includes(window.duet?.callState), null,
      'bob\'s call over after alice left');
    await sleep(500);  // the server has seen the old page's socket close: the name is free
    await signIn(alice, 'alice');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    assert.equal(await sentDevice(alice, 'video'), second.id, 'the next visit did not open fake_device_2');
    assert.equal((await devices(alice)).camera, second.id);
  });

  step('the chosen camera disappears (devicechange): the default, with a notice', async () => {
    // As if fake_device_2 were unplugged: the browser stops listing it and says so.
    await alice.evaluate((gone) => {
      const md = navigator.mediaDevices;
      const native = md.enumerateDevices.bind(md);
      md.enumerateDevices = async () => (await native()).filter((d) => d.deviceId !== gone);
      md.dispatchEvent(new Event('devicechange'));
    }, second.id);
    await waitForDuet(alice, () => /camera was disconnected/.test(window.duet?.devices?.notice ?? ''),
      null, 'the notice that the camera fell back');
    await waitForDuet(alice, () => window.duet?.devices?.camera === '', null, 'the default chosen');
    // The old track stops first (null for a moment), then the default's goes out.
    const deadline = Date.now() + 5000;
    let now = await sentDevice(alice, 'video');
    while ((now === null || now === second.id) && Date.now() < deadline) {
      await sleep(100);
      now = await sentDevice(alice, 'video');
    }
    assert.ok(now && now !== second.id, `alice still sends ${now}`);
    assert.ok(await growth(bob, 'framesDecoded') >= 10, 'bob lost the video at the fall-back');
    await screenshot(alice, 'devices-fallback-notice');
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
  });

  step('a phone: the Devices menu by tap, the camera switched', async () => {
    const carol = await openUser(env, 'carol', 'devices-carol-phone', phone);
    await startCall(bob, 'carol');
    await acceptCall(carol, { from: 'bob', input: 'touch' });
    await expectLiveCall(bob, carol, { nameA: 'bob', nameB: 'carol', picture: false });
    const cam = await byLabel(carol, 'cameras', 'fake_device_2');
    const vp = carol.viewportSize();
    await carol.touchscreen.tap(vp.width / 2, vp.height / 3);
    await tapWidget(carol, 'Devices');
    await waitForDuet(carol, () => !!window.duet?.widgets?.['Camera: fake_device_2'], null, 'the menu open');
    const s = await duetState(carol);
    for (const [label, r] of Object.entries(s.widgets)) {
      assert.ok(r.x >= 0 && r.x + r.w <= vp.width + 0.5, `"${label}" is clipped: ${JSON.stringify(r)}`);
    }
    await sleep(200);
    await screenshot(carol, 'devices-phone-menu');
    await tapWidget(carol, 'Camera: fake_device_2');
    await waitForDuet(carol, (id) => window.duet?.devices?.inUse?.camera === id, cam.id, 'fake_device_2 in use');
    const deadline = Date.now() + 5000;  // the new track out (the menu shows the choice at once)
    while (await sentDevice(carol, 'video') !== cam.id && Date.now() < deadline) await sleep(100);
    assert.equal(await sentDevice(carol, 'video'), cam.id);
    assert.ok(await growth(bob, 'framesDecoded') >= 10, 'bob lost carol\'s video at the switch');
    await carol.touchscreen.tap(vp.width / 2, vp.height / 3);
    await waitForDuet(carol, () => window.duet?.controlsAlpha === 1, null, 'the controls shown');
    await screenshot(carol, 'devices-phone-switched');
    await tapWidget(carol, 'Hang Up');
    await expectCallOver(bob);
    assertNoPageProblems(carol);
  });

  step('before a call: Preview camera opens it on request only; Devices works there too', async () => {
    const dave = await openUser(env, 'dave', 'devices-dave-preview');
    await sleep(1000);
    assert.equal(await cameraRequests(dave), 0, 'the camera was opened before anyone asked');
    await clickWidget(dave, 'Preview camera');
    await waitForDuet(dave, () => !!window.duet?.widgets?.Devices && window.duet?.devices?.cameras?.length === 3,
      null, 'the preview on, with Devices and the cameras listed', 15_000);
    assert.equal(await cameraRequests(dave), 1);
    const cam = await byLabel(dave, 'cameras', 'fake_device_2');
    await clickWidget(dave, 'Devices');
    // As on the phone above: the menu sizes itself in its first frames (ImGui shows an
    // auto-sized window only once it knows its size), so a click at once may find a rectangle
    // the next frame moves. A person clicks what is on the screen.
    await waitForDuet(dave, () => !!window.duet?.widgets?.['Camera: fake_device_2'], null, 'the menu open');
    await sleep(200);
    await clickWidget(dave, 'Camera: fake_device_2');
    await waitForDuet(dave, (id) => window.duet?.devices?.inUse?.camera === id, cam.id,
      'the preview switched to fake_device_2');
    await sleep(300);
    await screenshot(dave, 'devices-preview');
    // The call that follows uses the open camera: no second request, the chosen device sent.
    await startCall(dave, 'bob');
    await acceptCall(bob, { from: 'dave' });
    await expectLiveCall(dave, bob, { nameA: 'dave', nameB: 'bob', picture: false });
    assert.equal(await sentDevice(dave, 'video'), cam.id);
    await clickWidget(dave, 'Hang Up');
    await expectCallOver(bob);
    assertNoPageProblems(dave);
  });

  step('no uncaught errors and no dialogs in either page', async () => {
    assertNoPageProblems(alice);
    assertNoPageProblems(bob);
  });
});
