// Where the screen reader's elements are, and what browser zoom does (issue 13). The DOM
// mirror is for touch exploration too, so each of its buttons and fields must lie over the
// ImGui widget it stands for: a finger that finds "Call" by touch is on Call. Browser zoom
// (ctrl +/-) is a change of devicePixelRatio and of the CSS viewport; the UI keeps its size
// in CSS pixels and draws more device pixels, as on a phone at DPR 3. Chromium's own zoom
// keys do not reach a headless page, so the zoom is the same change made over DevTools.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, newContext, openApp, signIn, steps, useServerAndBrowser, waitForDuet,
  widgetRect,
} from './harness.mjs';

// Every mirrored button and field against the widget it names, in CSS pixels.
const mirrorRects = (page) => page.evaluate(() =>
  [...document.querySelectorAll('#duet-mirror button, #duet-mirror input')].map((e) => {
    const r = e.getBoundingClientRect();
    const w = window.duet.widgets[e.dataset.duetId];
    return { id: e.dataset.duetId, mirror: [r.x, r.y, r.width, r.height],
      widget: w ? [w.x, w.y, w.w, w.h] : null };
  }));

function assertOver(rects, screen) {
  assert.ok(rects.length >= 3, `the ${screen} screen's mirror has ${rects.length} elements`);
  for (const { id, mirror, widget } of rects) {
    assert.ok(widget, `the mirror's "${id}" names no widget on the ${screen} screen`);
    mirror.forEach((v, i) => assert.ok(Math.abs(v - widget[i]) <= 1.5,
      `the mirror's "${id}" at ${mirror.join(',')} is not over its widget at ` +
      `${widget.join(',')} (${screen} screen)`));
  }
}

const canvasPixels = (page) => page.evaluate(() => {
  const c = document.querySelector('canvas');
  return { w: c.width, h: c.height, cssW: c.clientWidth, dpr: window.devicePixelRatio };
});

describe('the mirror over the widgets, and browser zoom', () => {
  const env = useServerAndBrowser('placement');
  const s = steps();
  let erin;
  let frank;

  s('each mirrored element lies over its widget, on the login and the call screen', async () => {
    frank = await openApp(await newContext(env.browser), env.server, 'place-frank');
    await signIn(frank, 'frank');
    erin = await openApp(await newContext(env.browser), env.server, 'place-erin');
    await waitForDuet(erin, () => document.querySelectorAll('#duet-mirror button').length > 0,
      null, 'the login screen mirrored');
    assertOver(await mirrorRects(erin), 'login');
    await signIn(erin, 'erin');
    await waitForDuet(erin, () => !!document.querySelector('#duet-mirror [data-duet-id="presence:frank"]'),
      null, 'frank\'s entry mirrored on erin\'s call screen');
    assertOver(await mirrorRects(erin), 'call');
  });

  s('zoom to 150%: the UI keeps its CSS size and draws 1.5 device pixels for each', async () => {
    const before = await widgetRect(erin, 'Call');
    const session = await erin.context().newCDPSession(erin);
    // What ctrl + at 150% does to an 800x600 window: 533x400 CSS pixels at DPR 1.5.
    await session.send('Emulation.setDeviceMetricsOverride',
      { width: 533, height: 400, deviceScaleFactor: 1.5, mobile: false });
    await waitForDuet(erin, () => {
      const c = document.querySelector('canvas');
      return window.devicePixelRatio === 1.5 && c.width === Math.round(c.clientWidth * 1.5);
    }, null, 'the canvas at 1.5 device pixels per CSS pixel', 5000);
    const px = await canvasPixels(erin);
    assert.equal(px.cssW, 533, 'the canvas fills the zoomed viewport');
    const after = await widgetRect(erin, 'Call');
    assert.ok(Math.abs(after.h - before.h) <= 1,
      `Call is ${before.h} CSS px tall at 100% and ${after.h} at 150%: the UI did not follow DPR`);
    assertOver(await mirrorRects(erin), 'zoomed call');
    await session.send('Emulation.clearDeviceMetricsOverride');
    for (const p of [erin, frank]) assertNoPageProblems(p);
  });
});
