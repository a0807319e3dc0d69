// Presence at scale (issue 14): a server started with --presence-window 3 sends each page only
// a window of who is online (the first three names that match its search), so a login costs
// the server the window, not everyone online. The page then shows a Search field over the
// list, "Online" rather than a count it does not know, and a line saying more people are
// online; typing a name finds someone outside the window, who can then be called; Esc in the
// field empties it (the call being set up goes on) and brings the first window back. A server
// without the option still lists everyone (its default window, if it has one, is larger than
// this crowd); a server before windows shows no field and is never sent a search.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import { WebSocket } from 'ws';

import {
  assertNoPageProblems, clickWidget, duetState, newContext, openApp, pressKey, screenshot, signIn,
  sleep, steps, typeInto, useServerAndBrowser, waitForCallState, waitForDuet, waitForScreen,
  watchPage,
} from './harness.mjs';

// A user signed in over a plain WebSocket (no page): present in the server's list, nothing
// more. Closed by the test when done.
function plainUser(server, name) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.wsUrl, { origin: server.origin });
    const timer = setTimeout(() => reject(new Error(`${name}: no login reply within 5 s`)), 5000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'login', name,
      features: ['ring', 'presence'] })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'login') return;
      clearTimeout(timer);
      if (m.success) resolve(ws);
      else reject(new Error(`${name}: login refused: ${data}`));
    });
    ws.on('error', (e) => reject(new Error(`${name}: socket failed: ${e.message}`)));
  });
}

// Opens the app (as openApp does) watching the `search` messages it sends on its WebSocket,
// which it opens as it starts: the watch is set before the page loads.
async function openWatchedApp(context, server, label) {
  const page = await context.newPage();
  watchPage(page, label);
  const searches = [];
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => {
    const text = String(payload);
    if (text.includes('"search"')) searches.push(JSON.parse(text));
  }));
  await page.goto(`${server.origin}/`);
  await waitForScreen(page, 'login', 30_000);
  return { page, searches };
}

const shownNames = (page) =>
  page.evaluate(() => window.duet.presence.users.map((u) => u.name));

const waitForList = (page, names, what) => waitForDuet(page,
  (want) => JSON.stringify(window.duet?.presence?.users?.map((u) => u.name)) ===
    JSON.stringify(want), names, `${what}: the list ${JSON.stringify(names)}`);

