// The file channel's bytes off the page's main thread (docs/file_transfer.md). With software
// WebGL each drawn frame holds the main thread for 100 ms and more, and the channel's message
// and bufferedamountlow events waited behind every frame: the bytes moved only in the gaps
// between draws. Here, in a dedicated worker that owns the transferred RTCDataChannel, the
// file is read, hashed and sent, and the partner's chunks received, hashed and folded into a
// Blob, at the channel's own pace. The hash is GNU Nettle's SHA-256 in a module of its own
// (file_hash.wasm, from web/file_hash.c), so the page's main thread only counts bytes and
// takes the digests and the Blob this worker reports. Served beside duet.js (a
// same-origin script: the Content-Security-Policy allows no blob: worker; the module is
// fetched under connect-src 'self' and compiled under script-src 'wasm-unsafe-eval').
// Messages in: {t:'dc', dc} (first), {t:'text', s}, {t:'send', job, file}, {t:'stop'},
// {t:'recv', size}, {t:'recvStop'}, {t:'close'}; out: {t:'open'}, {t:'closed'},
// {t:'text', s, sha?, blob?} (while a file comes in: the hex digest of its bytes before this
// text, and the Blob of them), {t:'in', bytes}, {t:'out', job, bytes},
// {t:'readDone', job, bytes, sha},
// {t:'readFailed', job, why}.
'use strict';

var chunkBytes = 16384;          // one binary message (common/transfer/limits.hpp)
var readBytes = 16 * chunkBytes; // one File read, hashed here and sent
var readAhead = 4;               // reads in flight or waiting to be sent
// The channel's queue: stop sending above highWater, go on at bufferedamountlow (lowWater).
var highWater = 4 * 1024 * 1024;
var lowWater = 1024 * 1024;
var maxText = 8192;              // control frames are far smaller (transfer/frame.hpp)
var maxChunk = 65536;            // a binary message past this is no chunk of ours
// Bytes are counted to the page this many at a time (received: before any control text, so
// `done` finds every byte counted; at most batchMs after the first one waiting). Each count
// wakes the page's main thread and C++ (progress, window.duet); the bar is redrawn four
// times a second at most, so counting every 256 KiB (50 a second at 12 MB/s, each way) only
// took CPU from the channel's threads: per 1 MiB the transfer ran about 7% faster here
// (docs/file_transfer.md).
var batchBytes = 64 * chunkBytes;
var batchMs = 200;
// Received chunks are folded into one Blob each time this many wait: the Blob is the
// browser's (it may keep it on disk), the array never grows past this, and the folded chunks
// are let go at once (detached). 2 MiB: the tab's memory is one of the benchmark's figures.
var foldBytes = 2 * 1024 * 1024;
var canDetach = typeof ArrayBuffer.prototype.transfer === 'function';

var OUT = 0, IN = 1;  // the module's two contexts: the file sent, the file received

var dc = null;
var job = null;       // {id, file, readAt, sent, uncounted, countedAt, blocks: [{at, buf}], stopped}
var inn = null;       // {size, received, hashed, parts, waiting, blob, queue: [ArrayBuffer]
                      //  waiting for the module to load}
var batch = { bytes: 0, timer: 0 };

// The hasher: null while file_hash.wasm loads (sending waits, received chunks queue), then
// {e: exports, at: input address, max: input bytes}; failed: no digest is ever reported, so
// a sent file fails and a received one cannot match (never saved).
var hasher = null;
var hasherFailed = false;
var onHasher = [];

function loadHasher() {
  var url = new URL('file_hash.wasm', self.location.href).href;
  var got = typeof WebAssembly.instantiateStreaming === 'function'
    ? WebAssembly.instantiateStreaming(fetch(url), {})
    : fetch(url).then(function (r) { return r.arrayBuffer(); })
        .then(function (b) { return WebAssembly.instantiate(b, {}); });
  got.then(function (r) {
    var e = r.instance.exports;
    if (e._initialize) e._initialize();
    hasher = { e: e, at: e.duet_sha_input(), max: e.duet_sha_input_size() };
    if (inn) {
      e.duet_sha_init(IN);
      drainIn();
    }
  }, function (err) {
    hasherFailed = true;
    console.warn('duet: file hash module', describe(err));
  }).then(function () {
    var go = onHasher;
    onHasher = [];
    for (var i = 0; i < go.length; ++i) go[i]();
  });
}

