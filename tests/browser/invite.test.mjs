// Invite links (common/call/invite_link, ui/invite_panel): alice presses Invite and gets her
// link, Copy link puts it on the clipboard, and the QR code drawn beside it decodes, from a
// screenshot, to the same link. A second page opened on that link says "alice invites you to
// a call", and signing in there rings alice. An invite from someone who is not online says so.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import jsQR from 'jsqr';

import {
  assertNoPageProblems, clickWidget, duetState, newContext, openPage, screenshot, signIn, steps,
  useServerAndBrowser, waitForDuet, waitForScreen, waitForStatus, widgetRect,
} from './harness.mjs';
import { decodePng } from './png.mjs';

// The QR code's square, cut out of a screenshot of the page, read by jsQR.
async function decodeQr(page, name) {
  const rect = await widgetRect(page, 'Invite code');
  const shot = await screenshot(page, name);
  const { img, scale } = shot;
  const x0 = Math.floor(rect.x * scale);
  const y0 = Math.floor(rect.y * scale);
  const w = Math.ceil(rect.w * scale);
  const h = Math.ceil(rect.h * scale);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * img.width + x0) * 4;
    data.set(img.data.subarray(from, from + w * 4), y * w * 4);
  }
  return jsQR(data, w, h)?.data ?? null;
}

async function openInvite(env, url, label) {
  const page = await openPage(await newContext(env.browser), url, label);
  await waitForScreen(page, 'login', 30_000);
  return page;
}

describe('invite links', () => {
  const env = useServerAndBrowser('invite');
  const step = steps();
  let alice;
  let link;

  step('Invite shows the link, Copy link copies it, and its QR code decodes to it', async () => {
    const context = await newContext(env.browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'],
      { origin: env.server.origin });
    alice = await openPage(context, `${env.server.origin}/`, 'invite-alice');
    await waitForScreen(alice, 'login', 30_000);
    await signIn(alice, 'alice');
    link = await alice.evaluate(() => window.duet.invite);
    assert.equal(link, `${env.server.origin}/#call=alice`, 'window.duet.invite');
    await clickWidget(alice, 'Invite');
    await widgetRect(alice, 'Copy link');
    await clickWidget(alice, 'Copy link');
    await waitForDuet(alice, () => navigator.clipboard.readText().then((t) => t.length > 0),
      null, 'text on the clipboard');
    assert.equal(await alice.evaluate(() => navigator.clipboard.readText()), link,
      'Copy link put the link on the clipboard');
    assert.equal(await decodeQr(alice, 'invite-qr'), link, 'the QR code decodes to the link');
  });

  step('an invite opened in a second page: the login says so, and signing in rings alice', async () => {
    const bob = await openInvite(env, link, 'invite-bob');
    await waitForDuet(bob, () => window.duet?.invitedBy === 'alice', null,
      'window.duet.invitedBy "alice"');
    const line = await bob.evaluate(() => window.duet.widgets.Invitation?.text);
    assert.equal(line, 'alice invites you to a call');
    await screenshot(bob, 'invite-login');
    await signIn(bob, 'bob');
    await waitForDuet(alice, () => window.duet?.callState === 'ringing_in' &&
      window.duet?.incoming === 'bob', null, 'alice rung by bob', 15_000);
    const b = await duetState(bob);
    assert.equal(b.callState, 'ringing_out');
    assert.equal(b.peer, 'alice');
    assert.equal(await bob.evaluate(() => location.hash), '', 'the invite is taken off the address');
    await clickWidget(alice, 'Decline');
    await waitForDuet(bob, () => window.duet?.callState !== 'ringing_out', null, 'the ring over');
    assertNoPageProblems(bob);
    await bob.close();
  });

  step('an invite from someone not online says so after sign-in', async () => {
    const carol = await openInvite(env, `${env.server.origin}/#call=${encodeURIComponent('张伟')}`,
      'invite-carol');
    await waitForDuet(carol, () => window.duet?.invitedBy === '张伟', null,
      'window.duet.invitedBy "张伟"');
    await signIn(carol, 'carol');
    await waitForStatus(carol, /张伟 is not online/, 'the status "张伟 is not online"');
    assert.equal((await duetState(carol)).callState !== 'ringing_out', true);
    await screenshot(carol, 'invite-offline');
    assertNoPageProblems(carol);
    assertNoPageProblems(alice);
  });
});