describe('presence window: the page lists a window and searches the rest', () => {
  const env = useServerAndBrowser('presence_search', { args: ['--presence-window', '3'] });
  const step = steps();
  const plain = [];
  let ann;
  let zed;
  let searches;

  step('five online: the page lists the window, says more are online, and no count', async () => {
    ({ page: ann, searches } = await openWatchedApp(await newContext(env.browser), env.server,
      'window-ann'));
    zed = await openApp(await newContext(env.browser), env.server, 'window-zed');
    await signIn(zed, 'zed');
    for (const name of ['bea', 'cal', 'dan']) plain.push(await plainUser(env.server, name));
    await signIn(ann, 'ann');
    // In byte order ann, bea, cal, dan, zed: ann's window is ann, bea, cal, and ann is never
    // listed to herself.
    await waitForList(ann, ['bea', 'cal'], 'the first window');
    const s = await duetState(ann);
    assert.equal(s.presence.window, 3, 'the login reply gave the window');
    assert.equal(s.presence.more, true, 'dan and zed match but are not in the window');
    assert.equal(s.presence.prefix, '', 'the first window answers the empty search');
    assert.ok(s.presence.users.length <= 3, 'at most the window is listed');
    assert.ok(s.widgets.Search, `no Search field; widgets: ${Object.keys(s.widgets)}`);
    assert.equal(s.widgets.Search.kind, 'field');
    assert.ok(s.widgets['More online'], 'the line saying more people are online is not shown');
    const cal = s.widgets['presence:cal'];
    assert.ok(s.widgets['More online'].y >= cal.y + cal.h, 'the line is under the list');
    // The field is a named text field for a screen reader, through the DOM mirror.
    const mirrored = await ann.evaluate(() => {
      const el = document.querySelector('#duet-mirror [data-duet-id="Search"]');
      return el ? { tag: el.tagName, name: el.getAttribute('aria-label') || el.placeholder } : null;
    });
    assert.equal(mirrored?.tag, 'INPUT', 'the Search field is mirrored as an <input>');
    assert.match(mirrored.name, /Search people/);
    assert.deepEqual(searches, [], 'nothing was searched before the person typed');
    await screenshot(ann, 'presence-window');
  });

  step('typing a prefix finds zed outside the window; a tap on zed rings zed', async () => {
    await typeInto(ann, 'Search', 'ze');
    await waitForList(ann, ['zed'], 'the search "ze"');
    const s = await duetState(ann);
    assert.equal(s.presence.prefix, 'ze');
    assert.equal(s.presence.more, false, 'zed is the only match');
    assert.ok(!s.widgets['More online'], 'the line goes with more');
    assert.ok(searches.length >= 1, 'no search was sent');
    assert.equal(searches.at(-1).prefix, 'ze', 'the last search sent is what was typed');
    // Debounced: two keys 40 ms apart are one search unless the machine stalls between them.
    assert.ok(searches.length <= 2, `one search per key or more: ${JSON.stringify(searches)}`);
    await clickWidget(ann, 'presence:zed');
    await waitForCallState(ann, 'ringing_out');
    await waitForCallState(zed, 'ringing_in');
    assert.equal((await duetState(zed)).incoming, 'ann');
  });

  step('Esc in the field empties it, the first window is back, the ring goes on', async () => {
    await clickWidget(ann, 'Search');
    await sleep(150);
    await pressKey(ann, 'Escape');
    await waitForList(ann, ['bea', 'cal'], 'the field emptied by Esc');
    const s = await duetState(ann);
    assert.equal(s.presence.prefix, '');
    assert.equal(s.presence.more, true);
    assert.equal(s.callState, 'ringing_out', 'Esc in the search field cancelled the call');
    assert.equal(searches.at(-1).prefix, '', 'the empty search was sent');
    await clickWidget(ann, 'Cancel');
    await waitForCallState(ann, ['ended', 'idle']);
    await waitForCallState(zed, ['ended', 'idle']);
  });

  step('typing and clearing with Backspace goes back to the first window too', async () => {
    await typeInto(ann, 'Search', 'da');
    await pressKey(ann, 'Enter');
    await waitForList(ann, ['dan'], 'the search "da"');
    await typeInto(ann, 'Search', '', { clear: true });
    await waitForList(ann, ['bea', 'cal'], 'the field cleared');
    assert.equal((await duetState(ann)).presence.more, true);
  });

  step('the window follows who comes and goes', async () => {
    // bea leaves: dan enters ann's window (ann, cal, dan).
    plain.shift().close();
    await waitForList(ann, ['cal', 'dan'], 'bea gone');
    assert.equal((await duetState(ann)).presence.more, true, 'zed is still outside');
    for (const ws of plain) ws.close();
    plain.length = 0;
    await waitForList(ann, ['zed'], 'cal and dan gone');
    await waitForDuet(ann, () => window.duet.presence.more === false, null, 'more turns false');
    assertNoPageProblems(ann);
    assertNoPageProblems(zed);
  });
});

describe('presence without --presence-window: everyone is listed', () => {
  const env = useServerAndBrowser('presence_no_window');
  const step = steps();

  step('five online on a server started without the option', async () => {
    const { page: ann, searches } = await openWatchedApp(await newContext(env.browser),
      env.server, 'plain-ann');
    const plain = [];
    for (const name of ['bea', 'cal', 'dan', 'zed']) plain.push(await plainUser(env.server, name));
    await signIn(ann, 'ann');
    await waitForList(ann, ['bea', 'cal', 'dan', 'zed'], 'everyone');
    const s = await duetState(ann);
    assert.equal(s.presence.more, false, 'everyone is listed');
    assert.ok(!s.widgets['More online']);
    if (s.presence.window === 0) {
      // A server before windows: no field, and it is never sent a search it would refuse.
      assert.ok(!s.widgets.Search, 'a Search field for a server that knows no search');
      await sleep(500);
      assert.deepEqual(searches, [], 'a search was sent to a server without windows');
    } else {
      // A server whose window is on by default, larger than the crowd.
      assert.ok(s.presence.window >= 5, `window ${s.presence.window} smaller than five online`);
      assert.ok(s.widgets.Search, 'no Search field with a window');
    }
    for (const ws of plain) ws.close();
    assertNoPageProblems(ann);
  });
});
