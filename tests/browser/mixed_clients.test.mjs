// The tutorial's page and Duet's in one call. A tutorial page calling Duet rings (it sends an
// offer with no ring first; Duet shares nothing until Accept). Duet calling a tutorial page,
// which knows no ringing and answers every offer, is accepted by the server on its behalf.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';

import {
  assertNoPageProblems, cameraRequests, clickWidget, duetState, expectCallOver,
  expectVideoDecoding, fixturesDir, newContext, openApp, openPage, peerConnections, signIn,
  startCall, steps, useServerAndBrowser, waitForCallState, waitForInCall, webRoot,
  webRootWithTutorial,
} from './harness.mjs';

let tmpRoot = null;
function mixedRoot() {
  tmpRoot = webRootWithTutorial('duet-mixed-');
  return tmpRoot;
}

describe('a tutorial page and a Duet page call each other', () => {
  const env = useServerAndBrowser('mixed', { root: mixedRoot });
  const step = steps();
  after(() => tmpRoot && fs.rmSync(tmpRoot, { recursive: true, force: true }));
  let tut;
  let duet;

  step('both sign in', async () => {
    const ws = `ws://127.0.0.1:${env.server.port}/`;
    tut = await openPage(await newContext(env.browser),
      `${env.server.origin}/tutorial_client.html?ws=${encodeURIComponent(ws)}`, 'mixed-tutorial');
    await tut.waitForFunction(() => window.conn?.readyState === WebSocket.OPEN, null,
      { timeout: 5000 });
    await tut.locator('#usernameInput').fill('tut');
    await tut.locator('#loginBtn').click();
    await tut.waitForFunction(() => window.yourConn?.signalingState === 'stable' &&
      !!document.querySelector('#localVideo').srcObject, null, { timeout: 10_000 });
    duet = await openApp(await newContext(env.browser), env.server, 'mixed-duet');
    await signIn(duet, 'zed');
  });

  step('the tutorial page calls: Duet rings, shares nothing, and connects on Accept', async () => {
    await tut.locator('#callToUsernameInput').fill('zed');
    await tut.locator('#callBtn').click();
    await waitForCallState(duet, 'ringing_in');
    assert.equal((await duetState(duet)).incoming, 'tut');
    assert.equal((await peerConnections(duet)).length, 0, 'a peer connection before Accept');
    assert.equal(await cameraRequests(duet), 0, 'the camera was opened before Accept');
    await clickWidget(duet, 'Accept');
    await waitForInCall(duet, 'tut');
    await expectVideoDecoding(duet);
    await expectVideoDecoding(tut);
    await clickWidget(duet, 'Hang Up');
    await expectCallOver(duet);
    await tut.waitForFunction(() => !document.querySelector('#remoteVideo').srcObject, null,
      { timeout: 10_000 });
  });

  step('Duet calls the tutorial page: the server accepts for it and the call connects', async () => {
    await startCall(duet, 'tut');
    await waitForInCall(duet, 'tut');
    await expectVideoDecoding(duet);
    await expectVideoDecoding(tut);
    await clickWidget(duet, 'Hang Up');
    await expectCallOver(duet);
    assertNoPageProblems(duet);
  });
});
