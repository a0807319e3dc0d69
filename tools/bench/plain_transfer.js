// The plain-JS yardstick for file transfer (tools/bench/file_transfer.mjs): what a page
// written by hand does to send a file during a call, with nothing else. Switched on by
// `?files` in the page's address, so the call-setup yardstick (client_bench.mjs) is the page
// it always was. plain_client.js hands over each call's peer connection (attach) and says
// when the call ends (detach).
//
// The same kind of channel as Duet's: a negotiated, ordered RTCDataChannel on the call's own
// peer connection, beside the camera's audio and video. The sender offers name and size; the
// receiver's "Accept file" starts the bytes; the file is read with File.slice readBytes at a
// time and sent as 16 KiB messages while bufferedAmount is at most highWater, resuming on
// bufferedamountlow; the receiver folds the chunks it holds into one Blob every foldBytes and
// gives an object URL at the end. What it does not do: no hash (WebCrypto's digest takes only a whole buffer, so a
// page cannot hash on the fly without a hash of its own), no progress UI, no cancel button.
//
// Published for the benchmark (read only): window.plainFiles = { transfers: [{id, direction,
// name, size, sent, state, url}], limits: {chunkBytes, readBytes, highWater, lowWater,
// foldBytes} }. Marks: "plain-file-accepted" at the press on Accept file, "plain-file-done" when the
// receiver has the whole file.
(function () {
  'use strict';
  if (!/[?&]files(=|&|$)/.test(location.search)) return;
  // A File read is a round trip to the browser's blob store: a page that cares reads 16
  // chunks at a time (Duet's client_wasm/web/js/file_transfer.js does the same).
  var limits = { chunkBytes: 16384, readBytes: 16 * 16384, highWater: 1 << 20, lowWater: 256 << 10,
    foldBytes: 4 << 20 };
  var channelId = 1;
  var files = { transfers: [], limits: limits };
  var dc = null;
  var nextId = 1;
  var outgoing = [];  // [{t, file}] in the order chosen; the first is on the wire or offered
  var incoming = null;  // { t, blob, pending, pendingBytes }

  var bar = document.createElement('div');
  var input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.hidden = true;
  var sendButton = document.createElement('button');
  sendButton.id = 'send-file';
  sendButton.textContent = 'Send file';
  var acceptButton = document.createElement('button');
  acceptButton.id = 'accept-file';
  acceptButton.textContent = 'Accept file';
  bar.append(input, sendButton, acceptButton);
  document.body.insertBefore(bar, document.getElementById('remote'));

  function control(message) {
    if (dc && dc.readyState === 'open') dc.send(JSON.stringify(message));
  }
  function fail(t, why) {
    t.state = 'failed';
    t.error = why;
    console.warn('plain files: ' + why);
  }

  sendButton.addEventListener('click', function () { input.click(); });
  input.addEventListener('change', function () {
    Array.prototype.forEach.call(input.files, function (file) {
      var t = { id: nextId++, direction: 'out', name: file.name, size: file.size, sent: 0,
        state: 'queued', url: '' };
      files.transfers.push(t);
      outgoing.push({ t: t, file: file });
    });
    input.value = '';
    offerNext();
  });

  function offerNext() {
    var head = outgoing[0];
    if (!head || head.t.state !== 'queued' || !dc || dc.readyState !== 'open') return;
    head.t.state = 'waiting';
    control({ type: 'offer', id: head.t.id, name: head.t.name, size: head.t.size });
  }

  function pump(t, file) {
    var offset = 0;
    function next() {
      if (t.state !== 'active' || !dc || dc.readyState !== 'open') return;
      if (offset >= file.size) {
        t.state = 'done';
        outgoing.shift();
        offerNext();
        return;
      }
      if (dc.bufferedAmount > limits.highWater) {
        dc.onbufferedamountlow = function () {
          dc.onbufferedamountlow = null;
          next();
        };
        return;
      }
      var end = Math.min(offset + limits.readBytes, file.size);
      file.slice(offset, end).arrayBuffer().then(function (block) {
        if (t.state !== 'active' || !dc || dc.readyState !== 'open') return;
        for (var at = 0; at < block.byteLength; at += limits.chunkBytes) {
          dc.send(new Uint8Array(block, at, Math.min(limits.chunkBytes, block.byteLength - at)));
        }
        offset = end;
        t.sent = end;
        next();
      }, function (e) { fail(t, 'reading the file: ' + e); });
    }
    next();
  }

  acceptButton.addEventListener('click', function () {
    if (!incoming || incoming.t.state !== 'waiting') return;
    performance.mark('plain-file-accepted');
    incoming.t.state = 'active';
    control({ type: 'accept', id: incoming.t.id });
  });

  function onText(text) {
    var m;
    try { m = JSON.parse(text); } catch (e) { return; }
    if (m.type === 'offer' && !incoming && typeof m.size === 'number' && m.size >= 0) {
      var t = { id: m.id, direction: 'in', name: String(m.name), size: m.size, sent: 0,
        state: 'waiting', url: '' };
      files.transfers.push(t);
      incoming = { t: t, blob: new Blob([]), pending: [], pendingBytes: 0 };
    } else if (m.type === 'accept' && outgoing[0] && outgoing[0].t.id === m.id &&
        outgoing[0].t.state === 'waiting') {
      outgoing[0].t.state = 'active';
      pump(outgoing[0].t, outgoing[0].file);
    }
  }

  function onChunk(chunk) {
    var r = incoming;
    if (!r || r.t.state !== 'active') return;
    r.pending.push(chunk);
    r.pendingBytes += chunk.byteLength;
    r.t.sent += chunk.byteLength;
    if (r.t.sent > r.t.size) {
      fail(r.t, 'more bytes than offered');
      incoming = null;
      return;
    }
    var whole = r.t.sent === r.t.size;
    if (r.pendingBytes >= limits.foldBytes || whole) {
      r.blob = new Blob([r.blob].concat(r.pending));
      r.pending = [];
      r.pendingBytes = 0;
    }
    if (whole) {
      r.t.url = URL.createObjectURL(r.blob);
      r.t.state = 'done';
      performance.mark('plain-file-done');
      incoming = null;
    }
  }

  files.attach = function (pc) {
    dc = pc.createDataChannel('plain-files', { negotiated: true, id: channelId, ordered: true });
    dc.binaryType = 'arraybuffer';
    dc.bufferedAmountLowThreshold = limits.lowWater;
    dc.onopen = offerNext;
    dc.onmessage = function (e) {
      if (typeof e.data === 'string') onText(e.data);
      else onChunk(e.data);
    };
  };
  // The call ended: what was not done is cancelled on this side (the other side sees its own
  // call end too).
  files.detach = function () {
    if (dc) {
      dc.onopen = dc.onmessage = dc.onbufferedamountlow = null;
      dc.close();
    }
    dc = null;
    files.transfers.forEach(function (t) {
      if (t.state !== 'done' && t.state !== 'failed') t.state = 'cancelled';
    });
    outgoing = [];
    incoming = null;
  };
  window.plainFiles = files;
})();