function hashInto(which, bytes) {  // bytes: a Uint8Array, fed a piece at a time
  for (var at = 0; at < bytes.length; at += hasher.max) {
    var n = Math.min(hasher.max, bytes.length - at);
    new Uint8Array(hasher.e.memory.buffer, hasher.at, n).set(bytes.subarray(at, at + n));
    hasher.e.duet_sha_update(which, n);
  }
}

function hex(ptr) {
  var d = new Uint8Array(hasher.e.memory.buffer, ptr, 32);
  var s = '';
  for (var i = 0; i < d.length; ++i) s += (d[i] < 16 ? '0' : '') + d[i].toString(16);
  return s;
}

// A received chunk's bytes up to the offered size are hashed, in order; more is not.
function hashIn(d) {
  if (!inn) return;
  if (!hasher) {
    if (!hasherFailed) inn.queue.push(d);
    return;
  }
  var kept = Math.min(d.byteLength, inn.size - inn.hashed);
  if (kept <= 0) return;
  hashInto(IN, new Uint8Array(d, 0, kept));
  inn.hashed += kept;
}

function drainIn() {
  if (!inn || !hasher) return;
  var q = inn.queue;
  inn.queue = [];
  for (var i = 0; i < q.length; ++i) hashIn(q[i]);
}

function describe(e) { return e && e.message ? String(e.message) : String(e); }

function flushIn() {
  if (batch.timer) clearTimeout(batch.timer);
  batch.timer = 0;
  if (!batch.bytes) return;
  postMessage({ t: 'in', bytes: batch.bytes });
  batch.bytes = 0;
}

// The Blob constructor copies the bytes, so the chunks' own memory can go now (unless some
// still wait for the hash module).
function fold() {
  if (!inn.parts.length) return;
  inn.blob = new Blob(inn.blob ? [inn.blob].concat(inn.parts) : inn.parts);
  for (var i = 0; canDetach && !inn.queue.length && i < inn.parts.length; ++i) {
    try { inn.parts[i].transfer(0); } catch (e) {}
  }
  inn.parts = [];
  inn.waiting = 0;
}

function stopSend() {
  if (job) job.stopped = true;
  job = null;
}

function fail(j, why) {
  if (j.stopped) return;
  stopSend();
  postMessage({ t: 'readFailed', job: j.id, why: why });
}

function read(j, block) {
  var end = Math.min(j.file.size, block.at + readBytes);
  j.file.slice(block.at, end).arrayBuffer().then(function (buf) {
    if (j.stopped) return;
    if (buf.byteLength !== end - block.at) return fail(j, 'the file changed');
    block.buf = buf;
    pump();
  }, function (e) { fail(j, describe(e)); });
}

