// A phone (390x844 CSS px at 3x, touch) signs in and calls a desktop user, by touch alone.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  activate, assertNoPageProblems, duetState, expectCallOver, expectLiveCall, expectWidgetsLaidOut,
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
    expectWidgetsLaidOut(handset, await duetState(handset),
      await screenshot(handset, 'phone-in-call-controls'), ['username to call', 'Call', 'Hang Up']);
  });

  step('the phone hangs up by touch', async () => {
    await activate(handset, 'Hang Up', 'touch');
    await expectCallOver(handset);
    await expectCallOver(desk);
    assertNoPageProblems(handset);
    assertNoPageProblems(desk);
  });
});
