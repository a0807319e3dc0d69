// The file-transfer benchmark's proof that a transfer delivered the file
// (tools/bench/transfer_check.mjs, used by tools/bench/file_transfer.mjs), shown refusing
// broken transfers: the very function the receiving page runs to read its saved Blob back
// (readSaved, here on Node's own Blobs and object URLs) and the check of what the page
// reports, fed a good 1 MB transfer and copies of it broken as a transfer could break them
// (a byte changed, a byte missing, a chunk twice, a wrong hash, a transfer that ended early).
// Cheap: no browser, no server.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'node:test';

import { readSaved, transferProblems } from '../../tools/bench/transfer_check.mjs';

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const file_bytes = crypto.randomBytes(1 << 20);
const file = { size: file_bytes.length, sha256: sha256(file_bytes) };

// What the receiving page would show and save had it received `bytes`: Duet's receiver
// reports the hash of what it got; the saved Blob is read back as the bench reads it.
async function received(bytes, { state = 'done' } = {}) {
  const url = URL.createObjectURL(new Blob([bytes]));
  try {
    return {
      received: { state, size: file.size, sent: bytes.length, sha256: sha256(bytes), url },
      saved: await readSaved(url),
    };
  } finally {
    URL.revokeObjectURL(url);
  }
}

const broken = {
  'one byte changed': () => {
    const b = Buffer.from(file_bytes);
    b[b.length >> 1] ^= 0x01;
    return b;
  },
  'the last byte missing': () => file_bytes.subarray(0, file_bytes.length - 1),
  'a 16 KiB chunk twice in place of the next': () => {
    const b = Buffer.from(file_bytes);
    b.set(file_bytes.subarray(0, 16384), 16384);
    return b;
  },
};

describe('the transfer benchmark\'s check', () => {
  it('reads a saved Blob back as the file\'s size and SHA-256, and passes the file', async () => {
    const r = await received(file_bytes);
    assert.deepEqual(r.saved, file);
    for (const client of ['duet', 'plain']) {
      assert.deepEqual(transferProblems({ client, file, ...r }), []);
    }
  });

  for (const [what, make] of Object.entries(broken)) {
    it(`refuses a transfer with ${what}, whoever reports it`, async () => {
      const r = await received(make());
      assert.notEqual(r.saved.sha256, file.sha256);
      for (const client of ['duet', 'plain']) {
        const problems = transferProblems({ client, file, ...r });
        assert.ok(problems.some((p) => p.includes('saved Blob')), `${client}: ${problems}`);
      }
      // A receiver that hashed what it got, and counted the whole file anyway.
      const counted = { ...r.received, sent: file.size };
      const problems = transferProblems({ client: 'duet', file, received: counted, saved: r.saved });
      assert.ok(problems.some((p) => p.includes("receiver's SHA-256")), String(problems));
    });
  }

  it('refuses a Duet receiver whose hash differs even when the saved bytes are right', async () => {
    const r = await received(file_bytes);
    const wrong = { ...r.received, sha256: sha256(broken['one byte changed']()) };
    assert.equal(transferProblems({ client: 'duet', file, received: wrong, saved: r.saved }).length, 1);
    // The plain page publishes no hash: its saved bytes are the whole proof.
    assert.deepEqual(transferProblems({ client: 'plain', file, received: wrong, saved: r.saved }), []);
  });

  it('is what the benchmark runs on every transfer, a problem ending the run', () => {
    const bench = fs.readFileSync(new URL('../../tools/bench/file_transfer.mjs', import.meta.url), 'utf8');
    assert.match(bench, /import \{ readSaved, transferProblems \} from '\.\/transfer_check\.mjs'/);
    assert.match(bench, /evaluate\(readSaved, got\.url\)/);
    assert.match(bench, /const problems = transferProblems\(\{[^}]*received: got, saved \}\);\s*if \(problems\.length\) throw/);
  });

  it('refuses a transfer that did not end done, counted short, or left nothing', async () => {
    const r = await received(file_bytes);
    for (const state of ['failed', 'cancelled', 'declined', 'receiving']) {
      const problems = transferProblems({ client: 'duet', file, received: { ...r.received, state },
        saved: r.saved });
      assert.deepEqual(problems, [`duet: the receiver's transfer ended ${state}`]);
    }
    const short = { ...r.received, sent: file.size - 16384 };
    assert.match(transferProblems({ client: 'plain', file, received: short, saved: r.saved })[0],
      /reports 1032192 of 1048576 bytes/);
    assert.equal(transferProblems({ client: 'duet', file, received: null, saved: null }).length, 1);
    assert.match(transferProblems({ client: 'duet', file, received: r.received, saved: null })[0],
      /nothing saved/);
  });
});
