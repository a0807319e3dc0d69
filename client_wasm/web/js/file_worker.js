// The file channel's bytes off the page's main thread (docs/file_transfer.md). With software
// WebGL each drawn frame holds the main thread for 100 ms and more, and the channel's message
// and bufferedamountlow events waited behind every frame: the bytes moved only in the gaps
// between draws. Here, in a dedicated worker that owns the transferred RTCDataChannel, the
// file is read and sent, and the partner's chunks received, at the channel's own pace; the
// page (file_transfer.js) gets one message per 256 KiB block to hash in wasm and keep, and
// the control texts in order with them. Served beside duet.js (a same-origin script: the
// Content-Security-Policy allows no blob: worker). Messages in: {t:'dc', dc} (first),
// {t:'text', s}, {t:'send', job, file}, {t:'stop'}, {t:'hashed', job},
// {t:'close'}; out: {t:'open'},
// {t:'closed'}, {t:'text', s}, {t:'in', parts, bytes}, {t:'out', job, buf},
// {t:'readDone', job, bytes}, {t:'readFailed', job, why}.
'use strict';

var chunkBytes = 16384;          // one binary message (common/transfer/limits.hpp)
var readBytes = 16 * chunkBytes; // one File read, and one block for the page to hash
var readAhead = 4;               // reads in flight or waiting to be sent
// The channel's queue: stop sending above highWater, go on at bufferedamountlow (lowWater).
var highWater = 4 * 1024 * 1024;
var lowWater = 1024 * 1024;
// Blocks sent but not yet hashed by the page: reading waits above this many, so a page that
// draws for a long while holds at most these (4 MiB) in its queue, not the file.
var maxUnhashed = 48;
var maxText = 8192;              // control frames are far smaller (transfer/frame.hpp)
var maxChunk = 65536;            // a binary message past this is no chunk of ours
// Received chunks go to the page this many bytes at a time, before any control text (so
// `done` finds every byte there), and at most this long after the first one waiting.
var batchBytes = 16 * chunkBytes;
var batchMs = 50;

var dc = null;
var job = null;       // {id, file, readAt, sent, blocks: [{at, buf}], stopped}
var unhashed = 0;
var batch = { parts: [], bytes: 0, timer: 0 };

function describe(e) { return e && e.message ? String(e.message) : String(e); }

function flushIn() {
  if (batch.timer) clearTimeout(batch.timer);
  batch.timer = 0;
  if (!batch.parts.length) return;
  var parts = batch.parts;
  postMessage({ t: 'in', parts: parts, bytes: batch.bytes }, parts);
  batch.parts = [];
  batch.bytes = 0;
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
  try {
    while (j.blocks.length && j.blocks[0].buf && dc.bufferedAmount <= highWater) {
      var buf = j.blocks.shift().buf;
      for (var at = 0; at < buf.byteLength; at += chunkBytes) {
        dc.send(new Uint8Array(buf, at, Math.min(chunkBytes, buf.byteLength - at)));
      }
      j.sent += buf.byteLength;
      unhashed++;
      postMessage({ t: 'out', job: j.id, buf: buf }, [buf]);  // to be hashed; sent already
    }
  } catch (e) { return fail(j, describe(e)); }
  if (j.sent >= j.file.size) {
    stopSend();
    postMessage({ t: 'readDone', job: j.id, bytes: j.sent });
    return;
  }
  while (j.blocks.length < readAhead && j.readAt < j.file.size && unhashed < maxUnhashed) {
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
  dc.onclose = function () { stopSend(); flushIn(); postMessage({ t: 'closed' }); };
  dc.onbufferedamountlow = pump;
  dc.onmessage = function (ev) {
    var d = ev.data;
    if (typeof d === 'string') {
      flushIn();
      if (d.length <= maxText) postMessage({ t: 'text', s: d });
      return;
    }
    if (!(d instanceof ArrayBuffer)) return;
    if (d.byteLength > maxChunk) d = d.slice(0, maxChunk + 1);  // counted, never kept
    batch.parts.push(d);
    batch.bytes += d.byteLength;
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
    unhashed = 0;
    job = { id: m.job, file: m.file, readAt: 0, sent: 0, blocks: [], stopped: false };
    return pump();
  }
  if (m.t === 'stop') return stopSend();
  if (m.t === 'hashed') {
    if (!job || m.job !== job.id) return;  // an earlier file's block
    if (unhashed > 0) unhashed--;
    return pump();
  }
  if (m.t === 'close') {
    stopSend();
    if (dc) {
      dc.onopen = null; dc.onclose = null; dc.onmessage = null; dc.onbufferedamountlow = null;
      try { dc.close(); } catch (e) {}
    }
    close();
  }
};
