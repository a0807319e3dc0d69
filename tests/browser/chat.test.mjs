// Chat during a call, used as a person uses it: the Chat button (its unread count while the
// panel is closed), the Message field and Send, Enter; messages both ways over the call's own
// data channel, English, Chinese typed through an input method, and emoji; an over-size
// message refused with its notice and nothing sent; the messages still shown after hang-up and
// gone when the next call starts; a screen reader told of each new message. A call with the
// tutorial's page (which has no chat channel) still works and shows no Chat button.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, duetState, expectCallOver, expectVideoDecoding,
  fixturesDir, newContext, openApp, openPage, pressKey, screenshot, signIn, sleep, startCall,
  steps, typeInto, useServerAndBrowser, waitForDuet, waitForInCall, webRoot, widgetRect,
  webRootWithTutorial,
} from './harness.mjs';

// The bundle and the tutorial's page in one web root, as tests/browser/mixed_clients does.
let tmpRoot = null;
function chatRoot() {
  tmpRoot = webRootWithTutorial('duet-chat-');
  return tmpRoot;
}

const chat = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.duet?.chat ?? [])));
const field = (page, key) => page.evaluate((k) => window.duet?.[k], key);

// Text committed by an input method (pinyin composed first), over the DevTools protocol, as
// tests/browser/languages does; `steps` empty: pasted at once.
async function typeWithIme(page, composing, committed) {
  const cdp = await page.context().newCDPSession(page);
  for (const text of composing) {
    await cdp.send('Input.imeSetComposition',
      { text, selectionStart: text.length, selectionEnd: text.length });
    await sleep(60);
  }
  await cdp.send('Input.insertText', { text: committed });
  await sleep(100);
  await cdp.detach();
}

function waitForMessage(page, from, text, what) {
  return waitForDuet(page, ([f, t]) => (window.duet?.chat ?? []).some(
    (m) => m.from === f && m.text === t), [from, text], what ?? `"${text}" from ${from}`);
}

// Keeps every data channel the page makes, so a test can play a hostile partner on it.
function keepDataChannels() {
  const kept = [];
  Object.defineProperty(window, Symbol.for('duet-test.channels'), { value: kept });
  const proto = window.RTCPeerConnection?.prototype;
  if (!proto) return;
  const native = proto.createDataChannel;
  proto.createDataChannel = function (...args) {
    const dc = native.apply(this, args);
    kept.push(dc);
    return dc;
  };
}

async function openUser(env, name) {
  const context = await newContext(env.browser);
  await context.addInitScript(keepDataChannels);
  const page = await openApp(context, env.server, `chat-${name}`);
  await signIn(page, name);
  return page;
}

// The DOM mirror's element for a widget: what a screen reader finds.
const mirrored = (page, id) => page.evaluate((i) => {
  const el = document.querySelector(`#duet-mirror [data-duet-id="${i}"]`);
  return el ? { tag: el.tagName, name: el.getAttribute('aria-label') || el.textContent } : null;
}, id);

function waitForUnread(page, n) {
  return waitForDuet(page, (k) => window.duet?.unread === k, n, `unread ${n}`);
}

