// On a phone (tests/browser/harness.mjs `phone`: 390x844 CSS px, DPR 3, touch) every button
// and field in window.duet.widgets (kind "button" or "field") is at least 44x44 CSS px, the
// smallest target a finger hits reliably (WCAG 2.5.5): on the login screen, the call screen,
// and in a call.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, activate, duetState, newContext, openApp, phone, screenshot, signIn, startCall,
  steps, useServerAndBrowser, waitForDuet, waitForInCall,
} from './harness.mjs';

const min = 44;

async function expectTargets(page, where, shot) {
  const s = await duetState(page);
  const labels = Object.keys(s.widgets);
  assert.ok(labels.length > 0, `${where}: no widgets`);
  // Pictures (the videos, the safety code, the QR code) are read, not pressed.
  const small = labels.filter((l) => s.widgets[l].kind !== 'picture')
    .filter((l) => s.widgets[l].w < min - 0.01 || s.widgets[l].h < min - 0.01)
    .map((l) => `"${l}" ${s.widgets[l].w}x${s.widgets[l].h}`);
  await screenshot(page, shot);
  assert.deepEqual(small, [], `${where}: widgets smaller than ${min}x${min} CSS px`);
  return labels;
}

describe('touch targets: 44 CSS px under a finger', () => {
  const env = useServerAndBrowser('touch_targets');
  const step = steps();
  let handset;
  let desk;

  step('the login screen', async () => {
    handset = await openApp(await newContext(env.browser, phone), env.server, 'touch-handset');
    await waitForDuet(handset, () => !!window.duet?.widgets?.['Sign in'], null, 'Sign in');
    const labels = await expectTargets(handset, 'login', 'touch-login');
    for (const l of ['Login', 'Sign in', 'Language', 'Help']) assert.ok(labels.includes(l), l);
  });

  step('the call screen, with someone online', async () => {
    desk = await openApp(await newContext(env.browser), env.server, 'touch-desk');
    await signIn(desk, 'desk');
    await activate(handset, 'Login', 'touch');
    await handset.keyboard.type('thumb', { delay: 40 });
    await activate(handset, 'Sign in', 'touch');
    await waitForDuet(handset, () => window.duet?.screen === 'call' &&
      window.duet?.presence?.users?.length > 0, null, 'the call screen, desk online');
    const labels = await expectTargets(handset, 'call screen', 'touch-call');
    for (const l of ['username to call', 'Call', 'Help']) assert.ok(labels.includes(l), l);
  });

  step('in a call', async () => {
    await startCall(handset, 'desk', { input: 'touch', clear: false });
    await acceptCall(desk, { from: 'thumb' });
    await waitForInCall(handset, 'desk');
    const vp = handset.viewportSize();
    await handset.touchscreen.tap(vp.width / 2, vp.height / 2);
    await waitForDuet(handset, () => window.duet?.controlsAlpha === 1 &&
      !!window.duet?.widgets?.['Hang Up'], null, 'the call\'s controls shown');
    const labels = await expectTargets(handset, 'in call', 'touch-in-call');
    for (const l of ['Microphone', 'Camera', 'Hang Up']) assert.ok(labels.includes(l), l);
    await activate(handset, 'Hang Up', 'touch');
    await waitForDuet(desk, () => ['ended', 'idle'].includes(window.duet?.callState), null,
      'the call over');
  }, 120_000);
});
