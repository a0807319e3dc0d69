// The file worker's SHA-256 (file_hash.wasm from client_wasm/web/file_hash.c, Nettle's code
// built alone) against the standard's own examples, as tests/common/crypto/sha256.tests.cpp
// holds the main module's: FIPS 180-2 appendix B and the empty message, whole and fed in
// pieces the way js/file_worker.js feeds it (through the module's input buffer, a piece at a
// time), both contexts at once, and the digest-so-far (peek) leaving the context as it was.
// Cheap: no browser, no server; only the bundle (DUET_WEB_ROOT, default build/wasm/web).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const webRoot = process.env.DUET_WEB_ROOT || 'build/wasm/web';
const wasmPath = path.join(webRoot, 'file_hash.wasm');

async function load() {
  assert.ok(fs.existsSync(wasmPath),
    `${wasmPath} is missing: build the client (tools/build_client.sh)`);
  const mod = await WebAssembly.compile(fs.readFileSync(wasmPath));
  assert.deepEqual(WebAssembly.Module.imports(mod), [], 'the module imports nothing');
  const e = (await WebAssembly.instantiate(mod, {})).exports;
  if (e._initialize) e._initialize();
  const at = e.duet_sha_input();
  const max = e.duet_sha_input_size();
  const feed = (which, bytes, piece = max) => {
    for (let i = 0; i < bytes.length; i += piece) {
      const n = Math.min(piece, bytes.length - i);
      new Uint8Array(e.memory.buffer, at, n).set(bytes.subarray(i, i + n));
      e.duet_sha_update(which, n);
    }
  };
  const hex = (ptr) => Buffer.from(new Uint8Array(e.memory.buffer, ptr, 32)).toString('hex');
  return { e, max, feed, hex };
}

const vectors = [
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ['a'.repeat(1000000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
];

describe('file_hash.wasm (the file worker\'s SHA-256)', () => {
  it('gives the FIPS 180-2 digests, whole and in odd pieces', async () => {
    const h = await load();
    for (const [text, want] of vectors) {
      for (const piece of [h.max, 1, 7, 64, 1000]) {
        // A million one-byte calls: slow, and nothing the 64-byte pieces do not show.
        if (piece < 64 && text.length > 100000) continue;
        h.e.duet_sha_init(0);
        h.feed(0, Buffer.from(text), piece);
        assert.equal(h.hex(h.e.duet_sha_digest(0)), want,
          `${text.slice(0, 8)}… in ${piece}-byte pieces`);
      }
    }
  });

  it('keeps the two contexts apart, and a peek leaves the context going', async () => {
    const h = await load();
    const a = crypto.randomBytes(300000), b = crypto.randomBytes(200001);
    const sha = (x) => crypto.createHash('sha256').update(x).digest('hex');
    h.e.duet_sha_init(0);
    h.e.duet_sha_init(1);
    h.feed(0, a.subarray(0, 100000));
    h.feed(1, b.subarray(0, 5));
    assert.equal(h.hex(h.e.duet_sha_peek(1)), sha(b.subarray(0, 5)));
    h.feed(0, a.subarray(100000));
    h.feed(1, b.subarray(5));
    assert.equal(h.hex(h.e.duet_sha_peek(1)), sha(b));
    assert.equal(h.hex(h.e.duet_sha_digest(0)), sha(a));
    assert.equal(h.hex(h.e.duet_sha_digest(1)), sha(b));
    // The digest starts the context afresh.
    assert.equal(h.hex(h.e.duet_sha_digest(0)), vectors[3][1]);
  });
});