describe('chat during a call', () => {
  const env = useServerAndBrowser('chat', { root: chatRoot });
  const step = steps();
  after(() => tmpRoot && fs.rmSync(tmpRoot, { recursive: true, force: true }));
  let alice;
  let bob;
  const english = 'Hello Bob ☺, can you hear me? ★';
  const chinese = '你好，爱丽丝！我们用中文聊天吧。';

  step('alice calls bob: both get a Chat button once the call is up', async () => {
    alice = await openUser(env, 'alice');
    bob = await openUser(env, 'bob');
    assert.equal(await field(alice, 'chatAvailable'), false, 'chat before any call');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await waitForInCall(alice, 'bob');
    await waitForInCall(bob, 'alice');
    for (const page of [alice, bob]) {
      await waitForDuet(page, () => window.duet?.chatAvailable === true, null,
        'chat available (the partner said hello on the chat channel)', 15_000);
      await widgetRect(page, 'Chat');
    }
    assert.deepEqual(await chat(alice), []);
    assert.equal(await field(bob, 'unread'), 0);
  });

  step('alice writes with the panel open; bob, panel closed, sees the unread count rise',
    async () => {
      await clickWidget(alice, 'Chat');
      await waitForDuet(alice, () => window.duet?.chatOpen === true, null, 'the chat panel open');
      await widgetRect(alice, 'Send');
      const panel = await widgetRect(alice, 'Message');
      const video = (await duetState(alice)).widgets['Hang Up'];
      assert.ok(panel.x >= video.x + video.w, 'on a desktop the panel is beside the video, ' +
        `right of the control bar: Message at x=${panel.x}, Hang Up ends at ${video.x + video.w}`);
      await typeInto(alice, 'Message', english);
      await pressKey(alice, 'Enter');
      await waitForMessage(bob, 'alice', english);
      await waitForUnread(bob, 1);
      // Enter keeps the field for the next line: typed at once, sent with the button.
      await alice.keyboard.type('second line', { delay: 40 });
      await clickWidget(alice, 'Send');
      await waitForMessage(bob, 'alice', 'second line');
      await waitForUnread(bob, 2);
      const mine = await chat(alice);
      assert.deepEqual(mine.map((m) => [m.from, m.text]),
        [['alice', english], ['alice', 'second line']]);
      assert.equal(await field(alice, 'unread'), 0, 'our own messages are never unread');
      const button = await bob.evaluate(() => window.duet.widgets.Chat.text);
      assert.match(button, /2 unread/, 'the Chat button names the unread count');
      assert.deepEqual(await mirrored(bob, 'Chat'), { tag: 'BUTTON', name: button },
        'a screen reader finds the Chat button, with its unread count');
      assert.equal((await mirrored(alice, 'Send'))?.tag, 'BUTTON');
      assert.equal((await mirrored(alice, 'Message'))?.tag, 'INPUT');
      for (const m of await chat(bob)) {
        assert.match(m.time, /^\d\d:\d\d$/, 'each message shows its time as HH:MM');
        assert.ok(Math.abs(m.at - Date.now()) < 60_000, `"at" is the local clock: ${m.at}`);
      }
      await screenshot(bob, 'chat-unread');
    });

  step('bob opens the panel: the count clears; he answers in Chinese through an IME', async () => {
    await pressKey(bob, 'c');
    await waitForDuet(bob, () => window.duet?.chatOpen === true, null, 'C opens the panel');
    await waitForUnread(bob, 0);
    await clickWidget(bob, 'Message');
    await sleep(150);
    await typeWithIme(bob, ['ni', 'ni h', 'ni hao'], chinese);
    await clickWidget(bob, 'Send');
    await waitForMessage(alice, 'bob', chinese);
    // The live region (the mirror) follows at the page's next drawn frame, which under load
    // may come after window.duet.chat has the message: a screen reader reads it then.
    await waitForDuet(alice, (said) => document.querySelector('#duet-status')?.textContent ===
      said, `bob: ${chinese}`, 'the polite live region to announce the message', 5000);
    // An emoji typed on its own, then a closed panel counts again.
    await clickWidget(bob, 'Chat');
    await waitForDuet(bob, () => window.duet?.chatOpen === false, null, 'the panel closed');
    await clickWidget(alice, 'Message');
    await alice.keyboard.type('☺✓', { delay: 40 });
    await pressKey(alice, 'Enter');
    await waitForMessage(bob, 'alice', '☺✓');
    await waitForUnread(bob, 1);
    await screenshot(alice, 'chat-open-desktop');
  });

  step('an over-size message is refused with a notice, and nothing is sent', async () => {
    const before = (await chat(bob)).length;
    const big = '好'.repeat(1400);  // 4200 bytes of UTF-8: over the 4096 allowed
    await clickWidget(alice, 'Message');
    await sleep(150);
    await typeWithIme(alice, [], big);
    await pressKey(alice, 'Enter');
    await waitForDuet(alice, () => window.duet?.chatNotice === 'too_long', null,
      'the too-long notice');
    await sleep(1000);
    assert.equal((await chat(bob)).length, before, 'bob received something');
    assert.ok(!(await chat(alice)).some((m) => m.text.length > 1000), 'alice kept it as sent');
    await screenshot(alice, 'chat-too-long');
    // Shortened, it goes; the notice goes with it.
    await typeInto(alice, 'Message', 'short', { clear: true });
    await pressKey(alice, 'Enter');
    await waitForMessage(bob, 'alice', 'short');
    assert.equal(await field(alice, 'chatNotice'), '');
  });

  step('a flood from the partner\'s page: a burst shows, the rest is dropped with one notice',
    async () => {
      const before = (await chat(bob)).length;
      const started = Date.now();
      // alice's page turned hostile: 5000 messages at once on its end of the chat channel.
      await alice.evaluate(() => {
        const dc = window[Symbol.for('duet-test.channels')].find((c) => c.label === 'duet-chat' &&
          c.readyState === 'open');
        for (let i = 0; i < 5000; i++) dc.send(JSON.stringify({ t: 'chat', text: `flood ${i}`, at: 0 }));
      });
      await waitForDuet(bob, () => window.duet?.chatNotice === 'dropped', null,
        'the notice that messages were dropped', 15_000);
      await sleep(1500);  // the rest of the flood arrives and is dropped
      const flood = (await chat(bob)).slice(before).filter((m) => m.text.startsWith('flood'));
      // The flood takes seconds to cross SCTP; meanwhile the bucket lets 5 a second through.
      const allowed = 20 + 5 * (Date.now() - started) / 1000;
      assert.ok(flood.length >= 10 && flood.length <= allowed,
        `${flood.length} of 5000 flood messages shown; a burst of 20, then 5 a second allows ` +
        `${Math.floor(allowed)}`);
      // Still responsive: a frame comes at once, and a person's next message gets through.
      const frameMs = await bob.evaluate(() => new Promise((resolve) => {
        const t0 = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }));
      assert.ok(frameMs < 1000, `bob's next frame took ${frameMs} ms`);
      await clickWidget(alice, 'Message');
      await alice.keyboard.type('sorry about that', { delay: 40 });
      await pressKey(alice, 'Enter');
      await waitForMessage(bob, 'alice', 'sorry about that');
      await pressKey(bob, 'c');
      await waitForDuet(bob, () => window.duet?.chatOpen === true, null, 'the panel open');
      await screenshot(bob, 'chat-flood');
      await clickWidget(bob, 'Chat');  // C would be text now: the panel put the keyboard in Message
      await waitForDuet(bob, () => window.duet?.chatOpen === false, null, 'the panel closed');
    });

  step('after hang-up the messages stay on both screens; the next call clears them', async () => {
    const counts = [(await chat(alice)).length, (await chat(bob)).length];
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    for (const [i, page] of [alice, bob].entries()) {
      assert.equal((await chat(page)).length, counts[i], 'the history went with the call');
      assert.equal(await field(page, 'chatAvailable'), false);
      const w = (await page.evaluate(() => Object.keys(window.duet.widgets)));
      assert.ok(!w.includes('Chat') && !w.includes('Message'), `in-call chat widgets left: ${w}`);
      await widgetRect(page, 'Chat history');
    }
    await screenshot(alice, 'chat-after-call');
    await startCall(bob, 'alice');
    await acceptCall(alice, { from: 'bob' });
    await waitForInCall(alice, 'bob');
    await waitForInCall(bob, 'alice');
    for (const page of [alice, bob]) {
      await waitForDuet(page, () => (window.duet?.chat ?? []).length === 0 &&
        window.duet?.unread === 0, null, 'the last call\'s messages cleared');
      await waitForDuet(page, () => window.duet?.chatAvailable === true, null,
        'chat available in the new call', 15_000);
    }
    await clickWidget(bob, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    assertNoPageProblems(alice);
    assertNoPageProblems(bob);
  });

  step('a call with the tutorial page works and shows no Chat button', async () => {
    const ws = `ws://127.0.0.1:${env.server.port}/`;
    const tut = await openPage(await newContext(env.browser),
      `${env.server.origin}/tutorial_client.html?ws=${encodeURIComponent(ws)}`, 'chat-tutorial');
    await tut.waitForFunction(() => window.conn?.readyState === WebSocket.OPEN, null,
      { timeout: 5000 });
    await tut.locator('#usernameInput').fill('tut');
    await tut.locator('#loginBtn').click();
    await tut.waitForFunction(() => window.yourConn?.signalingState === 'stable' &&
      !!document.querySelector('#localVideo').srcObject, null, { timeout: 10_000 });
    await startCall(alice, 'tut');
    await waitForInCall(alice, 'tut');
    await expectVideoDecoding(alice);
    await expectVideoDecoding(tut);
    await sleep(2000);  // time enough for a hello that will never come
    assert.equal(await field(alice, 'chatAvailable'), false);
    const w = await alice.evaluate(() => Object.keys(window.duet.widgets));
    assert.ok(!w.includes('Chat') && !w.includes('Message'), `chat with the tutorial page: ${w}`);
    // C means nothing here. (Whether the panel was left open is kept for the next call.)
    const open = await field(alice, 'chatOpen');
    await pressKey(alice, 'c');
    await sleep(300);
    assert.equal(await field(alice, 'chatOpen'), open, 'C toggled a panel that cannot show');
    assert.ok(!(await alice.evaluate(() => Object.keys(window.duet.widgets))).includes('Message'));
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    assertNoPageProblems(alice);
  });
});