// Sends what is read, up to highWater queued, and reads ahead while the page keeps up.
function pump() {
  var j = job;
  if (!j || j.stopped) return;
  if (!dc || dc.readyState !== 'open') return fail(j, 'the channel closed');
  if (hasherFailed) return fail(j, 'no SHA-256 in the file worker');
  if (!hasher) { onHasher.push(pump); return; }
  if (!j.hashing) {
    hasher.e.duet_sha_init(OUT);  // a stopped file's bytes are not this one's
    j.hashing = true;
  }
  try {
    while (j.blocks.length && j.blocks[0].buf && dc.bufferedAmount <= highWater) {
      var buf = j.blocks.shift().buf;
      for (var at = 0; at < buf.byteLength; at += chunkBytes) {
        dc.send(new Uint8Array(buf, at, Math.min(chunkBytes, buf.byteLength - at)));
      }
      hashInto(OUT, new Uint8Array(buf));  // send() copied it; the same bytes, in order
      j.sent += buf.byteLength;
      j.uncounted += buf.byteLength;
      var now = performance.now();
      if (j.uncounted >= batchBytes || now - j.countedAt >= batchMs || j.sent >= j.file.size) {
        postMessage({ t: 'out', job: j.id, bytes: j.uncounted });  // a slow link: by time
        j.uncounted = 0;
        j.countedAt = now;
      }
    }
  } catch (e) { return fail(j, describe(e)); }
  if (j.sent >= j.file.size) {
    stopSend();
    var sha = hex(hasher.e.duet_sha_digest(OUT));
    postMessage({ t: 'readDone', job: j.id, bytes: j.sent, sha: sha });
    return;
  }
  while (j.blocks.length < readAhead && j.readAt < j.file.size) {
    var block = { at: j.readAt, buf: null };
    j.blocks.push(block);
    j.readAt = Math.min(j.file.size, j.readAt + readBytes);
    read(j, block);
  }
}

function take(channel) {
  dc = channel;
  dc.binaryType = 'arraybuffer';
  dc.bufferedAmountLowThreshold = lowWater;
  dc.onopen = function () { postMessage({ t: 'open' }); };
  dc.onclose = function () { stopSend(); flushIn(); inn = null; postMessage({ t: 'closed' }); };
  dc.onbufferedamountlow = pump;
  dc.onmessage = function (ev) {
    var d = ev.data;
    if (typeof d === 'string') {
      flushIn();
      if (d.length > maxText) return;
      // The digest as of this text: the `done` that ends a file carries its bytes' digest.
      // And the Blob of the bytes so far, which the page saves if the digest matches.
      if (!inn) {
        postMessage({ t: 'text', s: d });
        return;
      }
      fold();
      var m = { t: 'text', s: d, blob: inn.blob };
      if (hasher && !inn.queue.length) m.sha = hex(hasher.e.duet_sha_peek(IN));
      postMessage(m);
      return;
    }
    if (!inn || !(d instanceof ArrayBuffer)) return;  // nothing accepted: dropped unread
    if (d.byteLength > maxChunk) d = d.slice(0, maxChunk + 1);  // counted, never kept
    var n = d.byteLength;  // read now: a fold detaches d
    inn.received += n;
    hashIn(d);
    if (inn.received <= inn.size) {
      inn.parts.push(d);
      inn.waiting += n;
      if (inn.waiting >= foldBytes) fold();
    }
    batch.bytes += n;
    if (batch.bytes >= batchBytes) flushIn();
    else if (!batch.timer) batch.timer = setTimeout(flushIn, batchMs);
  };
  if (dc.readyState === 'open') postMessage({ t: 'open' });
}

onmessage = function (ev) {
  var m = ev.data;
  if (!m) return;
  if (m.t === 'dc') return take(m.dc);
  if (m.t === 'text') {
    try { if (dc && dc.readyState === 'open') dc.send(m.s); } catch (e) {}
    return;
  }
  if (m.t === 'send') {
    stopSend();
    job = { id: m.job, file: m.file, readAt: 0, sent: 0, uncounted: 0, countedAt: 0, blocks: [],
      stopped: false, hashing: false };
    return pump();
  }
  if (m.t === 'stop') return stopSend();
  if (m.t === 'recv') {  // before the page sends `accept`, so before the file's first chunk
    inn = { size: Number(m.size) || 0, received: 0, hashed: 0, parts: [], waiting: 0, blob: null,
      queue: [] };
    if (hasher) hasher.e.duet_sha_init(IN);  // else at load, before the queue is drained
    return;
  }
  if (m.t === 'recvStop') { inn = null; return; }
  if (m.t === 'close') {
    stopSend();
    inn = null;
    if (dc) {
      dc.onopen = null; dc.onclose = null; dc.onmessage = null; dc.onbufferedamountlow = null;
      try { dc.close(); } catch (e) {}
    }
    close();
  }
};

loadHasher();
