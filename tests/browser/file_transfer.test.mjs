// File transfer during a call, used as a person uses it: Send file opens the browser's file
// chooser, the partner sees name and size and presses Accept file or Decline file, both see
// the progress, Cancel file on either side, and the received file is checked (SHA-256) and
// offered with Save file. The bytes go over the call's own "duet-file" data channel
// (docs/file_transfer.md). The test hashes what it sent in Node, and hashes what arrived on its
// own in the receiving page (the received Blob's URL fetched and digested by WebCrypto).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import {
  acceptCall, clickWidget, desktop, expectCallOver, metric, newContext, openApp, signIn, sleep,
  startCall, steps, useServerAndBrowser, waitForDuet, waitForInCall, widgetRect,
} from './harness.mjs';

const MB = 1024 * 1024;
const transfers = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.duet?.transfers ?? [])));
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// The page's CSP (connect-src 'self') keeps its own scripts from fetching blob: URLs; the
// test's check of the received Blob is no script of the page, so its context bypasses CSP.
// The download itself (Save file) is a navigation, which CSP does not block.
// `noWorker`: a browser that cannot hand the channel to a worker (file_transfer.js keeps it on
// the page then), made here by a page with no Worker at all.
// `wrongDigest`: the file worker's digest of received bytes reaches the page one digit off
// (as a worker that hashed wrong would report it), to see the page refuse the file.
async function openUser(env, name, { noWorker = false, wrongDigest = false } = {}) {
  const context = await newContext(env.browser, { ...desktop, bypassCSP: true });
  if (noWorker) await context.addInitScript(() => { delete window.Worker; });
  if (wrongDigest) {
    await context.addInitScript(() => {
      const Real = window.Worker;
      window.Worker = class extends Real {
        set onmessage(fn) {
          super.onmessage = (ev) => {
            const m = ev.data;
            if (m && m.t === 'text' && typeof m.sha === 'string') {
              fn({ data: { ...m, sha: (m.sha[0] === '0' ? '1' : '0') + m.sha.slice(1) } });
            } else {
              fn(ev);
            }
          };
        }
        get onmessage() { return super.onmessage; }
      };
    });
  }
  const page = await openApp(context, env.server, `files-${name}`);
  await signIn(page, name);
  return page;
}

// Presses Send file and answers the browser's chooser with `files`, as a person picks them.
// Under load a press now and then opens no chooser within 5 s (seen after an earlier file's
// chooser, not yet explained; see the report of issue 16): pressed once more, as a person
// would, and said so in the log.
async function sendFiles(page, files) {
  let chooser = null;
  for (let attempt = 0; attempt < 2 && !chooser; attempt++) {
    [chooser] = await Promise.all([
      page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null),
      clickWidget(page, 'Send file'),
    ]);
    if (!chooser) console.log('Send file opened no chooser within 5 s; pressed again');
  }
  assert.ok(chooser, 'Send file opens the browser\'s file chooser');
  assert.ok(chooser.isMultiple(), 'the chooser takes several files at once');
  await chooser.setFiles(files);
}

function waitForTransfer(page, dir, name, states, what, timeout = 20_000) {
  return waitForDuet(page, ([d, n, s]) => (window.duet?.transfers ?? []).some(
    (t) => t.direction === d && t.name === n && s.includes(t.state)), [dir, name, states],
  what ?? `${dir} transfer of ${name} in ${states.join('/')}`, timeout);
}

async function transferOf(page, dir, name) {
  const all = (await transfers(page)).filter((t) => t.direction === dir && t.name === name);
  return all[all.length - 1];
}

// Nothing of ours waiting, queued or moving: the page is idle as far as files go.
async function expectIdle(page, who) {
  const busy = (await transfers(page)).filter((t) =>
    ['waiting', 'queued', 'active'].includes(t.state));
  assert.deepEqual(busy, [], `${who} still has transfers in flight`);
}

