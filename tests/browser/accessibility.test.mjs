// The canvas as a screen reader and the keyboard find it: on every screen each button and
// field in Chromium's accessibility tree has a name, the status is a live `status` node with
// the status line's text, the online list is a named list of buttons; an incoming call is
// announced in a live region; a whole call is made with the mirror's elements only (as a
// screen reader activates them), and another with the keyboard only.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  assertNoPageProblems, axNodes, newContext, openApp, pressKey, screenshot, sleep, steps,
  useServerAndBrowser, waitForDuet, waitForScreen, waitForInCall,
} from './harness.mjs';


// The whole tree as a screen reader gets it: each node's role and name, and the nodes under
// one (walking through the ones Chromium ignores, which still hold what they contain).
async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const role = (n) => n.role?.value ?? '';
  const name = (n) => n.name?.value ?? '';
  const below = (n) => {
    const out = [];
    const walk = (id) => {
      const c = byId.get(id);
      if (!c) return;
      if (!c.ignored) out.push(c);
      (c.childIds ?? []).forEach(walk);
    };
    (n.childIds ?? []).forEach(walk);
    return out;
  };
  const text = (n) => below(n).filter((c) => role(c) === 'StaticText').map(name).join('');
  const live = (n) => n.properties?.find((p) => p.name === 'live')?.value?.value ?? '';
  return { nodes: nodes.filter((n) => !n.ignored), role, name, below, text, live };
}

// What is wrong with the screen for a screen reader, or '' when nothing: a button or field
// without a name, no live status node, or one that does not carry the status line.
async function unnamedOrSilent(page, status) {
  const t = await axTree(page);
  const bad = t.nodes.filter((n) => ['button', 'textbox'].includes(t.role(n)) && !t.name(n).trim());
  if (bad.length) {
    return `unnamed: ${JSON.stringify(bad.map((n) => `${t.role(n)} (${n.backendDOMNodeId})`))}`;
  }
  const live = t.nodes.filter((n) => t.role(n) === 'status');
  if (live.length !== 1) return `${live.length} status nodes`;
  if (t.live(live[0]) !== 'polite') return `the status node is live "${t.live(live[0])}"`;
  const said = t.text(live[0]) || t.name(live[0]);
  if (said !== status) return `the status node says "${said}", not "${status}"`;
  return '';
}

// The `wanted` [role, name] pairs are in the tree, every button and field has a name, and
// the status node says the status line (window.duet's status, the error on the login screen).
async function expectNamed(page, wanted, what) {
  let problem = '';
  let nodes = [];
  for (let i = 0; i < 40; ++i) {  // the mirror follows the next drawn frame, the tree the DOM
    nodes = await axNodes(page);
    const missing = wanted.filter(([role, name]) =>
      !nodes.some((n) => n.role === role && n.name === name));
    if (missing.length) {
      problem = `no ${missing.map(([r, n]) => `${r} named "${n}"`).join(', ')} in the ` +
        `accessibility tree; it has ${JSON.stringify(nodes.filter((n) => n.name)
          .map((n) => `${n.role}:${n.name}`))}`;
    } else {
      const status = await page.evaluate(() =>
        (window.duet?.screen === 'login' ? window.duet?.error : window.duet?.status) ?? '');
      problem = await unnamedOrSilent(page, status);
    }
    if (!problem) break;
    await sleep(100);
  }
  assert.equal(problem, '', `${what}: ${problem}`);
  return nodes;
}

// The online list: one list named "Online", an item per name in window.duet's presence, in
// its order, each holding one button named after the person.
async function expectOnlineList(page, what) {
  const users = await page.evaluate(() => window.duet.presence.users.map((u) => u.name));
  assert.ok(users.length > 0, `${what}: no one online to list`);
  const t = await axTree(page);
  const lists = t.nodes.filter((n) => t.role(n) === 'list' && t.name(n) === 'Online');
  assert.equal(lists.length, 1, `${what}: ${lists.length} lists named "Online"`);
  const items = t.below(lists[0]).filter((n) => t.role(n) === 'listitem');
  const named = items.map((li) =>
    t.below(li).filter((n) => t.role(n) === 'button').map(t.name));
  assert.deepEqual(named, users.map((u) => [u]),
    `${what}: the list's items and their buttons against window.duet.presence`);
}

// The text of the app's live region (role "status" or "alert").
function liveText(page, role) {
  return page.evaluate((r) => document.getElementById(`duet-${r}`)?.textContent ?? '', role);
}

// A screen reader's activation of a mirrored element: a click event on the element itself,
// not on the canvas under it.
async function activateMirrored(page, role, name) {
  const target = page.getByRole(role, { name, exact: true });
  await target.waitFor({ state: 'attached', timeout: 10_000 });
  if (role === 'textbox') await target.evaluate((e) => e.focus());
  else await target.evaluate((e) => e.click());
  await sleep(80);
}

async function typeText(page, text) {
  await page.keyboard.type(text, { delay: 20 });
}

// Tab until the keyboard is on `id` (window.duet.focus), at most `max` presses.
async function tabTo(page, id, max = 12) {
  for (let i = 0; i < max; ++i) {
    if (await page.evaluate((w) => window.duet?.focus === w, id)) return;
    await pressKey(page, 'Tab');
    await sleep(60);
  }
  await waitForDuet(page, (w) => window.duet?.focus === w, id, `the keyboard on "${id}"`, 1000);
}

