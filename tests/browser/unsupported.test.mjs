// The unsupported browser: a page without WebAssembly, WebGL2, RTCPeerConnection or
// getUserMedia, or opened on an insecure origin, shows a plain HTML explanation naming what is
// missing and what to do, and downloads nothing more. Each absence is faked in Chromium by an
// init script that removes the global before the page's own scripts run; the insecure origin
// is real: a host name that is not localhost, over plain http. A browser that prefers Chinese
// (or a person who chose it in the app) reads the message in Chinese.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import {
  closeBrowser, duetState, launchBrowser, openPage, screenshot, steps, useServerAndBrowser,
  waitForDuet,
} from './harness.mjs';

// What each init script removes, and what the message must then say.
const cases = [
  { id: 'webassembly', remove: () => { delete window.WebAssembly; },
    names: /It lacks: WebAssembly\./, todo: /disables WebAssembly/ },
  { id: 'webgl2', remove: () => { delete window.WebGL2RenderingContext; },
    names: /It lacks: WebGL 2\./, todo: /hardware acceleration/ },
  { id: 'webrtc', remove: () => { delete window.RTCPeerConnection; },
    names: /It lacks: WebRTC \(RTCPeerConnection\)\./, todo: /built without video calls/ },
  { id: 'getusermedia', remove: () => { delete Navigator.prototype.mediaDevices; },
    names: /It lacks: camera and microphone access \(getUserMedia\)\./,
    todo: /does not let web pages use the camera/ },
  { id: 'all', remove: () => {
    delete window.WebAssembly;
    delete window.WebGL2RenderingContext;
    delete window.RTCPeerConnection;
    delete Navigator.prototype.mediaDevices;
  },
  names: /It lacks: WebAssembly, WebGL 2, WebRTC \(RTCPeerConnection\), camera and microphone access \(getUserMedia\)\./,
  todo: /hardware acceleration[^]*built without video calls/ },
];

// The loader's message, once shown, and what the page fetched.
async function shownProblem(page) {
  await waitForDuet(page, () => document.getElementById('problem')?.offsetParent != null, null,
    'the loader\'s message');
  return page.evaluate(() => ({
    text: document.getElementById('problem').innerText,
    role: document.getElementById('problem').getAttribute('role'),
    fetched: performance.getEntriesByType('resource').map((r) => r.name),
  }));
}

async function expectPlainMessage(page, { names, todo }, shot) {
  const { text, role, fetched } = await shownProblem(page);
  assert.match(text, names, `the message names what is missing: ${JSON.stringify(text)}`);
  assert.match(text, todo, `the message says what to do: ${JSON.stringify(text)}`);
  assert.equal(role, 'alert', 'the message is announced (role="alert")');
  const bundle = fetched.filter((u) => /duet\.(js|wasm)/.test(u));
  assert.deepEqual(bundle, [], 'the page downloaded the app anyway');
  assert.equal((await duetState(page)).screen, 'loading', 'the app started anyway');
  await screenshot(page, shot);
}

describe('the unsupported browser is told what is missing and what to do', () => {
  const env = useServerAndBrowser('unsupported');
  const host = 'duet-insecure.test';
  let insecure;
  before(async () => {
    // The name resolves to the test's loopback server; to Chromium it is just a remote host.
    insecure = await launchBrowser({ extraArgs: [`--host-resolver-rules=MAP ${host} 127.0.0.1`] });
  });
  after(() => closeBrowser(insecure));
  const step = steps();

  for (const c of cases) {
    step(`without ${c.id}`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 800, height: 600 } });
      await context.addInitScript(c.remove);
      const page = await openPage(context, `${env.server.origin}/`, `unsupported-${c.id}`);
      await expectPlainMessage(page, c, `unsupported-${c.id}`);
      await context.close();
    });
  }

  step('a browser that prefers Chinese is told in Chinese', async () => {
    const context = await env.browser.newContext({ viewport: { width: 800, height: 600 },
      locale: 'zh-CN' });
    await context.addInitScript(() => { delete window.RTCPeerConnection; });
    const page = await openPage(context, `${env.server.origin}/`, 'unsupported-zh');
    await expectPlainMessage(page, { names: /此浏览器无法运行 Duet。缺少：WebRTC（RTCPeerConnection）。/,
      todo: /此浏览器构建时未包含视频通话/ }, 'unsupported-zh');
    const { lang, heading } = await page.evaluate(() => ({ lang: document.documentElement.lang,
      heading: document.querySelector('#shell h1').textContent }));
    assert.equal(lang, 'zh-CN', 'the page\'s lang attribute follows the language shown');
    assert.equal(heading, 'WebRTC 视频通话');
    await context.close();
  });

  step('Chinese chosen in the app before is remembered by the loader too', async () => {
    const context = await env.browser.newContext({ viewport: { width: 800, height: 600 },
      locale: 'en-US' });
    await context.addInitScript(() => {
      localStorage.setItem('duet.lang', 'zh-CN');
      delete window.WebGL2RenderingContext;
    });
    const page = await openPage(context, `${env.server.origin}/`, 'unsupported-zh-remembered');
    await expectPlainMessage(page, { names: /缺少：WebGL 2。/, todo: /硬件加速/ },
      'unsupported-zh-remembered');
    await context.close();
  });

  step('an insecure origin (http, not localhost) is told to use https', async () => {
    const context = await insecure.newContext({ viewport: { width: 800, height: 600 } });
    const page = await openPage(context, `http://${host}:${env.server.port}/`, 'unsupported-insecure');
    assert.equal(await page.evaluate(() => window.isSecureContext), false,
      'the test page is not an insecure context');
    await expectPlainMessage(page, { names: /opened over plain http from another computer/,
      todo: /https:\/\/ address[^]*http:\/\/localhost/ }, 'unsupported-insecure');
    await context.close();
  });
});