// The received file, fetched from its object URL and hashed in the page by WebCrypto.
const hashInPage = (page, url) => page.evaluate(async (u) => {
  const bytes = await (await fetch(u)).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return { size: bytes.byteLength, sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
}, url);

describe('file transfer during a call', () => {
  const env = useServerAndBrowser('file-transfer');
  const step = steps();
  let dir;
  const file = {};
  let alice;
  let bob;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-files-'));
    const write = (name, bytes) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, bytes);
      file[name] = { path: p, size: bytes.length, sha256: sha256(bytes) };
    };
    write('random-20MB.bin', crypto.randomBytes(20 * MB));
    write('first.bin', crypto.randomBytes(2 * MB + 123));
    write('第二个 file.txt', crypto.randomBytes(3 * MB));
    write('declined.bin', crypto.randomBytes(MB));
    // Big enough that a person's press lands while it moves: sparse, made at once.
    const big = path.join(dir, 'big.bin');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 1024 * MB);
    file['big.bin'] = { path: big, size: 1024 * MB };
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  // alice offers the big file, bob accepts it, and the first 4 MB arrive: mid-way, then.
  async function startBigTransfer() {
    const before = (await transfers(bob)).length;
    await sendFiles(alice, [file['big.bin'].path]);
    await waitForDuet(bob, (n) => (window.duet?.transfers ?? []).length > n &&
      window.duet.transfers.at(-1).state === 'waiting', before, 'the big offer');
    await clickWidget(bob, 'Accept file');
    await waitForDuet(bob, () => (window.duet.transfers.at(-1).sent > 4 * 1024 * 1024), null,
      'the first 4 MB', 30_000);
    return (await transfers(bob)).at(-1).id;
  }

  step('in a call, both pages get Send file once the partner says it takes files', async () => {
    alice = await openUser(env, 'alice');
    bob = await openUser(env, 'bob');
    assert.equal(await alice.evaluate(() => window.duet?.transfersAvailable), false);
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await waitForInCall(alice, 'bob');
    await waitForInCall(bob, 'alice');
    for (const page of [alice, bob]) {
      await waitForDuet(page, () => window.duet?.transfersAvailable === true, null,
        'files available (the partner said hello on the file channel)', 15_000);
      await widgetRect(page, 'Send file');
      // Chromium can transfer a data channel: the file channel's bytes move in a worker,
      // away from the main thread's draws (docs/file_transfer.md).
      assert.ok(page.workers().some((w) => w.url().endsWith('/file_worker.js')),
        'the file channel lives in file_worker.js');
    }
    assert.deepEqual(await transfers(alice), []);
  });

  step('a 20 MB file of random bytes arrives with the SHA-256 it was sent with', async () => {
    const f = file['random-20MB.bin'];
    await sendFiles(alice, [f.path]);
    await waitForTransfer(bob, 'in', 'random-20MB.bin', ['waiting'], 'the offer on bob\'s page');
    const offered = await transferOf(bob, 'in', 'random-20MB.bin');
    assert.equal(offered.size, f.size, 'the offer names the size');
    assert.equal(offered.sent, 0, 'no byte moves before Accept');
    assert.equal((await transferOf(alice, 'out', 'random-20MB.bin')).state, 'waiting');
    const started = Date.now();
    await clickWidget(bob, 'Accept file');
    // Minutes, not seconds, on a loaded machine: the step measures, it sets no floor.
    await waitForTransfer(bob, 'in', 'random-20MB.bin', ['done', 'failed'], null, 170_000);
    await waitForTransfer(alice, 'out', 'random-20MB.bin', ['done', 'failed'], null, 10_000);
    const seconds = (Date.now() - started) / 1000;
    const sent = await transferOf(alice, 'out', 'random-20MB.bin');
    const got = await transferOf(bob, 'in', 'random-20MB.bin');
    assert.equal(got.state, 'done');
    assert.equal(sent.state, 'done');
    assert.equal(sent.id, got.id, 'one id on both pages');
    assert.equal(sent.sent, f.size);
    assert.equal(got.sent, f.size);
    assert.equal(sent.sha256, f.sha256, 'the sender hashed what it read');
    assert.equal(got.sha256, f.sha256, 'the receiver hashed what arrived');
    assert.equal(sent.url, '', 'the sender has no download');
    assert.match(got.url, /^blob:/);
    const inPage = await hashInPage(bob, got.url);
    assert.deepEqual(inPage, { size: f.size, sha256: f.sha256 },
      'the Blob behind the download link holds exactly the bytes sent');
    metric('file_transfer_20MB', seconds * 1000);
    metric('file_transfer_20MB_rate', 20 / seconds, { unit: 'MB/s' });
    console.log(`20 MB in ${seconds.toFixed(2)} s: ${(20 / seconds).toFixed(1)} MB/s ` +
      '(from Accept file to done, both pages in one Chromium)');
    // Save file downloads it under its name.
    const [download] = await Promise.all([
      bob.waitForEvent('download', { timeout: 5000 }),
      clickWidget(bob, 'Save file'),
    ]);
    assert.equal(download.suggestedFilename(), 'random-20MB.bin');
    assert.equal(sha256(fs.readFileSync(await download.path())), f.sha256,
      'the downloaded file holds exactly the bytes sent');
    await expectIdle(alice, 'alice');
    await expectIdle(bob, 'bob');
  }, 200_000);

  step('a declined offer moves no bytes', async () => {
    await sendFiles(alice, [file['declined.bin'].path]);
    await waitForTransfer(bob, 'in', 'declined.bin', ['waiting']);
    // Read out through the page's polite live region, as a chat message is.
    await waitForDuet(bob, (size) => document.querySelector('#duet-status')?.textContent ===
      `alice offers declined.bin (${size})`, '1.0 MB',
    'the offer announced to a screen reader', 10_000);
    await clickWidget(bob, 'Decline file');
    await waitForTransfer(alice, 'out', 'declined.bin', ['declined']);
    await sleep(500);
    for (const [page, d] of [[alice, 'out'], [bob, 'in']]) {
      const t = await transferOf(page, d, 'declined.bin');
      assert.equal(t.state, 'declined');
      assert.equal(t.sent, 0, 'bytes moved for a declined offer');
      assert.equal(t.url, '');
    }
  });

  for (const canceller of ['bob', 'alice']) {
    step(`cancelled mid-way by ${canceller}: no download, both sides idle`, async () => {
      const id = await startBigTransfer();
      await clickWidget(canceller === 'bob' ? bob : alice, 'Cancel file');
      for (const [page, d] of [[alice, 'out'], [bob, 'in']]) {
        await waitForDuet(page, ([i, dd]) => window.duet.transfers.some(
          (t) => t.id === i && t.direction === dd && t.state === 'cancelled'), [id, d],
        `${d} transfer ${id} cancelled`);
      }
      await sleep(500);
      const got = (await transfers(bob)).find((t) => t.id === id && t.direction === 'in');
      assert.equal(got.url, '', 'a cancelled file has no download');
      assert.equal(got.sha256, '');
      assert.ok(got.sent < got.size, 'it was cancelled mid-way');
      await expectIdle(alice, 'alice');
      await expectIdle(bob, 'bob');
    }, 90_000);
  }

  step('two files chosen at once go one after the other', async () => {
    const a = file['first.bin'];
    const b = file['第二个 file.txt'];
    await sendFiles(alice, [a.path, b.path]);
    await waitForTransfer(alice, 'out', '第二个 file.txt', ['queued'], 'the second queued');
    await waitForTransfer(bob, 'in', 'first.bin', ['waiting']);
    assert.equal(await transferOf(bob, 'in', '第二个 file.txt'), undefined,
      'the second is offered only after the first');
    await clickWidget(bob, 'Accept file');
    await waitForTransfer(bob, 'in', '第二个 file.txt', ['waiting'], 'the second offer', 60_000);
    assert.equal((await transferOf(bob, 'in', 'first.bin')).state, 'done',
      'the first had arrived when the second was offered');
    await clickWidget(bob, 'Accept file');
    await waitForTransfer(bob, 'in', '第二个 file.txt', ['done', 'failed'], null, 60_000);
    for (const [name, f] of [['first.bin', a], ['第二个 file.txt', b]]) {
      const got = await transferOf(bob, 'in', name);
      assert.equal(got.state, 'done', name);
      assert.equal(got.sha256, f.sha256, name);
      assert.deepEqual(await hashInPage(bob, got.url), { size: f.size, sha256: f.sha256 }, name);
      assert.equal((await transferOf(alice, 'out', name)).sha256, f.sha256, name);
    }
  }, 150_000);

  step('hanging up mid-transfer cancels it on both sides, and the links go', async () => {
    const id = await startBigTransfer();
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    for (const [page, d] of [[alice, 'out'], [bob, 'in']]) {
      await waitForDuet(page, ([i, dd]) => window.duet.transfers.some(
        (t) => t.id === i && t.direction === dd && t.state === 'cancelled'), [id, d],
      `${d} transfer ${id} cancelled by the hang-up`);
      await expectIdle(page, d === 'out' ? 'alice' : 'bob');
    }
    const links = (await transfers(bob)).filter((t) => t.url !== '');
    assert.deepEqual(links, [], 'the download links went with the call');
    assert.equal(await alice.evaluate(() => window.duet?.transfersAvailable), false);
  });
});

