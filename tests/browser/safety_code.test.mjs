// The safety code (common/call/safety_code): in a normal call both pages show the same six
// digits, labelled "Safety code", and they are the SHA-256 rule applied to the fingerprints
// the two peer connections really use. Then a tampering proxy between one page and the
// server swaps a digit of that page's fingerprint on the way: the two codes differ, and the
// browser refuses the DTLS handshake, so the call fails (recorded as the outcome).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, duetState, expectLiveCall, newContext,
  openApp, pageProblems, screenshot, signIn, startCall, steps, useServerAndBrowser,
  waitForDuet, widgetRect,
} from './harness.mjs';
import { startTamperProxy } from './tamper_proxy.mjs';

// The fingerprints of one description, canonical as the rule has them (safety_code.hpp).
function fingerprints(sdp) {
  const found = [...sdp.matchAll(/^a=fingerprint:(\S+) (\S+)\s*$/gm)]
    .map((m) => `${m[1].toLowerCase()} ${m[2].toUpperCase()}`);
  return [...new Set(found)].sort();
}

// The rule written again from its description, to check the page's code against.
function expectedCode(localSdp, remoteSdp) {
  const lines = [fingerprints(localSdp).join(','), fingerprints(remoteSdp).join(',')].sort();
  const digest = crypto.createHash('sha256').update(`duet safety code 1\n${lines[0]}\n${lines[1]}`)
    .digest();
  const n = digest.readBigUInt64BE(0) % 1000000n;
  const digits = String(n).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

// The descriptions the page's open peer connection has applied.
async function appliedDescriptions(page) {
  return page.evaluate(() => {
    const pcs = (window[Symbol.for('duet-test.peer-connections')] || []).filter((p) => p.pc.signalingState !== 'closed');
    const pc = pcs.at(-1)?.pc;
    return pc ? { local: pc.currentLocalDescription?.sdp ?? '', remote: pc.currentRemoteDescription?.sdp ?? '' } : null;
  });
}

async function waitForCode(page) {
  await waitForDuet(page, () => /^\d{3} \d{3}$/.test(window.duet?.safetyCode ?? ''), null,
    'a safety code (window.duet.safetyCode "ddd ddd")', 20_000);
  return page.evaluate(() => window.duet.safetyCode);
}

describe('the safety code', () => {
  const env = useServerAndBrowser('safety_code');
  const step = steps();
  let alice;
  let bob;
  let proxy;
  after(async () => { await proxy?.stop(); });

  step('a normal call: the same code on both sides, shown in the call, from the real fingerprints', async () => {
    alice = await openApp(await newContext(env.browser), env.server, 'safety-alice');
    bob = await openApp(await newContext(env.browser), env.server, 'safety-bob');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    const [a, b] = [await waitForCode(alice), await waitForCode(bob)];
    assert.equal(a, b, 'both sides show the same safety code');
    for (const [page, code] of [[alice, a], [bob, b]]) {
      const label = pageProblems(page).label;
      const d = await appliedDescriptions(page);
      assert.ok(d && d.local && d.remote, `${label}: both descriptions applied`);
      assert.equal(code, expectedCode(d.local, d.remote),
        `${label}: the code is the rule applied to the descriptions in use`);
      const shown = await page.evaluate(() => window.duet.widgets['Safety code']);
      assert.ok(shown, `${label}: a "Safety code" on the in-call screen`);
      assert.match(shown.text, new RegExp(`${code}$`), `${label}: it shows the code`);
    }
    // Alice's own fingerprint is the one bob's connection checks: nobody in between.
    const [da, db] = [await appliedDescriptions(alice), await appliedDescriptions(bob)];
    assert.deepEqual(fingerprints(da.local), fingerprints(db.remote));
    // The line fades with the other controls; a move of the mouse brings it back.
    await alice.mouse.move(400, 300);
    await alice.mouse.move(420, 320);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await screenshot(alice, 'safety-code-alice');
    await clickWidget(alice, 'Hang Up');
    await waitForDuet(bob, () => window.duet?.callState !== 'in_call', null, 'the call over on bob');
    assertNoPageProblems(alice);
    await alice.close();
  });

  step('through a proxy that swaps a fingerprint digit: the codes differ and the call fails', async () => {
    proxy = await startTamperProxy(env.server);
    const mallory = await openApp(await newContext(env.browser), proxy, 'safety-alice-proxied');
    await signIn(mallory, 'alice');
    await waitForDuet(bob, () => ['idle', 'ended'].includes(window.duet?.callState), null,
      'bob free again');
    await startCall(mallory, 'bob');
    await acceptCall(bob, { from: 'alice' });
    const [a, b] = [await waitForCode(mallory), await waitForCode(bob)];
    assert.ok(proxy.rewritten.length > 0, 'the proxy rewrote a fingerprint in alice\'s description');
    assert.notEqual(a, b, `the codes differ (alice ${a}, bob ${b})`);
    // Each page's code is still the rule applied to what it was given.
    const db = await appliedDescriptions(bob);
    if (db?.remote) assert.equal(b, expectedCode(db.local, db.remote));
    // What the browser does with a certificate that does not match the fingerprint it was
    // given: the DTLS handshake fails, and with it the call, on both sides.
    await Promise.all([mallory, bob].map((page) => waitForDuet(page,
      () => window.duet?.callState !== 'in_call' && window.duet?.callState !== 'connecting' &&
        window.duet?.callState !== 'ringing_in' && window.duet?.callState !== 'ringing_out',
      null, 'the call failing', 30_000)));
    const outcome = await Promise.all([mallory, bob].map(async (page) => {
      const s = await duetState(page);
      return { page: pageProblems(page).label, callState: s.callState, status: s.status,
        safetyCode: await page.evaluate(() => window.duet.safetyCode) };
    }));
    console.log(`# tampered call outcome: ${JSON.stringify(outcome)}`);
    for (const o of outcome) {
      assert.notEqual(o.callState, 'in_call', `${o.page}: the call did not connect`);
    }
    await screenshot(bob, 'safety-code-tampered-bob');
    await widgetRect(bob, 'Call');
  });
});
