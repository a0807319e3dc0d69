// Chinese and English: the page speaks the browser's language, a person can switch on the
// login screen and the choice is remembered, the server's refusals arrive in the reader's
// language (mapped from their code), and a Chinese name signs in and is seen by an English
// page. The widgets keep their English labels as ids whatever language is shown.
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  activate, assertNoPageProblems, duetState, newContext, openApp, screenshot, signIn, steps,
  typeInto, pressKey, sleep, useServerAndBrowser, waitForDuet, waitForScreen, desktop, acceptCall,
  startCall, waitForInCall,
} from './harness.mjs';

// What a widget shows, by its English label.
function shown(page, label) {
  return page.evaluate((l) => window.duet?.widgets?.[l]?.text ?? null, label);
}

// Types `text` into the focused field the way an input method does (pinyin shown while it is
// composed, then the chosen characters committed), over the DevTools protocol.
async function typeWithIme(page, steps, committed) {
  const cdp = await page.context().newCDPSession(page);
  for (const composing of steps) {
    await cdp.send('Input.imeSetComposition',
      { text: composing, selectionStart: composing.length, selectionEnd: composing.length });
    await sleep(60);
  }
  await cdp.send('Input.insertText', { text: committed });
  await sleep(60);
  await cdp.detach();
}

function waitForLang(page, tag) {
  return waitForDuet(page, (t) => window.duet?.lang === t && document.documentElement.lang === t,
    tag, `the page in language "${tag}"`);
}

describe('languages: Chinese and English', () => {
  const env = useServerAndBrowser('languages');
  const step = steps();
  let zh; // a browser that prefers Chinese
  let en; // one that prefers English
  let zhContext;

  step('a browser preferring Chinese gets the Chinese login screen', async () => {
    zhContext = await newContext(env.browser, { ...desktop, locale: 'zh-CN' });
    zh = await openApp(zhContext, env.server, 'languages-zh');
    await waitForLang(zh, 'zh-CN');
    assert.equal(await shown(zh, 'Sign in'), '登录');
    assert.equal(await shown(zh, 'Login'), '用户名');
    assert.equal(await shown(zh, 'Language'), 'English', 'the switch names the other language');
    await screenshot(zh, 'languages-login-zh');
  });

  step('the switch turns the page to English, and a reload keeps it', async () => {
    await activate(zh, 'Language');
    await waitForLang(zh, 'en');
    assert.equal(await shown(zh, 'Sign in'), 'Sign in');
    assert.equal(await shown(zh, 'Language'), '中文');
    await screenshot(zh, 'languages-login-en');
    await zh.reload();
    await waitForScreen(zh, 'login', 30_000);
    await waitForLang(zh, 'en');
    await activate(zh, 'Language');
    await waitForLang(zh, 'zh-CN');
    await zh.reload();
    await waitForScreen(zh, 'login', 30_000);
    await waitForLang(zh, 'zh-CN');
  });

  step('an English browser stays English; a Chinese name typed with an IME signs in',
    async () => {
      en = await openApp(await newContext(env.browser, { ...desktop, locale: 'en-US' }),
        env.server, 'languages-en');
      await waitForLang(en, 'en');
      assert.equal(await shown(en, 'Sign in'), 'Sign in');
      await signIn(en, 'alice');
      // Only what the IME commits is typed: the pinyin shown while composing is replaced.
      await typeInto(zh, 'Login', '');
      await typeWithIme(zh, ['l', 'li', 'li l', 'li le', 'li lei', '李雷'], '李雷');
      await pressKey(zh, 'Enter');
      await waitForDuet(zh, () => window.duet?.screen === 'call', null,
        'the call screen after signing in with an IME');
      assert.equal((await duetState(zh)).name, '李雷');
      const status = await zh.evaluate(() => window.duet.status);
      assert.equal(status, '已登录为 李雷');
      await waitForDuet(en, () => window.duet?.presence?.users?.some((u) => u.name === '李雷'),
        null, 'the Chinese name in the English page\'s online list');
      await screenshot(zh, 'languages-call-screen-zh');
    });

  step('the server\'s refusal is worded from its code in Chinese', async () => {
    const other = await openApp(zhContext, env.server, 'languages-zh-taken');
    await waitForLang(other, 'zh-CN');
    await typeInto(other, 'Login', 'alice');
    await pressKey(other, 'Enter');
    await waitForDuet(other, () => !!window.duet?.error, null, 'a refusal on the login screen');
    assert.equal((await duetState(other)).error, '这个用户名已被占用，请换一个。');
    await screenshot(other, 'languages-name-taken-zh');
    assertNoPageProblems(other);
    await other.close();
  });

  step('a call from the English page rings in Chinese and connects', async () => {
    await startCall(en, '李雷');
    await waitForDuet(zh, () => window.duet?.callState === 'ringing_in', null, 'the ring');
    assert.equal(await shown(zh, 'Accept'), '接听');
    assert.equal(await shown(zh, 'Decline'), '拒绝');
    await screenshot(zh, 'languages-ringing-zh');
    await acceptCall(zh, { from: 'alice' });
    await waitForInCall(zh, 'alice');
    await waitForInCall(en, '李雷');
    await waitForDuet(zh, () => window.duet?.status === '已与 alice 接通', null,
      'the Chinese status of the call');
    assertNoPageProblems(zh);
    assertNoPageProblems(en);
  });
});
