// A phone (390x844 CSS px at 3x, touch) signs in and calls a desktop user, by touch alone:
// the call fills the screen in portrait and landscape, and its buttons work by tap.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  activate, assertNoPageProblems, duetState, expectCallOver, expectLiveCall, expectVideoDecoding,
  expectWidgetsLaidOut,
  newContext, openApp, phone, reportCallTimings, reportLoginInteractive, screenshot, signIn,
  sleep, startCall, steps, useServerAndBrowser, waitForDuet,
  acceptCall,
} from './harness.mjs';

// The canvas fills the viewport and its backing store is CSS size x devicePixelRatio, so
// ImGui's text is rasterised for the screen's real pixels.
async function expectCrispCanvas(page) {
  const c = await page.evaluate(() => {
    const canvas = [...document.querySelectorAll('canvas')]
      .sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0];
    if (!canvas) return null;
    const r = canvas.getBoundingClientRect();
    return { width: canvas.width, height: canvas.height, cssW: r.width, cssH: r.height,
      x: r.x, y: r.y, dpr: window.devicePixelRatio };
  });
  assert.ok(c, 'the page has no canvas');
  const vp = page.viewportSize();
  assert.equal(c.dpr, 3);
  assert.ok(Math.abs(c.cssW - vp.width) <= 1 && Math.abs(c.cssH - vp.height) <= 1 &&
    Math.abs(c.x) <= 1 && Math.abs(c.y) <= 1,
    `the canvas covers ${c.cssW}x${c.cssH} CSS px at (${c.x}, ${c.y}), not the whole ` +
      `${vp.width}x${vp.height} viewport`);
  assert.ok(Math.abs(c.width - c.cssW * c.dpr) <= 2 && Math.abs(c.height - c.cssH * c.dpr) <= 2,
    `canvas backing store is ${c.width}x${c.height}; at devicePixelRatio ${c.dpr} it should be ` +
      `${Math.round(c.cssW * c.dpr)}x${Math.round(c.cssH * c.dpr)}`);
}

// A tap on a text field must bring up the phone's keyboard, which a web page can only do by
// focusing an editable element.
async function expectSoftKeyboardTarget(page, field) {
  const focused = await page.evaluate(() => {
    const e = document.activeElement;
    return e ? { tag: e.tagName, editable: e.isContentEditable, type: e.type ?? null } : null;
  });
  const editable = focused && (focused.editable || focused.tag === 'TEXTAREA' ||
    (focused.tag === 'INPUT' && !['button', 'checkbox', 'radio', 'submit'].includes(focused.type)));
  assert.ok(editable, `after tapping "${field}" no editable element has focus (the phone's ` +
    `keyboard would not open); focused: ${JSON.stringify(focused)}`);
}

// The buttons have faded after a few seconds without input, as in every call app: a tap on
// the video brings them back. A screenshot at DPR 3 can take longer than the buttons stay
// (seconds, on a loaded machine): then they are checked for all but being drawn.
const controls = ['Microphone', 'Camera', 'Devices', 'Fullscreen', 'Chat', 'Hang Up'];
async function withControlsShown(page, name) {
  const vp = page.viewportSize();
  await page.touchscreen.tap(vp.width / 2, vp.height / 2);
  await waitForDuet(page, () => window.duet?.controlsAlpha === 1, null, 'the controls shown');
  const state = await duetState(page);
  const shot = await screenshot(page, name);
  const shown = await page.evaluate(() => window.duet.controlsAlpha === 1);
  if (!shown) console.log(`# ${name}: the controls faded during the screenshot`);
  return { state, shot, faded: shown ? [] : controls };
}

