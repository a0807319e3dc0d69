// Sign-in through an OpenID Connect provider in the page (issue 15), against a real one: the
// npm package oidc-provider over TLS on loopback (tests/system/oidc_provider.mjs, its
// development login and consent pages, which the test fills in as a person would; the
// browser contexts accept its test certificate), and duet-server over http on loopback
// with --oidc-*. Signed in through the provider, a page is signed in to signaling under the
// name the server bound; a callee sees who calls; a reload keeps it, Sign out ends it; a
// bound name and, with --require-identity, any name-only login are refused in words.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  acceptCall, activate, assertNoPageProblems, clickWidget, closeBrowser, desktop, duetState,
  expectCallOver, launchBrowser, newContext, openApp, pressKey, screenshot, sleep, startCall,
  startServer, steps, typeInto, waitForDuet, waitForInCall, waitForScreen,
} from './harness.mjs';
import { makeCertificate, workDir } from '../system/harness.mjs';
import { ACCOUNTS, startProvider } from '../system/oidc_provider.mjs';

const LABEL = 'Test ID';

function file(name, text) {
  const p = path.join(fs.mkdtempSync(path.join(workDir, 'oidc-')), name);
  if (text !== undefined) fs.writeFileSync(p, `${text}\n`);
  return p;
}

function shown(page, label) {
  return page.evaluate((l) => window.duet?.widgets?.[l]?.text ?? null, label);
}

// window.duet's identity fields (issue 15), which duetState leaves out. `line`: the words
// drawn beside the partner's name, on the ring and in the call.
function identities(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify({
    identity: window.duet?.identity, incoming: window.duet?.incomingIdentity,
    line: window.duet?.partnerIdentityText })));
}

const BOB_VERIFIED = `Bob Stone (bob@example.org, verified by ${LABEL})`;
const NOT_VERIFIED = 'Not verified: a name anyone could type';

function waitForWidget(page, label, present = true) {
  return waitForDuet(page, ([l, p]) => Boolean(window.duet?.widgets?.[l]) === p, [label, present],
    `widget "${label}" ${present ? 'shown' : 'gone'}`);
}

function waitForError(page, text) {
  return waitForDuet(page, (t) => window.duet?.error === t, text, `the login error "${text}"`);
}

// The provider's own pages, as a person goes through them: its login form (the development
// interactions take any password; the login is the account's id), then its consent page,
// each submitted by its button; the last redirect leads back to Duet.
async function throughProvider(page, issuer, account) {
  await page.waitForURL((u) => u.href.startsWith(issuer), { timeout: 15_000 });
  for (let i = 0; i < 4 && page.url().startsWith(issuer); ++i) {
    await page.waitForLoadState('domcontentloaded');
    const login = page.locator('input[name="login"]');
    if (await login.count() > 0) {
      await login.fill(ACCOUNTS[account].sub);
      await page.locator('input[name="password"]').fill('any password');
    }
    await Promise.all([page.waitForNavigation({ timeout: 15_000 }),
      page.locator('button[type="submit"]').first().click()]);
  }
  assert.ok(!page.url().startsWith(issuer), `still at the provider: ${page.url()}`);
}

// Opens the app, presses "Sign in with Test ID", goes through the provider and comes back
// signed in to signaling under the account's bound name.
async function signInWithProvider(page, server, issuer, account) {
  await waitForWidget(page, 'Sign in with provider');
  assert.equal(await shown(page, 'Sign in with provider'), `Sign in with ${LABEL}`);
  await activate(page, 'Sign in with provider');
  await throughProvider(page, issuer, account);
  await page.waitForURL(`${server.origin}/`, { timeout: 15_000 });
  await waitForDuet(page, (n) => window.duet?.screen === 'call' && window.duet?.name === n,
    ACCOUNTS[account].preferred_username, `signed in as ${account} after the provider`, 30_000);
}

