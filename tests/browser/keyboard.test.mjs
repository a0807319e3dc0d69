// The keyboard's way through the screens, beyond Tab and Enter (accessibility.test.mjs):
// Shift+Tab walks the widgets backwards in exactly the reverse of Tab's order, which is the
// reading order of the DOM mirror (top to bottom, then left to right, the online list's
// entries among them); Space on a focused button does what a press does (Sign in, Call).
// The widget with the keyboard is read from window.duet.focus.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, newContext, openApp, pressKey, signIn, sleep, steps,
  useServerAndBrowser, waitForDuet, waitForScreen,
} from './harness.mjs';

const focusOf = (page) => page.evaluate(() => window.duet?.focus ?? '');

// Presses `key` and waits until window.duet.focus moves off `from`; the new focus.
async function step(page, key, from) {
  await pressKey(page, key);
  await waitForDuet(page, (f) => (window.duet?.focus ?? '') !== f, from,
    `${key} to move the keyboard off "${from}"`, 3000);
  await sleep(40);
  return focusOf(page);
}

// Tab until the keyboard is on `id`, at most `max` presses.
async function tabTo(page, id, max = 16) {
  for (let i = 0; i < max && (await focusOf(page)) !== id; ++i) {
    await pressKey(page, 'Tab');
    await sleep(60);
  }
  await waitForDuet(page, (w) => window.duet?.focus === w, id, `the keyboard on "${id}"`, 1000);
}

// The mirror's widgets in the DOM's order: its reading order.
const mirrorOrder = (page) => page.evaluate(() =>
  [...document.querySelectorAll('#duet-mirror button, #duet-mirror input')]
    .map((e) => e.dataset.duetId));

describe('the keyboard: Shift+Tab and Space', () => {
  const env = useServerAndBrowser('keyboard');
  const s = steps();
  let carol;
  let dave;

  s('Space on the focused Sign in signs in', async () => {
    dave = await openApp(await newContext(env.browser), env.server, 'keys-dave');
    await signIn(dave, 'dave');
    carol = await openApp(await newContext(env.browser), env.server, 'keys-carol');
    await tabTo(carol, 'Login');
    await carol.keyboard.type('carol', { delay: 20 });
    assert.equal(await step(carol, 'Tab', 'Login'), 'Sign in', 'Tab from the name field');
    await pressKey(carol, ' ');
    await waitForScreen(carol, 'call');
    assert.equal(await carol.evaluate(() => window.duet.name), 'carol');
  });

  s('Shift+Tab walks back through the call screen in the reverse of Tab', async () => {
    await waitForDuet(carol, () => window.duet?.presence?.users?.some((u) => u.name === 'dave'),
      null, 'dave in carol\'s online list');
    const expected = await mirrorOrder(carol);
    const start = expected[0];
    await tabTo(carol, start);
    assert.ok(expected.includes('Call') && expected.includes('presence:dave'),
      `the mirror lacks Call or dave's entry: ${JSON.stringify(expected)}`);
    const forward = [start];
    while (forward.length < expected.length) {
      forward.push(await step(carol, 'Tab', forward[forward.length - 1]));
    }
    assert.deepEqual(forward, expected, 'Tab follows the reading order');
    const back = [forward[forward.length - 1]];
    while (back.length < forward.length) {
      back.push(await step(carol, 'Shift+Tab', back[back.length - 1]));
    }
    assert.deepEqual(back, [...forward].reverse(), 'Shift+Tab is Tab backwards');
    assert.equal(await focusOf(carol), start);
  });

  s('Space on the focused Call rings', async () => {
    await tabTo(carol, 'username to call');
    await carol.keyboard.type('dave', { delay: 20 });
    assert.equal(await step(carol, 'Tab', 'username to call'), 'Call', 'Tab from the call field');
    await pressKey(carol, ' ');
    await waitForDuet(dave, () => window.duet?.callState === 'ringing_in' &&
      window.duet?.incoming === 'carol', null, 'dave rung by carol');
    for (const p of [carol, dave]) assertNoPageProblems(p);
  });
});
