// A first sign-in refused `unavailable` (the node cannot reach Redis) is tried again by
// itself (docs/cluster.md, docs/call_control.md), seen from the page: duet-server runs with
// `--redis` pointing at a port where no redis-server runs yet; three pages press Sign in
// (one English "alice", one Chinese "bob", a second English "alice") and each says "The server
// cannot sign you in just now. Trying again..." (in Chinese on the Chinese page) while its
// logins keep going out; then redis-server starts on that port and, with no other press, the
// pages are signed in within the reconnect's bound of the node being ready again (times
// printed). Of the two "alice"s one wins; the other is refused the taken name, and that
// answer stops its retries.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { freeLoopbackPort, startRedis } from '../system/redis_server.mjs';
import {
  closeBrowser, desktop, duetState, killAtExit, launchBrowser, metric, newContext, openApp,
  pressKey, requireBundle, screenshot, sleep, startServer, steps, typeInto, waitForDuet,
} from './harness.mjs';

const retrying = {
  en: 'The server cannot sign you in just now. Trying again...',
  'zh-CN': '服务器暂时无法登录，正在重试……',
};
// docs/call_control.md: a try starts at most 4 s (the cap while no call is up) after the
// server can serve; the promise is 5 s. The 5 s give a loaded machine its frames.
const ready_to_signed_in_ms = 5000;

// An init script: the time (ms since the epoch) of every `login` the page sends.
function recordLogins() {
  const sent = [];
  Object.defineProperty(window, Symbol.for('duet-test.logins'), { value: sent });
  const native = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try {
      if (typeof data === 'string' && JSON.parse(data)?.type === 'login') sent.push(Date.now());
    } catch {}
    return native.call(this, data);
  };
}
const logins = (page) => page.evaluate(() => [...window[Symbol.for('duet-test.logins')]]);

async function readyz(server) {
  try {
    const res = await fetch(`${server.origin}/readyz`);
    await res.text();
    return res.status;
  } catch {
    return 0;
  }
}

describe('a first sign-in while the node cannot reach Redis', () => {
  const step = steps();
  let redisPort;
  let redis;
  let node;
  let browser;
  const pages = {};  // label -> { page, name, lang }
  let redisUp;
  let readyAt;

  before(async () => {
    requireBundle();
    redisPort = await freeLoopbackPort();
    node = await startServer({ logName: 'sign-in-retry-node',
      args: ['--redis', `redis://127.0.0.1:${redisPort}/0`, '--node-id', 'retry-node'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(browser);
    const crashedBefore = node && !node.running();
    const result = await node?.stop();
    await redis?.kill();
    assert.ok(!crashedBefore, `duet-server exited during the test (${JSON.stringify(result)})`);
    assert.equal(result?.code, 0, `duet-server exited with ${result?.code} (${result?.signal})`);
  });

  step('with no Redis, each page\'s Sign in says it is trying again, and does', async () => {
    assert.equal(await readyz(node), 503, '/readyz while Redis is away');
    const open = [['alice-en', 'alice', 'en-US'], ['bob-zh', 'bob', 'zh-CN'],
      ['alice-en2', 'alice', 'en-US']];
    for (const [label, name, locale] of open) {
      const context = await newContext(browser, { ...desktop, locale });
      await context.addInitScript(recordLogins);
      const page = await openApp(context, node, `sign-in-retry-${label}`);
      pages[label] = { page, name, lang: locale === 'zh-CN' ? 'zh-CN' : 'en' };
    }
    for (const { page, name } of Object.values(pages)) {
      await typeInto(page, 'Login', name);
      await pressKey(page, 'Enter');
    }
    for (const [label, { page, lang }] of Object.entries(pages)) {
      await waitForDuet(page, ([l, text]) => window.duet?.lang === l && window.duet?.error === text,
        [lang, retrying[lang]], `${label}: "${retrying[lang]}"`);
    }
    await screenshot(pages['alice-en'].page, 'sign-in-retry-en');
    await screenshot(pages['bob-zh'].page, 'sign-in-retry-zh');
    // Left alone for 6 s: the first retry within 1 s, the next 0.5-1 s, 1-2 s, 2-4 s later.
    await sleep(6000);
    for (const [label, { page, lang }] of Object.entries(pages)) {
      const s = await duetState(page);
      const sent = await logins(page);
      assert.equal(s.screen, 'login', `${label} left the login screen`);
      assert.equal(s.error, retrying[lang], `${label} stopped saying it tries again`);
      assert.ok(sent.length >= 3, `${label} sent ${sent.length} logins in 6 s with Redis away`);
      console.log(`# ${label}: ${sent.length} logins, ${sent.slice(1)
        .map((t, i) => t - sent[i]).join(', ')} ms apart`);
    }
    assert.equal(await readyz(node), 503, '/readyz while Redis is away');
  }, 90_000);

  step('Redis starts: the pages sign in by themselves within the bound, one "alice" refused',
    async () => {
      redis = await startRedis(redisPort, { track: killAtExit });
      redisUp = Date.now();
      // The moment the node can serve again, as its load balancer would see it.
      for (;;) {
        if (await readyz(node) === 200) break;
        assert.ok(Date.now() - redisUp < 10_000, '/readyz not 200 within 10 s of Redis');
        await sleep(20);
      }
      readyAt = Date.now();
      const outcome = async ([label, { page, name }]) => {
        await waitForDuet(page, (n) => (window.duet?.screen === 'call' && window.duet?.name === n) ||
          (window.duet?.screen === 'login' && !/Trying again|正在重试/.test(window.duet?.error ?? '')),
        name, `${label}: signed in or refused`, 15_000);
        return [label, { at: Date.now(), state: await duetState(page) }];
      };
      const got = Object.fromEntries(await Promise.all(Object.entries(pages).map(outcome)));
      const signedIn = Object.keys(got).filter((l) => got[l].state.screen === 'call');
      const refused = Object.keys(got).filter((l) => got[l].state.screen === 'login');
      console.log(`# Redis up -> node ready ${readyAt - redisUp} ms`);
      for (const label of signedIn) {
        const fromRedis = got[label].at - redisUp;
        const fromReady = got[label].at - readyAt;
        console.log(`# ${label} signed in ${fromRedis} ms after Redis was up, ${fromReady} ms ` +
          'after the node was ready (polled every 20 ms)');
        metric('sign_in_retry_redis_up_to_signed_in', fromRedis, { test: 'sign_in_retry', page: label });
        assert.ok(fromReady < ready_to_signed_in_ms,
          `${label} signed in ${fromReady} ms after the node was ready`);
      }
      assert.ok(signedIn.includes('bob-zh'), `bob did not sign in: ${JSON.stringify(got['bob-zh'])}`);
      assert.equal(signedIn.filter((l) => l.startsWith('alice')).length, 1,
        `one alice signed in: ${signedIn}`);
      assert.equal(refused.length, 1, `one page refused: ${refused}`);
      const loser = pages[refused[0]].page;
      const s = got[refused[0]].state;
      assert.ok(s.error, `${refused[0]}: refused without a word`);
      // The taken name would not change: no more logins after the refusal.
      const before = (await logins(loser)).length;
      await sleep(5000);
      const later = await duetState(loser);
      assert.equal((await logins(loser)).length, before, `${refused[0]} kept sending logins`);
      assert.equal(later.screen, 'login');
      assert.equal(later.error, s.error, `${refused[0]}: the refusal's words changed`);
      console.log(`# ${refused[0]} refused: "${s.error}"; no login after it in 5 s`);
      await screenshot(loser, 'sign-in-retry-refused');
    }, 60_000);
});