describe('identity: sign in with an OpenID Connect provider', () => {
  const step = steps();
  let cert;
  let provider;
  let server;
  let browser;
  let files;
  const pages = {};
  const serverArgs = (required) => ['--oidc-issuer', provider.issuer,
    '--oidc-client-id', provider.clientId, '--oidc-client-secret-file', files.secret,
    '--oidc-label', LABEL, '--oidc-ca-file', cert.cert, '--session-key-file', files.key,
    '--identity-file', files.identities, ...(required ? ['--require-identity'] : [])];
  // The provider's certificate is a test one: each context accepts it, as a person's
  // browser would trust a real provider's.
  // Nothing leaves this machine: the provider's page imports a web font from elsewhere.
  const context = async (options = {}) => {
    const c = await newContext(browser, { ...desktop, ignoreHTTPSErrors: true, ...options });
    await c.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => route.abort());
    return c;
  };

  before(async () => {
    cert = makeCertificate();
    provider = await startProvider({ keyPem: fs.readFileSync(cert.key), certPem: cert.ca });
    files = { secret: file('secret', provider.clientSecret), key: file('key', 'k'.repeat(48)),
      identities: file('identities.json') };
    server = await startServer({ logName: 'identity-server', args: serverArgs(false) });
    provider.configure([`${server.origin}/auth/callback`]);
    browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(browser);
    const crashed = server && !server.running();
    const result = await server?.stop();
    await provider?.close();
    assert.ok(!crashed, 'duet-server exited during the suite');
    assert.equal(result?.code, 0, 'duet-server did not stop cleanly');
  });

  step('alice signs in through the provider\'s pages and comes back signed in as alice', async () => {
    pages.alice = await openApp(await context(), server, 'identity-alice');
    assert.ok(await shown(pages.alice, 'Login'), 'without --require-identity the name login stays');
    await screenshot(pages.alice, 'identity-login');
    await signInWithProvider(pages.alice, server, provider.issuer, 'alice');
    assert.deepEqual((await identities(pages.alice)).identity, { verified: true, issuer: provider.issuer, sub: 'alice-0001',
      name: 'alice', email: 'alice@example.org', display: 'Alice Wang' });
    assert.equal(await shown(pages.alice, 'Sign out'), 'Sign out');
    await screenshot(pages.alice, 'identity-signed-in');
  });

  step('a reload keeps the sign-in, without the provider', async () => {
    await pages.alice.reload();
    await waitForDuet(pages.alice, () => window.duet?.screen === 'call' &&
      window.duet?.name === 'alice' && window.duet?.identity?.sub === 'alice-0001', null,
      'signed in as alice again after the reload');
    assert.ok(!pages.alice.url().startsWith(provider.issuer));
  });

  step('bob signs in too and calls alice: she sees his verified identity, ringing and in the call', async () => {
    pages.bob = await openApp(await context(), server, 'identity-bob');
    await signInWithProvider(pages.bob, server, provider.issuer, 'bob');
    await startCall(pages.bob, 'alice');
    await waitForDuet(pages.alice, () => window.duet?.callState === 'ringing_in', null,
      'alice rung');
    assert.equal((await duetState(pages.alice)).incoming, 'bob');
    const ringing = await identities(pages.alice);
    assert.deepEqual(ringing.incoming, { verified: true, name: 'Bob Stone',
      email: 'bob@example.org', issuer: provider.issuer });
    assert.equal(ringing.line, BOB_VERIFIED);
    await screenshot(pages.alice, 'identity-incoming-verified');
    await acceptCall(pages.alice, { from: 'bob' });
    await waitForInCall(pages.alice, 'bob');
    await waitForInCall(pages.bob, 'alice');
    // In the call the ring's fields are gone; the line beside bob's name stays.
    const inCall = await identities(pages.alice);
    assert.equal(inCall.incoming, null);
    assert.equal(inCall.line, BOB_VERIFIED);
    await screenshot(pages.alice, 'identity-in-call-verified');
    await clickWidget(pages.alice, 'Hang Up');
    await expectCallOver(pages.alice);
    await expectCallOver(pages.bob);
    assert.equal((await identities(pages.alice)).line, '', 'no partner, no line');
  });

  step('a bound name is refused to a name-only login (name_bound), in English and Chinese', async () => {
    pages.carol = await openApp(await context(), server, 'identity-carol');
    await typeInto(pages.carol, 'Login', 'alice');
    await pressKey(pages.carol, 'Enter');
    await waitForError(pages.carol, 'The name "alice" belongs to an account: sign in with it');
    // The refusal's code words it in the reader's language...
    await activate(pages.carol, 'Language');
    await waitForError(pages.carol, '这个用户名属于一个账号，请用该账号登录。');
    // ...and a refusal met in Chinese (bob's name this time, which the English then names).
    await typeInto(pages.carol, 'Login', 'bob', { clear: true });
    await pressKey(pages.carol, 'Enter');
    await waitForError(pages.carol, '这个用户名属于一个账号，请用该账号登录。');
    await screenshot(pages.carol, 'identity-name-bound-zh');
    await activate(pages.carol, 'Language');
    await waitForError(pages.carol, 'The name "bob" belongs to an account: sign in with it');
  });

  step('a name-only caller is shown as not verified', async () => {
    await typeInto(pages.carol, 'Login', 'carol', { clear: true });
    await pressKey(pages.carol, 'Enter');
    await waitForDuet(pages.carol, () => window.duet?.screen === 'call' &&
      window.duet?.name === 'carol', null, 'carol signed in by name');
    assert.equal((await identities(pages.carol)).identity, null);
    await startCall(pages.carol, 'bob');
    await waitForDuet(pages.bob, () => window.duet?.callState === 'ringing_in', null, 'bob rung');
    const rung = await identities(pages.bob);
    assert.deepEqual(rung.incoming, { verified: false });
    // Bob signed in with the provider: a typed name is marked as such.
    assert.equal(rung.line, NOT_VERIFIED);
    await screenshot(pages.bob, 'identity-incoming-unverified');
    await activate(pages.bob, 'Decline');
    await waitForDuet(pages.bob, () => window.duet?.callState !== 'ringing_in', null, 'declined');
  });

  step('a callee signed in by name sees a verified caller\'s line, and no mark on a typed name', async () => {
    await startCall(pages.bob, 'carol');
    await waitForDuet(pages.carol, () => window.duet?.callState === 'ringing_in', null, 'carol rung by bob');
    assert.equal((await identities(pages.carol)).line, BOB_VERIFIED);
    await activate(pages.carol, 'Decline');
    await waitForDuet(pages.carol, () => window.duet?.callState !== 'ringing_in', null, 'declined');
    pages.erin = await openApp(await context(), server, 'identity-erin');
    await typeInto(pages.erin, 'Login', 'erin');
    await pressKey(pages.erin, 'Enter');
    await waitForDuet(pages.erin, () => window.duet?.screen === 'call' &&
      window.duet?.name === 'erin', null, 'erin signed in by name');
    await startCall(pages.erin, 'carol');
    await waitForDuet(pages.carol, () => window.duet?.callState === 'ringing_in', null, 'carol rung by erin');
    const rung = await identities(pages.carol);
    assert.deepEqual(rung.incoming, { verified: false }, 'the server still says so');
    assert.equal(rung.line, '', 'but a page signed in by name shows no mark');
    await activate(pages.carol, 'Decline');
    await waitForDuet(pages.carol, () => window.duet?.callState !== 'ringing_in', null, 'declined');
  });

  step('Sign out returns alice to the plain login, and a reload keeps her out', async () => {
    // Signed out, the page starts afresh at /.
    await Promise.all([pages.alice.waitForNavigation({ timeout: 15_000 }),
      activate(pages.alice, 'Sign out')]);
    await waitForScreen(pages.alice, 'login', 30_000);
    await waitForWidget(pages.alice, 'Sign in with provider');
    assert.equal((await identities(pages.alice)).identity, null);
    assert.ok((await duetState(pages.alice)).widgets.Login, 'the name field is back');
    await pages.alice.reload();
    await waitForScreen(pages.alice, 'login', 30_000);
    await waitForWidget(pages.alice, 'Sign in with provider');
    assert.equal((await duetState(pages.alice)).screen, 'login');
    assert.equal((await identities(pages.alice)).identity, null);
  });

  step('with --require-identity a name-only login is refused in words, and not offered', async () => {
    // The same port, the same bindings and session key: alice's page stays where it is,
    // showing the name login the server offered before its restart.
    const port = server.port;
    const stopped = await server.stop();
    assert.equal(stopped.code, 0);
    server = await startServer({ logName: 'identity-required-server', port,
      args: serverArgs(true) });
    await typeInto(pages.alice, 'Login', 'zed');
    await pressKey(pages.alice, 'Enter');
    await waitForError(pages.alice, 'This server needs you to sign in with your account');
    await waitForWidget(pages.alice, 'Login', false);
    assert.ok((await duetState(pages.alice)).widgets['Sign in with provider']);
    await activate(pages.alice, 'Language');
    await waitForError(pages.alice, '此服务器要求用账号登录。');
    await screenshot(pages.alice, 'identity-required-zh');
    await activate(pages.alice, 'Language');
    // A page opened now offers only the provider.
    pages.dave = await openApp(await context(), server, 'identity-dave');
    await waitForWidget(pages.dave, 'Sign in with provider');
    const d = await duetState(pages.dave);
    assert.equal(d.widgets.Login, undefined);
    assert.equal(d.widgets['Sign in'], undefined);
    await screenshot(pages.dave, 'identity-required-login');
    // ...through which an account still signs in (alice's: her own page signed out).
    await signInWithProvider(pages.dave, server, provider.issuer, 'alice');
  });

  step('no page had an uncaught error', async () => {
    for (const page of Object.values(pages)) assertNoPageProblems(page);
  });
});

describe('identity: a server without a provider', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ logName: 'no-provider-server' });
    browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(browser);
    await server?.stop();
  });

  it('answers /auth/config {"enabled": false}: the name login, and no 404 in the console', async () => {
    const page = await (await newContext(browser, desktop)).newPage();
    const answers = [];
    const consoleErrors = [];
    page.on('response', (r) => {
      const { pathname } = new URL(r.url());
      if (pathname.startsWith('/auth/')) answers.push(`${pathname} ${r.status()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location()?.url ?? ''})`);
    });
    await page.goto(`${server.origin}/`);
    await waitForScreen(page, 'login', 30_000);
    await waitForDuet(page, () => Boolean(window.duet?.widgets?.Login), null, 'the name field');
    for (let i = 0; i < 100 && answers.length === 0; ++i) await sleep(50);
    assert.deepEqual(answers, ['/auth/config 200']);
    const config = await page.evaluate(async () => (await fetch('/auth/config')).json());
    assert.deepEqual(config, { enabled: false });
    assert.equal((await duetState(page)).widgets['Sign in with provider'], undefined);
    // An old server's 404 for /auth/config showed here as "Failed to load resource".
    assert.deepEqual(consoleErrors.filter((e) => /\/auth\//.test(e)), []);
  });
});
