// Glyphs the atlas did not have: an emoji past the Basic Multilingual Plane (U+1F600) in a
// name is typed (its UTF-16 surrogate pair arriving as one character), signed in with and
// shown on the other side's online list as itself, in colour, never as U+FFFD or bytes; and
// 50 new CJK characters arriving at once are added into the atlas's spare room (the
// performance measure "duet-glyphs-added"), not by rebuilding it ("duet-atlas-rebuilt"),
// without a long frame; then 150 more, which the spare room cannot hold, rebuild the whole
// atlas, and the emoji is still drawn in colour from the rebuilt one.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  activate, assertNoPageProblems, duetState, metric, newContext, openApp, screenshot, signIn,
  sleep, steps, useServerAndBrowser, waitForDuet,
} from './harness.mjs';

const emojiName = 'ann\u{1F600}';  // "ann😀": four UTF-16 units, eight UTF-8 bytes

// Types `text` as an input method commits it (Input.insertText: the whole string at once,
// surrogate pairs included).
async function insertText(page, text) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.insertText', { text });
  await cdp.detach();
}

// Pixels of an emoji's yellow (strong red and green, little blue) inside `r` (CSS pixels).
function yellowPixels(img, r, scale) {
  let n = 0;
  for (let y = Math.floor(r.y * scale); y < Math.ceil((r.y + r.h) * scale); y++) {
    for (let x = Math.floor(r.x * scale); x < Math.ceil((r.x + r.w) * scale); x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i] > 200 && img.data[i + 1] > 140 && img.data[i + 2] < 90) n += 1;
    }
  }
  return n;
}

// Inserts `text` and watches the frames for `ms`: the longest gap between animation frames,
// and the atlas measures the app made meanwhile.
async function timeGlyphs(page, text, ms = 1500) {
  await page.evaluate(() => {
    performance.clearMeasures();
    window.duetFrameGaps = [];
    let last = performance.now();
    const tick = (t) => {
      window.duetFrameGaps.push(t - last);
      last = t;
      if (window.duetFrameGaps.length < 400) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await sleep(100);
  await insertText(page, text);
  await sleep(ms);
  return page.evaluate(() => {
    const pick = (n) => performance.getEntriesByName(n).map((e) => e.duration);
    return { added: pick('duet-glyphs-added'), rebuilt: pick('duet-atlas-rebuilt'),
      longestFrameGap: Math.max(...window.duetFrameGaps.slice(1)) };
  });
}

describe('glyphs: astral emoji and new CJK characters', () => {
  const env = useServerAndBrowser('glyphs');
  const step = steps();
  let watcher;
  let emoji;
  let yellowBefore;

  step('a name with an astral emoji signs in and is seen by the other side as itself', async () => {
    watcher = await openApp(await newContext(env.browser), env.server, 'glyphs-watcher');
    await signIn(watcher, 'watcher');
    emoji = await openApp(await newContext(env.browser), env.server, 'glyphs-emoji');
    await activate(emoji, 'Login');
    await sleep(100);
    await insertText(emoji, emojiName);
    await sleep(100);
    await activate(emoji, 'Sign in');
    await waitForDuet(emoji, () => window.duet?.screen === 'call', null, 'signed in');
    assert.equal((await duetState(emoji)).name, emojiName, 'the name signed in with');
    await waitForDuet(watcher, (n) => window.duet?.presence?.users?.some((u) => u.name === n),
      emojiName, 'the emoji name on the watcher\'s online list');
    const s = await duetState(watcher);
    const row = s.widgets[`presence:${emojiName}`];
    assert.ok(row, `no online-list row for ${emojiName}: ${Object.keys(s.widgets)}`);
    assert.ok(!JSON.stringify(s).includes('\uFFFD'), 'a U+FFFD somewhere in the watcher\'s state');
    // In colour (tools/setup.sh installs a colour emoji font): the grinning face's yellow in
    // the row, which the theme's own colours (greys, blue, green, red) never are.
    const { img, scale } = await screenshot(watcher, 'glyphs-emoji-online');
    const yellow = yellowPixels(img, row, scale);
    yellowBefore = yellow;
    assert.ok(yellow >= 20, `the emoji in the online list is not drawn in colour: ${yellow} ` +
      `yellow pixels in its row ${JSON.stringify(row)} (tests/browser/artifacts/glyphs-emoji-online.png)`);
    await screenshot(emoji, 'glyphs-emoji-signed-in');
  });

  step('50 new CJK characters are added to the atlas, not rebuilt into it', async () => {
    await activate(watcher, 'username to call');
    await sleep(100);
    const cjk = Array.from({ length: 50 }, (_, i) => String.fromCodePoint(0x5C71 + 3 * i)).join('');
    const t = await timeGlyphs(watcher, cjk);
    metric('glyphs_added_50_cjk', t.added.reduce((a, b) => a + b, 0), { test: 'glyphs' });
    metric('glyphs_longest_frame_gap', t.longestFrameGap, { test: 'glyphs' });
    console.log(`# 50 CJK glyphs: added ${JSON.stringify(t.added.map((d) => d.toFixed(1)))} ms, ` +
      `rebuilt ${JSON.stringify(t.rebuilt.map((d) => d.toFixed(1)))} ms, longest frame gap ` +
      `${t.longestFrameGap.toFixed(1)} ms`);
    await screenshot(watcher, 'glyphs-cjk');
    assert.ok(t.added.length >= 1, 'the new glyphs were not added in place');
    assert.equal(t.rebuilt.length, 0, 'the atlas was rebuilt for 50 glyphs');
    assertNoPageProblems(watcher);
    assertNoPageProblems(emoji);
  });

  step('150 more new glyphs fill the spare room: the atlas is rebuilt, the emoji still in colour',
    async () => {
      // Past the spare room (font_atlas::spare_glyphs, 96 square cells): the add gives up and
      // the whole atlas is built again, the emoji among its glyphs (build_from_browser).
      await activate(watcher, 'username to call');
      await sleep(100);
      const more = Array.from({ length: 150 }, (_, i) => String.fromCodePoint(0x6C34 + i)).join('');
      const t = await timeGlyphs(watcher, more);
      console.log(`# 150 more glyphs: added ${JSON.stringify(t.added.map((d) => d.toFixed(1)))} ` +
        `ms, rebuilt ${JSON.stringify(t.rebuilt.map((d) => d.toFixed(1)))} ms, longest frame ` +
        `gap ${t.longestFrameGap.toFixed(1)} ms`);
      assert.ok(t.rebuilt.length >= 1, 'the atlas was not rebuilt: the step does not reach the ' +
        'full build');
      const s = await duetState(watcher);
      const row = s.widgets[`presence:${emojiName}`];
      assert.ok(row, `no online-list row for ${emojiName} after the rebuild`);
      const { img, scale } = await screenshot(watcher, 'glyphs-emoji-rebuilt');
      const yellow = yellowPixels(img, row, scale);
      console.log(`# the emoji's yellow pixels: ${yellowBefore} added in place, ${yellow} rebuilt`);
      assert.ok(yellow >= 20, `the emoji is not drawn in colour after the rebuild: ${yellow} ` +
        `yellow pixels in its row ${JSON.stringify(row)} (${yellowBefore} before; ` +
        'tests/browser/artifacts/glyphs-emoji-rebuilt.png)');
      assertNoPageProblems(watcher);
    });
});
