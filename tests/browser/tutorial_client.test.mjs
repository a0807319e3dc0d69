// A client written for the tutorial must work unchanged against duet-server: same messages,
// same shapes, the WebSocket at "/" as the tutorial connects. The client here is the plain-JS
// page in fixtures/, served by duet-server from a temporary web root; it needs no wasm bundle.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';

import {
  assertNoPageProblems, fixturesDir, getInboundVideoStats, expectVideoDecoding, newContext,
  openPage, pageProblems, peerConnections, screenshot, sleep, steps, useServerAndBrowser,
} from './harness.mjs';

let tmpRoot = null;
function tutorialRoot() {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-tutorial-'));
  for (const file of ['tutorial_client.html', 'tutorial_client.js']) {
    fs.copyFileSync(path.join(fixturesDir, file), path.join(tmpRoot, file));
  }
  return tmpRoot;
}

describe('a tutorial-style client against duet-server', () => {
  const env = useServerAndBrowser('tutorial', { bundle: false, root: tutorialRoot });
  const step = steps();
  after(() => tmpRoot && fs.rmSync(tmpRoot, { recursive: true, force: true }));

  let context;
  const pages = {};

  async function openTutorial(label) {
    // The tutorial's client connects at the server's root path.
    const ws = `ws://127.0.0.1:${env.server.port}/`;
    const page = await openPage(context,
      `${env.server.origin}/tutorial_client.html?ws=${encodeURIComponent(ws)}`, `tutorial-${label}`);
    await page.waitForFunction(() => window.conn && window.conn.readyState === WebSocket.OPEN,
      null, { timeout: 5000 });
    return page;
  }

  async function login(page, name) {
    await page.locator('#usernameInput').fill(name);
    await page.locator('#loginBtn').click();
  }

  // Signed in, camera on, peer connection built: ready to call or be called.
  async function waitReady(page) {
    await page.locator('#callPage').waitFor({ state: 'visible', timeout: 5000 });
    await page.waitForFunction(() => !!window.yourConn && window.yourConn.signalingState === 'stable'
      && !!document.querySelector('#localVideo').srcObject, null, { timeout: 10_000 });
  }

  async function call(page, name) {
    await page.locator('#callToUsernameInput').fill(name);
    await page.locator('#callBtn').click();
  }

  const remoteVideoState = (page) => page.evaluate(() => {
    const v = document.querySelector('#remoteVideo');
    return { hasStream: !!v.srcObject, width: v.videoWidth, height: v.videoHeight };
  });

  async function expectRemoteVideoPlaying(page) {
    await expectVideoDecoding(page);
    await page.waitForFunction(() => document.querySelector('#remoteVideo').videoWidth > 0, null,
      { timeout: 5000 });
  }

  // After a leave the tutorial's handleLeave closes the connection and drops the remote video.
  async function expectLeft(page) {
    const label = pageProblems(page).label;
    await page.waitForFunction(() => !document.querySelector('#remoteVideo').srcObject, null,
      { timeout: 5000 }).catch(async () => {
      throw new Error(`${label}: no "leave" reached the page: the remote video is still ` +
        `attached (${JSON.stringify(await remoteVideoState(page))})`);
    });
    const pcs = await peerConnections(page);
    const used = pcs.slice(0, -1); // the last one is the fresh connection for the next call
    assert.ok(used.length >= 1, `${label}: expected the call's peer connection to be replaced`);
    for (const pc of used) {
      assert.equal(pc.signalingState, 'closed', `${label}: a finished call's connection is open`);
    }
    const now = await getInboundVideoStats(page);
    assert.equal(now.framesDecoded, 0, `${label}: the fresh connection already receives video`);
  }

  step('two tutorial pages sign in', async () => {
    context = await newContext(env.browser);
    pages.alice = await openTutorial('alice');
    pages.bob = await openTutorial('bob');
    await login(pages.alice, 'alice');
    await login(pages.bob, 'bob');
    await waitReady(pages.alice);
    await waitReady(pages.bob);
    await screenshot(pages.alice, 'tutorial-signed-in');
  });

  step('a taken name gets {type:"login", success:false}: the tutorial alerts', async () => {
    const page = await openTutorial('taken');
    await login(page, 'alice');
    const info = pageProblems(page);
    const deadline = Date.now() + 5000;
    while (info.dialogs.length === 0 && Date.now() < deadline) await sleep(50);
    assert.deepEqual(info.dialogs, ['alert: Ooops...try a different username']);
    assert.ok(await page.locator('#loginPage').isVisible(), 'the login page should stay');
    assert.deepEqual(info.errors, []);
    await page.close();
  });

  step('alice calls bob: both decode remote video', async () => {
    await call(pages.alice, 'bob');
    await expectRemoteVideoPlaying(pages.alice);
    await expectRemoteVideoPlaying(pages.bob);
    await screenshot(pages.alice, 'tutorial-in-call');
  });

  step('alice hangs up: bob gets "leave"', async () => {
    await pages.alice.locator('#hangUpBtn').click();
    await expectLeft(pages.bob);
    await expectLeft(pages.alice);
  });

  step('bob calls alice, then closes his tab: alice gets "leave"', async () => {
    await call(pages.bob, 'alice');
    await expectRemoteVideoPlaying(pages.alice);
    await expectRemoteVideoPlaying(pages.bob);
    assertNoPageProblems(pages.bob);
    await pages.bob.close();
    await expectLeft(pages.alice);
  });

  step('no page errors (every frame from the server parsed as JSON)', async () => {
    assertNoPageProblems(pages.alice);
    await context.close();
  });
});