describe('a phone calls a desktop user', () => {
  const env = useServerAndBrowser('phone');
  const step = steps();
  let handset;
  let desk;

  step('the phone shows a crisp, unclipped login screen', async () => {
    handset = await openApp(await newContext(env.browser, phone), env.server, 'phone-handset');
    await reportLoginInteractive(handset, { test: 'phone', page: 'phone' });
    await expectCrispCanvas(handset);
    await waitForDuet(handset, () => !!window.duet?.widgets?.['Sign in'], null, 'widget "Sign in"');
    expectWidgetsLaidOut(handset, await duetState(handset), await screenshot(handset, 'phone-login'),
      ['Login', 'Sign in']);
  });

  step('the phone signs in by tapping and typing', async () => {
    await activate(handset, 'Login', 'touch');
    await sleep(150);
    await expectSoftKeyboardTarget(handset, 'Login');
    await handset.keyboard.type('phone', { delay: 40 });
    await activate(handset, 'Sign in', 'touch');
    await waitForDuet(handset, () => window.duet?.screen === 'call' && window.duet?.name === 'phone',
      null, 'the call screen signed in as "phone"');
    await waitForDuet(handset, () => !!window.duet?.widgets?.Call, null, 'widget "Call"');
    expectWidgetsLaidOut(handset, await duetState(handset),
      await screenshot(handset, 'phone-call-idle'), ['username to call', 'Call']);
  });

  step('the phone calls the desktop by touch: the call connects', async () => {
    desk = await openApp(await newContext(env.browser), env.server, 'phone-desk');
    await signIn(desk, 'desk');
    await startCall(handset, 'desk', { input: 'touch', clear: false });
    await acceptCall(desk, { from: 'phone' });
    await expectLiveCall(handset, desk, { nameA: 'phone', nameB: 'desk',
      shots: ['phone-in-call', 'phone-in-call-desktop-side'] });
    await reportCallTimings(handset, desk, { test: 'phone', caller: 'phone' });
    await expectCrispCanvas(handset);
    // The call takes the whole screen: the video, the buttons over it, no form.
    const { state, shot, faded } = await withControlsShown(handset, 'phone-in-call-controls');
    expectWidgetsLaidOut(handset, state, shot, ['Microphone', 'Camera', 'Hang Up', 'Self view'],
      faded);
    assert.ok(!state.widgets.Call && !state.widgets['username to call'],
      'the call form is still on screen during the call');
  }, 120_000);  // two pages setting up a call and screenshots at DPR 3, in software GL

  step('the phone mutes and stops its camera by tap; the desktop is told', async () => {
    await activate(handset, 'Microphone', 'touch');
    await waitForDuet(desk, () => window.duet?.remoteMuted === true, null, 'the desk told the phone muted');
    assert.equal(await handset.evaluate(() => window.duet.mic), false);
    await screenshot(handset, 'phone-muted');
    await activate(handset, 'Camera', 'touch');
    await waitForDuet(desk, () => window.duet?.remoteCameraOff === true, null,
      'the desk told the phone\'s camera is off');
    await screenshot(handset, 'phone-camera-off');
    await screenshot(desk, 'phone-camera-off-desktop-side');
    await activate(handset, 'Camera', 'touch');
    await activate(handset, 'Microphone', 'touch');
    await waitForDuet(desk, () => !window.duet?.remoteMuted && !window.duet?.remoteCameraOff, null,
      'the desk told the phone is heard and seen again');
    await expectVideoDecoding(desk);
  }, 120_000);

  step('turned to landscape the call still fills the screen and its buttons work', async () => {
    await handset.setViewportSize({ width: 844, height: 390 });
    await waitForDuet(handset, () => {
      const w = window.duet?.widgets?.Microphone;
      return !!w && w.y + w.h <= 390 && w.y > 200;
    }, null, 'the control bar at the bottom of the landscape screen');
    const landscape = await withControlsShown(handset, 'phone-in-call-landscape');
    expectWidgetsLaidOut(handset, landscape.state, landscape.shot,
      ['Microphone', 'Camera', 'Hang Up'], landscape.faded);
    await activate(handset, 'Microphone', 'touch');
    await waitForDuet(desk, () => window.duet?.remoteMuted === true, null, 'muted from landscape');
    await activate(handset, 'Microphone', 'touch');
    await waitForDuet(desk, () => window.duet?.remoteMuted === false, null, 'unmuted from landscape');
    await handset.setViewportSize({ width: 390, height: 844 });
    await withControlsShown(handset, 'phone-in-call-portrait');
  }, 120_000);

  step('the phone hangs up by touch', async () => {
    await activate(handset, 'Hang Up', 'touch');
    await expectCallOver(handset);
    await expectCallOver(desk);
    assertNoPageProblems(handset);
    assertNoPageProblems(desk);
  });
});
