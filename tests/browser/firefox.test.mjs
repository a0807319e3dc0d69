// Firefox and Chromium call each other: the app runs in Debian's Firefox ESR (firefox.mjs:
// headed on a private Xvfb, over WebDriver BiDi) and in Chromium against one server. Calls
// both ways with remote video decoded and drawn on both sides, hang-up both ways, the ring,
// Decline and Busy, all pressed by the widgets' rectangles as in the Chromium-only files; the
// system's colour scheme followed; a Chinese name through an input method's events.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';

import { openFirefoxApp, useFirefox } from './firefox.mjs';
import {
  acceptCall, assertNoPageProblems, clickWidget, duetState, expectCallOver, expectLiveCall,
  expectRemoteVideoShown, newContext, openApp, pressKey, reportCallTimings, screenshot, signIn,
  startCall, steps, typeInto, useServerAndBrowser, waitForCallState, waitForDuet, waitForStatus,
} from './harness.mjs';
import { expectTheme } from './theme_checks.mjs';

describe('Firefox and Chromium call each other', () => {
  const env = useServerAndBrowser('firefox');
  const firefox = useFirefox();
  const step = steps();
  let chrome;  // "alice", in Chromium
  let fox;     // "fox", in Firefox
  let carol;   // a third user, in Chromium, who finds fox busy

  step('the app loads, draws and signs in in Firefox', async () => {
    [chrome, fox, carol] = await Promise.all([
      openApp(await newContext(env.browser), env.server, 'ff-alice'),
      openFirefoxApp(firefox.browser, env.server, 'ff-fox'),
      openApp(await newContext(env.browser), env.server, 'ff-carol'),
    ]);
    await Promise.all([signIn(fox, 'fox'), signIn(chrome, 'alice'), signIn(carol, 'carol')]);
    const s = await duetState(fox);
    assert.ok(s.framesRendered > 0, 'Firefox drew no frame');
    // Firefox on Xvfb has its own idea of the system's scheme: the page follows it, in
    // window.duet and in the pixels drawn.
    const dark = await fox.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
    console.log(`Firefox prefers the ${dark ? 'dark' : 'light'} scheme here`);
    await expectTheme(fox, dark ? 'dark' : 'light', 'firefox-call-screen');
  }, 90_000);

  step('Chromium calls Firefox: video decoded and drawn on both sides', async () => {
    await startCall(chrome, 'fox');
    await acceptCall(fox, { from: 'alice' });
    await expectLiveCall(chrome, fox, { nameA: 'alice', nameB: 'fox', picture: false });
    // Chromium's camera pattern, drawn on Firefox's canvas (Firefox's own fake camera is a
    // plain colour field, which the picture check does not know).
    await expectRemoteVideoShown(fox, 'firefox-in-call');
    await reportCallTimings(chrome, fox, { caller: 'chromium', callee: 'firefox' });
  });

  // Firefox (153) transfers an RTCDataChannel to a worker as Chromium does, so on both pages
  // the file channel lives in file_worker.js (docs/file_transfer.md): a file crosses whole.
  step('a file from Chromium arrives in Firefox with the SHA-256 it was sent with', async () => {
    for (const page of [chrome, fox]) {
      await waitForDuet(page, () => window.duet?.transfersAvailable === true, null,
        'files available (the partner said hello on the file channel)', 15_000);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-ff-files-'));
    try {
      const bytes = crypto.randomBytes(3 * 1024 * 1024 + 5);
      const file = path.join(dir, 'to-firefox.bin');
      fs.writeFileSync(file, bytes);
      const [chooser] = await Promise.all([chrome.waitForEvent('filechooser'),
        clickWidget(chrome, 'Send file')]);
      await chooser.setFiles(file);
      const state = (s) => ['to-firefox.bin', s];
      const inState = ([n, s]) => (window.duet?.transfers ?? []).some(
        (t) => t.direction === 'in' && t.name === n && s.includes(t.state));
      await waitForDuet(fox, inState, state(['waiting']), 'the offer in Firefox', 15_000);
      await clickWidget(fox, 'Accept file');
      await waitForDuet(fox, inState, state(['done', 'failed']), 'the file in Firefox', 90_000);
      const got = await fox.evaluate(() => JSON.parse(JSON.stringify(
        window.duet.transfers.filter((t) => t.direction === 'in').at(-1))));
      assert.equal(got.state, 'done');
      assert.equal(got.sent, bytes.length);
      assert.equal(got.sha256, crypto.createHash('sha256').update(bytes).digest('hex'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  step('Firefox hangs up: Chromium reads "fox hung up"', async () => {
    await clickWidget(fox, 'Hang Up');
    await Promise.all([expectCallOver(fox), expectCallOver(chrome)]);
    await waitForStatus(chrome, /fox hung up/, 'alice told that fox hung up');
  });

  step('Firefox calls Chromium; Chromium hangs up: Firefox reads "alice hung up"', async () => {
    await startCall(fox, 'alice');
    await acceptCall(chrome, { from: 'fox' });
    await expectLiveCall(fox, chrome, { nameA: 'fox', nameB: 'alice', picture: false });
    await reportCallTimings(fox, chrome, { caller: 'firefox', callee: 'chromium' });
    await clickWidget(chrome, 'Hang Up');
    await Promise.all([expectCallOver(fox), expectCallOver(chrome)]);
    await waitForStatus(fox, /alice hung up/, 'fox told that alice hung up');
  });

  step('the ring in Firefox; a third caller is told "fox is busy"; Decline', async () => {
    await startCall(chrome, 'fox');
    await waitForCallState(fox, 'ringing_in');
    const ringing = await duetState(fox);
    assert.equal(ringing.incoming, 'alice', 'Firefox\'s ringing screen names the caller');
    assert.equal(ringing.ring?.ringing, true, 'the ring sounds in Firefox');

    await startCall(carol, 'fox');
    await waitForStatus(carol, /fox is busy/, 'carol told that fox is busy');
    assert.equal((await duetState(fox)).callState, 'ringing_in', 'the busy call broke the ring');

    await clickWidget(fox, 'Decline');
    await waitForStatus(chrome, /fox declined/, 'alice told that fox declined');
    await Promise.all([expectCallOver(fox), expectCallOver(chrome)]);
  });

  step('Firefox is busy in a call: the caller is told so, Firefox sees who tried', async () => {
    await startCall(fox, 'alice');
    await acceptCall(chrome, { from: 'fox' });
    await waitForCallState(fox, 'in_call');
    await startCall(carol, 'fox');
    await waitForStatus(carol, /fox is busy/, 'carol told that fox is busy');
    await waitForDuet(fox, () => /carol/.test(window.duet?.notice || ''), null,
      'a notice in Firefox that carol tried to call');
    assert.equal((await duetState(fox)).callState, 'in_call', 'the notice broke the call');
    await clickWidget(fox, 'Hang Up');
    await Promise.all([expectCallOver(fox), expectCallOver(chrome)]);
    for (const p of [chrome, fox, carol]) assertNoPageProblems(p);
  });

  // No driver can work an input method in Firefox (Chromium's test uses DevTools' IME
  // commands), so the page is given the events Firefox fires for one, on the real hidden
  // field the app focused: compositionstart; an input per change while composing;
  // compositionend; then a last input that is no longer composing (Chromium sends its last
  // input before compositionend). Only the committed characters may reach the name.
  step('Firefox: a Chinese name through an input method\'s events signs in, no pinyin kept', async () => {
    const zh = await openFirefoxApp(firefox.browser, env.server, 'ff-ime');
    await typeInto(zh, 'Login', '');
    const focus = await zh.evaluate(() => document.activeElement?.tagName);
    assert.equal(focus, 'INPUT', 'the Login field did not focus the hidden input');
    await zh.evaluate(async ([steps, committed]) => {
      const el = document.activeElement;
      const base = el.value;  // what the app keeps in the field between edits
      const frame = () => new Promise((r) => setTimeout(r, 60));
      el.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
      for (const s of steps) {
        el.value = base + s;
        el.dispatchEvent(new CompositionEvent('compositionupdate', { data: s }));
        el.dispatchEvent(new InputEvent('input',
          { data: s, isComposing: true, inputType: 'insertCompositionText' }));
        await frame();
      }
      el.value = base + committed;
      el.dispatchEvent(new CompositionEvent('compositionend', { data: committed }));
      el.dispatchEvent(new InputEvent('input',
        { data: committed, isComposing: false, inputType: 'insertCompositionText' }));
      await frame();
    }, [['l', 'li', 'li l', 'li le', 'li lei', '李雷'], '李雷']);
    await pressKey(zh, 'Enter');
    await waitForDuet(zh, () => window.duet?.screen === 'call', null,
      'Firefox\'s call screen after signing in through the input method\'s events');
    assert.equal((await duetState(zh)).name, '李雷');
    await waitForDuet(chrome, () => window.duet?.presence?.users?.some((u) => u.name === '李雷'),
      null, 'the Chinese name in Chromium\'s online list');
    await screenshot(zh, 'firefox-ime-signed-in');
    assertNoPageProblems(zh);
  });
});