// A random file of `size` bytes in a fresh folder, alice and bob (opened with `options`) in a
// call with files available, alice's offer accepted by bob and run to its end on both sides.
async function callAndSend(env, name, size, options) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-files-'));
  const bytes = crypto.randomBytes(size);
  const f = { path: path.join(dir, name), size: bytes.length, sha256: sha256(bytes) };
  fs.writeFileSync(f.path, bytes);
  const alice = await openUser(env, 'alice', options);
  const bob = await openUser(env, 'bob', options.bob ?? options);
  await startCall(alice, 'bob');
  await acceptCall(bob, { from: 'alice' });
  await waitForInCall(alice, 'bob');
  await waitForInCall(bob, 'alice');
  const workers = [];
  for (const page of [alice, bob]) {
    await waitForDuet(page, () => window.duet?.transfersAvailable === true, null,
      'files available', 15_000);
    workers.push(page.workers().map((w) => w.url()));
  }
  await sendFiles(alice, [f.path]);
  await waitForTransfer(bob, 'in', name, ['waiting']);
  await clickWidget(bob, 'Accept file');
  await waitForTransfer(bob, 'in', name, ['done', 'failed'], null, 120_000);
  await waitForTransfer(alice, 'out', name, ['done', 'failed'], null, 10_000);
  return { dir, f, alice, bob, workers };
}

