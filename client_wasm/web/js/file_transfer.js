// The JS half of web/file_picker and web/file_channel (docs/file_transfer.md): the files the
// person chose (a hidden <input type=file multiple>, or dropped on the window), read in
// slices and sent as 16 KiB binary messages on the call's "duet-file" channel with back
// pressure, and the partner's file collected without one growing array. Linked with --pre-js
// after bridge.js; nothing here throws into wasm, and events go back only through the
// handlers C++ passed in. The bytes never enter the wasm heap except a block at a time,
// copied by C++ to hash it (and not at all when the worker below hashes them).
//
// The page's main thread is shared with the video's draws (software WebGL: a frame can hold
// it for 100 ms and more), so the channel's work comes in a few slots a second. Each slot must
// move as much as it can: the file is read ahead (several reads in flight, so a block is
// ready when a slot comes), sent up to a bufferedAmount that covers a long stall, and hashed
// one block per crossing into wasm, not one chunk.
//
// Better still, where the browser can transfer an RTCDataChannel to a worker (Chromium and
// Firefox can), the channel is handed at birth to file_worker.js, which reads, sends and
// receives off the main thread, hashes both ways with its own small Nettle module
// (file_hash.wasm) and folds the received bytes into a Blob; this page then only counts the
// bytes and takes the digests and the Blob the worker reports (at readDone, and with each
// control text while a file comes in), and sends and takes the control texts through it.
// Where the transfer throws, or there is no Worker, the channel stays here and C++ hashes,
// as below.
Module['duetFiles'] = (function () {
  var chunkBytes = 16384;          // one binary message (common/transfer/limits.hpp)
  // One File read is a round trip to the browser's blob store: 16 chunks per read keeps
  // them few; readAhead reads at most are in flight or waiting to be sent. (Reads of 1 MiB,
  // 2 ahead, measured no better, and hashing a block is then one 40 ms task under load.)
  var readBytes = 16 * chunkBytes;
  var readAhead = 4;
  // Back pressure: stop sending above highWater bytes queued in the channel, go on when the
  // browser says it fell to lowWater (bufferedamountlow). 4 MiB keeps SCTP busy through a
  // main-thread stall of half a second at 8 MB/s; the sender's memory is this plus the reads.
  var highWater = 4 * 1024 * 1024;
  var lowWater = 1024 * 1024;
  // Received chunks (channel on the page) are folded into one Blob each time this many are
  // waiting: the Blob is the browser's (it may keep it on disk), the array never grows past
  // this. Folded chunks are let go at once (detached), not when the collector next runs.
  // 2 MiB, as the worker folds.
  var foldBytes = 2 * 1024 * 1024;
  // Received chunks go to C++ to be hashed this many bytes at a time (and before any
  // control text, so `done` finds every byte hashed).
  var hashBytes = 16 * chunkBytes;
  var maxText = 8192;              // control frames are far smaller (transfer/frame.hpp)
  var maxChunk = 65536;            // a binary message past this is no chunk of ours
  var canDetach = typeof ArrayBuffer.prototype.transfer === 'function';
  // The worker's script, beside this one (duet.js); null: no worker, the channel stays here.
  var workerUrl = (function () {
    try {
      var src = document.currentScript && document.currentScript.src;
      return typeof Worker === 'function' ? new URL('file_worker.js', src || location.href).href
                                          : null;
    } catch (e) { return null; }
  })();

  var files = new Map();
  var nextKey = 1;
  var picker = null;

  function describe(e) { return e && e.message ? String(e.message) : String(e); }

  function hasFiles(ev) {
    var t = ev.dataTransfer && ev.dataTransfer.types;
    return !!t && Array.prototype.indexOf.call(t, 'Files') >= 0;
  }

  function take(list, onPicked) {
    for (var i = 0; list && i < list.length; ++i) {
      var f = list[i];
      var key = nextKey++;
      files.set(key, f);
      if (!onPicked({ key: key, name: String(f.name), size: f.size, type: String(f.type || '') })) {
        files.delete(key);  // the owner is gone
      }
    }
  }

  function stopSend(ch) {
    if (ch.out) ch.out.stopped = true;
    ch.out = null;
    ch.resume = null;
    if (ch.worker) {
      ch.job = 0;
      ch.worker.postMessage({ t: 'stop' });
    }
  }

  // One received chunk kept (or only counted, past the offered size); false: not accepted.
  function keep(ch, d) {
    var r = ch.inn;
    if (!r) return false;
    r.received += d.byteLength;
    r.pending.push(new Uint8Array(d));
    r.pendingBytes += d.byteLength;
    if (r.received <= r.size) {
      r.parts.push(d);
      r.waiting += d.byteLength;
    }
    if (r.waiting >= foldBytes) fold(ch);
    return true;
  }

  // The channel handed to a worker (file_worker.js) in the task that made it (a channel is
  // transferable only then), with the worker's messages turned into the same handler calls
  // as the channel's own events here. Null: no worker, or this browser cannot transfer it.
  function toWorker(dc, h) {
    if (!workerUrl) return null;
    var w;
    try {
      w = new Worker(workerUrl);
      w.postMessage({ t: 'dc', dc: dc }, [dc]);
    } catch (e) {
      if (w) w.terminate();
      return null;
    }
    var ch = { dc: null, worker: w, h: h, out: null, inn: null, resume: null, open: false,
      job: 0, nextJob: 1 };
    w.onerror = function (ev) { console.warn('duet: file worker', ev.message || ev); };
    w.onmessage = function (ev) {
      var m = ev.data;
      if (!m || ch.worker !== w) return;
      if (m.t === 'open') { ch.open = true; h.open(null); return; }
      if (m.t === 'closed') {
        ch.open = false; ch.job = 0; ch.inn = null; h.closed(null);
        return;
      }
      if (m.t === 'text') {
        // The received bytes' digest and Blob as of this text: `done`'s are the ones C++
        // checks and saves.
        if (ch.inn && typeof m.sha === 'string') ch.inn.sha = m.sha;
        if (ch.inn && m.blob instanceof Blob) ch.inn.blob = m.blob;
        h.text(m.s);
        return;
      }
      if (m.t === 'in') {
        if (!ch.inn || !(m.bytes > 0)) return;  // nothing accepted
        ch.inn.received += m.bytes;
        h.chunkIn({ parts: [], bytes: m.bytes, hashed: true });  // counted, not copied
        return;
      }
      if (!m.job || m.job !== ch.job) return;  // an earlier file's, stopped since
      if (m.t === 'out') {
        h.chunkOut({ parts: [], bytes: m.bytes, hashed: true });
      } else if (m.t === 'readDone') {
        ch.job = 0;
        h.readDone({ bytes: m.bytes, sha: m.sha });
      } else if (m.t === 'readFailed') {
        ch.job = 0;
        h.readFailed(m.why);
      }
    };
    return ch;
  }

  // What arrived since the last crossing goes to C++ (hashed and counted there).
  function flushIn(ch) {
    var r = ch.inn;
    if (!r || !r.pending.length) return;
    var batch = { parts: r.pending, bytes: r.pendingBytes };
    r.pending = [];
    r.pendingBytes = 0;
    ch.h.chunkIn(batch);
  }

  // The Blob constructor copies the bytes, so the chunks' own memory can go now.
  function fold(ch) {
    var r = ch.inn;
    flushIn(ch);
    r.blob = new Blob(r.blob ? [r.blob].concat(r.parts) : r.parts);
    if (canDetach) {
      for (var i = 0; i < r.parts.length; ++i) {
        try { r.parts[i].transfer(0); } catch (e) {}
      }
    }
    r.parts = [];
    r.waiting = 0;
  }

  return {
    // The picker: one for the page's life (web/file_picker).
    install: function (onPicked) {
      try {
        var input = document.createElement('input');
        input.type = 'file';
        input.multiple = true;
        input.tabIndex = -1;
        input.setAttribute('aria-hidden', 'true');
        input.style.display = 'none';
        input.id = 'duet-file-input';
        input.onchange = function () { take(input.files, onPicked); input.value = ''; };
        document.body.appendChild(input);
        var over = function (ev) {
          if (!hasFiles(ev)) return;
          ev.preventDefault();
          ev.dataTransfer.dropEffect = 'copy';
        };
        var drop = function (ev) {
          if (!hasFiles(ev)) return;
          ev.preventDefault();
          take(ev.dataTransfer.files, onPicked);
        };
        window.addEventListener('dragover', over);
        window.addEventListener('drop', drop);
        picker = { input: input, over: over, drop: drop };
        return true;
      } catch (e) {
        console.warn('duet: file picker', e);
        return false;
      }
    },
    uninstall: function () {
      if (!picker) return;
      window.removeEventListener('dragover', picker.over);
      window.removeEventListener('drop', picker.drop);
      picker.input.onchange = null;
      picker.input.remove();
      picker = null;
    },
    // Inside the press: the browser opens its chooser only within a user gesture.
    choose: function () { if (picker) picker.input.click(); },
    forget: function (key) { files.delete(key); },
    held: function () { return files.size; },

    // The channel: one per peer connection (web/file_channel). `h`: the C++ owner's
    // handlers {open, text, closed, chunkIn, chunkOut, readDone, readFailed}.
    open: function (pc, id, h) {
      var dc;
      try {
        dc = pc.createDataChannel('duet-file', { negotiated: true, id: id, ordered: true });
        dc.binaryType = 'arraybuffer';  // bytes stay bytes, never a string or a Blob
        dc.bufferedAmountLowThreshold = lowWater;
      } catch (e) {
        console.warn('duet: createDataChannel', e);
        return null;
      }
      var moved = toWorker(dc, h);
      if (moved) return moved;
      var ch = { dc: dc, h: h, out: null, inn: null, resume: null };
      dc.onopen = function () { h.open(null); };
      dc.onclose = function () { stopSend(ch); ch.inn = null; h.closed(null); };
      dc.onbufferedamountlow = function () {
        var go = ch.resume;
        ch.resume = null;
        if (go) go();
      };
      dc.onmessage = function (ev) {
        var d = ev.data;
        if (typeof d === 'string') {
          flushIn(ch);
          if (d.length <= maxText) h.text(d);
          return;
        }
        var r = ch.inn;
        if (!r || !(d instanceof ArrayBuffer)) return;  // nothing accepted: dropped unread
        if (d.byteLength > maxChunk) d = d.slice(0, maxChunk + 1);  // counted, never kept
        keep(ch, d);
        if (r.pendingBytes >= hashBytes || r.received >= r.size) flushIn(ch);
      };
      return ch;
    },
    close: function (ch) {
      stopSend(ch);
      ch.inn = null;
      if (ch.worker) {
        ch.worker.postMessage({ t: 'close' });  // the worker closes the channel, then itself
        ch.worker = null;
        return;
      }
      var dc = ch.dc;
      try {
        dc.onopen = null; dc.onclose = null; dc.onmessage = null; dc.onbufferedamountlow = null;
        dc.close();
      } catch (e) {}
    },
    send: function (ch, text) {
      if (ch.worker) {
        if (ch.open) ch.worker.postMessage({ t: 'text', s: text });
        return ch.open;
      }
      try { if (ch.dc.readyState === 'open') { ch.dc.send(text); return true; } } catch (e) {}
      return false;
    },
    // Reads file `key` block by block, a few reads ahead, and sends it; each block goes to
    // C++ to be hashed before it is sent. readDone(bytes) after the last, readFailed(reason)
    // if it stops.
    startSend: function (ch, key) {
      stopSend(ch);
      var file = files.get(key);
      if (!file) { ch.h.readFailed('the file is gone'); return; }
      if (ch.worker) {
        ch.job = ch.nextJob++;
        ch.worker.postMessage({ t: 'send', job: ch.job, file: file });
        return;
      }
      var job = { stopped: false, readAt: 0, sent: 0, blocks: [] };  // blocks: [{at, buf}] in order
      ch.out = job;
      var dc = ch.dc, h = ch.h;
      function fail(why) {
        if (job.stopped) return;
        stopSend(ch);
        h.readFailed(why);
      }
      function read(block) {
        var end = Math.min(file.size, block.at + readBytes);
        file.slice(block.at, end).arrayBuffer().then(function (buf) {
          if (job.stopped) return;
          if (buf.byteLength !== end - block.at) return fail('the file changed');
          block.buf = buf;
          pump();
        }, function (e) { fail(describe(e)); });
      }
      function pump() {
        if (job.stopped) return;
        if (dc.readyState !== 'open') return fail('the channel closed');
        try {
          while (job.blocks.length && job.blocks[0].buf && dc.bufferedAmount <= highWater) {
            var buf = job.blocks.shift().buf;
            h.chunkOut({ parts: [new Uint8Array(buf)], bytes: buf.byteLength });
            for (var at = 0; at < buf.byteLength; at += chunkBytes) {
              dc.send(new Uint8Array(buf, at, Math.min(chunkBytes, buf.byteLength - at)));
            }
            job.sent += buf.byteLength;
          }
        } catch (e) { return fail(describe(e)); }
        if (job.sent >= file.size) {
          stopSend(ch);
          h.readDone(job.sent);
          return;
        }
        while (job.blocks.length < readAhead && job.readAt < file.size) {
          var block = { at: job.readAt, buf: null };
          job.blocks.push(block);
          job.readAt = Math.min(file.size, job.readAt + readBytes);
          read(block);
        }
        ch.resume = dc.bufferedAmount > highWater ? pump : null;
      }
      pump();
    },
    // Copies a batch of chunks ({parts, bytes} as given to chunkIn/chunkOut) into `view` (the
    // wasm heap); returns the bytes copied.
    copyInto: function (view, batch) {
      var at = 0;
      for (var i = 0; i < batch.parts.length && at + batch.parts[i].byteLength <= view.length; ++i) {
        view.set(batch.parts[i], at);
        at += batch.parts[i].byteLength;
      }
      return at;
    },
    stopSend: stopSend,
    startReceive: function (ch, size) {
      ch.inn = { size: size, received: 0, parts: [], waiting: 0, blob: null, pending: [],
        pendingBytes: 0, sha: null };
      // Posted before C++ sends `accept`, so the worker hashes from the first chunk.
      if (ch.worker) ch.worker.postMessage({ t: 'recv', size: size });
    },
    // The worker's digest of the received bytes (hex), or null: C++ hashed them itself.
    receivedSha: function (ch) {
      if (!ch.worker) return null;
      return ch.inn && ch.inn.sha ? ch.inn.sha : '';
    },
    // The received bytes as a Blob of type `mime`, and its object URL ('' if none).
    save: function (ch, mime) {
      var r = ch.inn;
      ch.inn = null;
      if (ch.worker) ch.worker.postMessage({ t: 'recvStop' });
      if (!r) return '';
      try {
        var blob = new Blob(r.blob ? [r.blob].concat(r.parts) : r.parts, { type: mime });
        for (var i = 0; canDetach && i < r.parts.length; ++i) r.parts[i].transfer(0);
        return URL.createObjectURL(blob);
      } catch (e) {
        console.warn('duet: saving a received file', e);
        return '';
      }
    },
    dropReceive: function (ch) {
      ch.inn = null;
      if (ch.worker) ch.worker.postMessage({ t: 'recvStop' });
    },

    revoke: function (url) { try { URL.revokeObjectURL(url); } catch (e) {} },
    // A download of `url` under `name`, as a link the person pressed.
    download: function (url, name) {
      try {
        var a = document.createElement('a');
        a.href = url;
        a.download = name;
        a.style.display = 'none';
        document.body.appendChild(a);
        a.click();
        a.remove();
      } catch (e) {
        console.warn('duet: download', e);
      }
    },
  };
})();