describe('accessibility: the screen reader\'s and the keyboard\'s way through a call', () => {
  const env = useServerAndBrowser('accessibility');
  const step = steps();
  let alice;
  let bob;

  step('the login screen: heading, a named field, named buttons', async () => {
    alice = await openApp(await newContext(env.browser), env.server, 'a11y-alice');
    await expectNamed(alice, [['heading', 'WebRTC Video Demo'], ['textbox', 'Login'],
      ['button', 'Sign in'], ['button', '中文']], 'the login screen');
  });

  step('signing in with the mirror\'s elements only', async () => {
    await activateMirrored(alice, 'textbox', 'Login');
    await waitForDuet(alice, () => document.activeElement?.id === 'duet-text-input', null,
      'the app\'s text input focused by the mirrored field');
    const label = await alice.evaluate(() => document.activeElement.getAttribute('aria-label'));
    assert.equal(label, 'Login', 'the text input is named after the field it types into');
    await typeText(alice, 'alice');
    await activateMirrored(alice, 'button', 'Sign in');
    await waitForScreen(alice, 'call');
    assert.equal(await liveText(alice, 'status'), 'Signed in as alice');
    await expectNamed(alice, [['heading', 'Signed in as alice'], ['textbox', 'username to call'],
      ['button', 'Call']], 'the call screen');
    const hangUp = await alice.evaluate(() =>
      document.querySelector('[data-duet-id="Hang Up"]')?.getAttribute('aria-disabled'));
    assert.equal(hangUp, 'true', 'Hang Up, dimmed with no call, is marked disabled');
  });

  step('a call rung, announced, accepted and hung up with the mirror only', async () => {
    bob = await openApp(await newContext(env.browser), env.server, 'a11y-bob');
    await activateMirrored(bob, 'textbox', 'Login');
    await typeText(bob, 'bob');
    await activateMirrored(bob, 'button', 'Sign in');
    await waitForScreen(bob, 'call');
    await waitForDuet(alice, () => window.duet?.presence?.users?.some((u) => u.name === 'bob'),
      null, 'bob in alice\'s online list');
    await expectOnlineList(alice, 'alice\'s call screen');
    await expectOnlineList(bob, 'bob\'s call screen');
    // Bob calls her from the online list, as a screen reader presses its entry.
    await bob.getByRole('list', { name: 'Online' }).getByRole('listitem')
      .getByRole('button', { name: 'alice', exact: true }).evaluate((e) => e.click());
    await waitForDuet(alice, () => window.duet?.callState === 'ringing_in', null, 'the ring');
    await waitForDuet(alice,
      () => document.getElementById('duet-alert')?.textContent ===
        'bob is calling: Accept or Decline',
      null, 'the ring announced in the alert region');
    await expectNamed(alice, [['button', 'Accept'], ['button', 'Decline'],
      ['button', 'Mute ring']], 'the ringing screen');
    await expectNamed(bob, [['button', 'Cancel']], 'the caller\'s screen');
    await activateMirrored(alice, 'button', 'Accept');
    await waitForInCall(alice, 'bob');
    await waitForInCall(bob, 'alice');
    await expectNamed(alice, [['button', 'Mute microphone (M)'],
      ['button', 'Turn camera off (V)'], ['button', 'Hang up (Esc)']], 'the call');
    await expectNamed(bob, [['button', 'Hang up (Esc)']], 'the call, the other side');
    await activateMirrored(alice, 'button', 'Mute microphone (M)');
    await waitForDuet(alice, () => window.duet?.mic === false, null, 'the microphone off');
    await activateMirrored(alice, 'button', 'Hang up (Esc)');
    await waitForDuet(bob, () => ['ended', 'idle'].includes(window.duet?.callState), null,
      'the call over on the other side');
    await waitForDuet(alice, () => ['ended', 'idle'].includes(window.duet?.callState), null,
      'the call over');
  });

  step('a call with the keyboard only: Tab, typing, Enter and Esc', async () => {
    // Carol's system asks for reduced motion: her controls go without a fade.
    const carol = await openApp(await newContext(env.browser,
      { viewport: { width: 800, height: 600 }, reducedMotion: 'reduce' }), env.server,
    'a11y-carol');
    await tabTo(carol, 'Login');
    await waitForDuet(carol, () => document.activeElement?.id === 'duet-text-input', null,
      'typing into the name field after Tab');
    await typeText(carol, 'carol');
    await pressKey(carol, 'Enter');
    await waitForScreen(carol, 'call');
    await tabTo(carol, 'username to call');
    await typeText(carol, 'bob');
    await pressKey(carol, 'Enter');
    await waitForDuet(bob, () => window.duet?.callState === 'ringing_in', null, 'bob rung');
    await tabTo(bob, 'Accept');
    await screenshot(bob, 'a11y-focus-ring-accept');
    await pressKey(bob, 'Enter');
    await waitForInCall(bob, 'carol');
    await waitForInCall(carol, 'bob');
    // Every value the overlay's opacity takes over 4.5 s without input: shown, then gone.
    const alphas = await carol.evaluate(() => new Promise((resolve) => {
      const seen = new Set();
      const end = performance.now() + 4500;
      (function sample() {
        seen.add(window.duet?.controlsAlpha);
        if (performance.now() < end) requestAnimationFrame(sample);
        else resolve([...seen]);
      })();
    }));
    assert.ok(alphas.includes(0) && alphas.every((a) => a === 0 || a === 1),
      `with reduced motion the controls go at once; their opacity took ${JSON.stringify(alphas)}`);
    await pressKey(carol, 'Escape');
    await waitForDuet(bob, () => ['ended', 'idle'].includes(window.duet?.callState), null,
      'the call ended by Esc');
    for (const p of [alice, bob, carol]) assertNoPageProblems(p);
  });
});