// The receiver's check with the channel in the worker: the digest the worker reports is the
// one compared with the sender's `done`, so a wrong one fails the file and nothing is saved.
describe('file transfer with a wrong digest from the worker', () => {
  const env = useServerAndBrowser('file-transfer-wrong-digest');
  const step = steps();
  let dir;
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  step('the file fails on the receiving page, with no download', async () => {
    const run = await callAndSend(env, 'tampered.bin', 3 * MB + 5, { bob: { wrongDigest: true } });
    dir = run.dir;
    for (const urls of run.workers) assert.ok(urls.some((u) => u.endsWith('/file_worker.js')));
    assert.equal((await transferOf(run.alice, 'out', 'tampered.bin')).sha256, run.f.sha256,
      'the sender\'s worker hashed what it read');
    const got = await transferOf(run.bob, 'in', 'tampered.bin');
    assert.equal(got.state, 'failed', 'a file whose digest does not match is refused');
    assert.equal(got.url, '', 'and never saved');
  }, 150_000);
});

// Where the channel cannot go to a worker (a browser that does not transfer RTCDataChannel),
// it stays on the page and works as before, hashed chunk by chunk on both sides.
describe('file transfer with the channel on the page (no worker)', () => {
  const env = useServerAndBrowser('file-transfer-no-worker');
  const step = steps();
  let dir;
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  step('a 5 MB file arrives with the SHA-256 it was sent with', async () => {
    const run = await callAndSend(env, 'on-page.bin', 5 * MB + 77, { noWorker: true });
    dir = run.dir;
    for (const urls of run.workers) assert.deepEqual(urls, [], 'no worker on this page');
    const { f, alice, bob } = run;
    const got = await transferOf(bob, 'in', 'on-page.bin');
    assert.equal(got.state, 'done');
    assert.equal(got.sha256, f.sha256, 'the receiver hashed what arrived');
    assert.equal((await transferOf(alice, 'out', 'on-page.bin')).sha256, f.sha256);
    assert.deepEqual(await hashInPage(bob, got.url), { size: f.size, sha256: f.sha256 });
  }, 150_000);
});
