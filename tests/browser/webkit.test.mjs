// WebKit (the engine of Safari), as Debian builds it: WebKitGTK's MiniBrowser has WebAssembly,
// WebGL2 and a (mock) camera, but no WebRTC: RTCPeerConnection is undefined. So this proves
// two things (webkit.mjs drives it over W3C WebDriver):
// - the page says plainly that WebRTC is missing, and does not start;
// - with the loader's check passed by the test alone (`?test-allow-missing=webrtc`), the app
//   itself starts, draws, signs in and rings, and a call in either direction with Chromium
//   fails with a clear reason on both sides: never "Connection lost".
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, duetState, expectCallOver, newContext, openApp, screenshot, signIn, startCall,
  sleep, steps, useServerAndBrowser, waitForCallState, waitForDuet, waitForScreen,
  waitForStatus,
} from './harness.mjs';
import { isFlat } from './png.mjs';
import { openWebKitPage, useWebKit } from './webkit.mjs';

const shellProblem = (page) => page.evaluate(() => {
  const p = document.getElementById('problem');
  return p && p.offsetParent !== null ? p.innerText : '';
});

describe('WebKit without WebRTC', () => {
  const env = useServerAndBrowser('webkit');
  const webkit = useWebKit();
  const step = steps();
  let safari;  // "safari", in WebKit
  let chrome;  // "alice", in Chromium

  // Each side says why, in its own words; both are back on the call screen with no call.
  async function expectFailedBothSides() {
    await waitForStatus(safari, /^Call with alice failed: .*RTCPeerConnection/,
      'WebKit told the call failed for want of RTCPeerConnection');
    await waitForStatus(chrome, /^Could not connect to safari$/,
      'alice told "Could not connect to safari"');
    await Promise.all([expectCallOver(safari), expectCallOver(chrome)]);
  }

  step('the page names what is missing: WebRTC (RTCPeerConnection)', async () => {
    safari = await openWebKitPage(webkit.session, `${env.server.origin}/`, 'webkit-plain');
    await waitForDuet(safari, () => document.getElementById('problem')?.innerText.length > 0,
      null, 'the loader\'s message');
    const text = await shellProblem(safari);
    assert.match(text, /cannot run Duet\. It lacks: WebRTC \(RTCPeerConnection\)\./,
      `the message names WebRTC and nothing else: ${JSON.stringify(text)}`);
    assert.match(text, /built without video calls/, 'the message says why');
    assert.match(text, /Chrome, Edge, Firefox or Safari/, 'the message says what to do');
    assert.equal((await duetState(safari)).screen, 'loading', 'the app started regardless');
    // On screen too, once WebKit has painted it: the window is not one flat colour.
    let shot;
    for (const until = Date.now() + 5000; Date.now() < until; await sleep(250)) {
      shot = await screenshot(safari, 'webkit-no-webrtc');
      if (!isFlat(shot.img, { x: 0, y: 0, w: shot.img.width, h: shot.img.height })) break;
    }
    assert.ok(!isFlat(shot.img, { x: 0, y: 0, w: shot.img.width, h: shot.img.height }),
      'the message is not drawn: the WebKit window is one flat colour');
  }, 60_000);

  step('past the check (tests only), the app starts, draws and signs in', async () => {
    safari = await openWebKitPage(webkit.session,
      `${env.server.origin}/?test-allow-missing=webrtc`, 'webkit-app');
    await waitForScreen(safari, 'login', 30_000);
    chrome = await openApp(await newContext(env.browser), env.server, 'webkit-alice');
    await signIn(safari, 'safari');
    await signIn(chrome, 'alice');
    const s = await duetState(safari);
    assert.ok(s.framesRendered > 0, 'WebKit drew no frame');
    await screenshot(safari, 'webkit-call-screen');
  }, 60_000);

  step('Chromium calls WebKit: it rings; Accept fails with a clear reason on both sides', async () => {
    await startCall(chrome, 'safari');
    await waitForCallState(safari, 'ringing_in');
    const ringing = await duetState(safari);
    assert.equal(ringing.incoming, 'alice', 'WebKit\'s ringing screen names the caller');
    assert.equal(ringing.ring?.ringing, true, 'the ring sounds in WebKit');
    await acceptCall(safari, { from: 'alice' });
    await expectFailedBothSides();
  });

  step('WebKit calls Chromium: the same clear reasons, no "Connection lost"', async () => {
    await startCall(safari, 'alice');
    await acceptCall(chrome, { from: 'safari' });
    await expectFailedBothSides();
    await screenshot(safari, 'webkit-call-failed');
  });
});
