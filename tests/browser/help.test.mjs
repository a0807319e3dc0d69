// The help overlay: `?` or the "?" button (window.duet.widgets "Help") opens the list of
// keyboard shortcuts on the login and call screens, in the screen's language; Esc, `?` or
// its Close button closes it. To a screen reader it is a modal dialog with a name; the
// keyboard's focus moves into it when it opens and back to where it was when it closes.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  activate, assertNoPageProblems, axNodes, newContext, openApp, pressKey, screenshot, signIn,
  sleep, steps, useServerAndBrowser, waitForDuet,
} from './harness.mjs';

// All of window.duet (the harness's duetState keeps only the fields most tests read).
function fullState(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.duet)));
}

function waitForHelp(page, open) {
  return waitForDuet(page, (o) => window.duet?.helpOpen === o, open,
    `the help overlay ${open ? 'open' : 'closed'} (window.duet.helpOpen)`);
}

// The mirror element the keyboard is on: its widget id.
function focusedId(page) {
  return page.evaluate(() => document.activeElement?.dataset?.duetId ?? '');
}

async function expectDialog(page, name, close, lines) {
  const nodes = await axNodes(page);
  assert.ok(nodes.some((n) => n.role === 'dialog' && n.name === name),
    `no dialog named "${name}" in the accessibility tree: ` +
      JSON.stringify(nodes.filter((n) => n.name).map((n) => `${n.role}:${n.name}`)));
  assert.ok(nodes.some((n) => n.role === 'button' && n.name === close), `no "${close}" button`);
  const text = await page.evaluate(() => document.getElementById('duet-dialog')?.textContent ?? '');
  for (const l of lines) assert.ok(text.includes(l), `the dialog does not read "${l}": ${text}`);
  await waitForDuet(page, () => document.activeElement?.dataset?.duetId === 'Close', null,
    'the focus moved into the dialog, on its Close button');
  const s = await fullState(page);
  assert.deepEqual(Object.keys(s.widgets), ['Close'],
    'while the dialog is open only its own button is a widget');
}

describe('help: the keyboard shortcuts, listed', () => {
  const env = useServerAndBrowser('help');
  const step = steps();
  let page;

  step('the login screen\'s ? button opens the list; Esc closes it, focus goes back', async () => {
    page = await openApp(await newContext(env.browser), env.server, 'help');
    const s = await fullState(page);
    assert.ok(s.widgets.Help, 'no Help button on the login screen');
    assert.equal(s.widgets.Help.text, 'Help');
    assert.equal(s.helpOpen, false);
    await activate(page, 'Help');
    await waitForHelp(page, true);
    await expectDialog(page, 'Keyboard shortcuts', 'Close',
      ['M: Microphone on or off', 'Esc: Close this list', '?: Show or hide this list']);
    await screenshot(page, 'help-login');
    await pressKey(page, 'Escape');
    await waitForHelp(page, false);
    await waitForDuet(page, () => document.activeElement?.dataset?.duetId === 'Help', null,
      'the focus back on the Help button');
    assert.equal((await fullState(page)).focus, 'Help');
  });

  step('? opens and closes it from the keyboard; Close closes it', async () => {
    await pressKey(page, '?');
    await waitForHelp(page, true);
    assert.equal(await focusedId(page), 'Close');
    await pressKey(page, '?');
    await waitForHelp(page, false);
    await pressKey(page, '?');
    await waitForHelp(page, true);
    await pressKey(page, 'Enter');  // on its Close button
    await waitForHelp(page, false);
  });

  step('in Chinese, it reads in Chinese', async () => {
    await activate(page, 'Language');
    await waitForDuet(page, () => window.duet?.lang === 'zh-CN', null, 'the page in Chinese');
    await activate(page, 'Help');
    await waitForHelp(page, true);
    await expectDialog(page, '键盘快捷键', '关闭', ['M: 打开或关闭麦克风']);
    await sleep(100);
    await screenshot(page, 'help-login-zh');
    await activate(page, 'Close');
    await waitForHelp(page, false);
    await activate(page, 'Language');
    await waitForDuet(page, () => window.duet?.lang === 'en', null, 'the page in English');
  });

  step('the call screen has it too; Esc there closes only the list', async () => {
    await signIn(page, 'helper');
    assert.ok((await fullState(page)).widgets.Help, 'no Help button on the call screen');
    await activate(page, 'Help');
    await waitForHelp(page, true);
    await expectDialog(page, 'Keyboard shortcuts', 'Close', ['V: Camera on or off']);
    await screenshot(page, 'help-call');
    await pressKey(page, 'Escape');
    await waitForHelp(page, false);
    const s = await fullState(page);
    assert.equal(s.screen, 'call');
    assert.equal(s.signaling, 'online', 'Esc did more than close the list');
    assertNoPageProblems(page);
  });
});
