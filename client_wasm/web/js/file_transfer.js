// The JS half of web/file_picker and web/file_channel (docs/file_transfer.md): the files the
// person chose (a hidden <input type=file multiple>, or dropped on the window), read in
// slices and sent as 16 KiB binary messages on the call's "duet-file" channel with back
// pressure, and the partner's file collected without one growing array. Linked with --pre-js
// after bridge.js; nothing here throws into wasm, and events go back only through the
// handlers C++ passed in. The bytes never enter the wasm heap except one chunk at a time,
// copied by C++ to hash it.
Module['duetFiles'] = (function () {
  var chunkBytes = 16384;          // one binary message (common/transfer/limits.hpp)
  // One File read is a round trip to the browser's blob store: 16 chunks per read keeps
  // them few, and memory stays at this block plus the channel's buffer.
  var readBytes = 16 * chunkBytes;
  // Back pressure: stop reading above highWater bytes queued in the channel, go on when the
  // browser says it fell to lowWater (bufferedamountlow).
  var highWater = 1024 * 1024;
  var lowWater = 256 * 1024;
  // Received chunks are folded into one Blob each time this many are waiting: the Blob is
  // the browser's (it may keep it on disk), the array never grows past this.
  var foldBytes = 4 * 1024 * 1024;
  var maxText = 8192;              // control frames are far smaller (transfer/frame.hpp)
  var maxChunk = 65536;            // a binary message past this is no chunk of ours

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
  }

  function fold(r) {
    r.blob = new Blob(r.blob ? [r.blob].concat(r.parts) : r.parts);
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
          if (d.length <= maxText) h.text(d);
          return;
        }
        var r = ch.inn;
        if (!r || !(d instanceof ArrayBuffer)) return;  // nothing accepted: dropped unread
        if (d.byteLength > maxChunk) d = d.slice(0, maxChunk + 1);  // counted, never kept
        r.received += d.byteLength;
        if (r.received <= r.size) {
          r.parts.push(d);
          r.waiting += d.byteLength;
          if (r.waiting >= foldBytes) fold(r);
        }
        h.chunkIn(new Uint8Array(d));  // hashed and counted in wasm
      };
      return ch;
    },
    close: function (ch) {
      stopSend(ch);
      ch.inn = null;
      var dc = ch.dc;
      try {
        dc.onopen = null; dc.onclose = null; dc.onmessage = null; dc.onbufferedamountlow = null;
        dc.close();
      } catch (e) {}
    },
    send: function (ch, text) {
      try { if (ch.dc.readyState === 'open') { ch.dc.send(text); return true; } } catch (e) {}
      return false;
    },
    // Reads file `key` block by block and sends it; each chunk goes to C++ to be hashed
    // before it is sent. readDone(bytes) after the last, readFailed(reason) if it stops.
    startSend: function (ch, key) {
      stopSend(ch);
      var file = files.get(key);
      var job = { stopped: false, offset: 0 };
      ch.out = job;
      var dc = ch.dc, h = ch.h;
      if (!file) { ch.out = null; h.readFailed('the file is gone'); return; }
      function fail(why) {
        if (job.stopped) return;
        ch.out = null;
        h.readFailed(why);
      }
      function next() {
        if (job.stopped) return;
        if (dc.readyState !== 'open') return fail('the channel closed');
        if (job.offset >= file.size) { ch.out = null; h.readDone(job.offset); return; }
        if (dc.bufferedAmount > highWater) { ch.resume = next; return; }
        var end = Math.min(file.size, job.offset + readBytes);
        file.slice(job.offset, end).arrayBuffer().then(function (buf) {
          if (job.stopped) return;
          if (buf.byteLength !== end - job.offset) return fail('the file changed');
          try {
            for (var at = 0; at < buf.byteLength; at += chunkBytes) {
              var piece = new Uint8Array(buf, at, Math.min(chunkBytes, buf.byteLength - at));
              h.chunkOut(piece);
              dc.send(piece);
            }
          } catch (e) { return fail(describe(e)); }
          job.offset = end;
          next();
        }, function (e) { fail(describe(e)); });
      }
      next();
    },
    stopSend: stopSend,
    startReceive: function (ch, size) {
      ch.inn = { size: size, received: 0, parts: [], waiting: 0, blob: null };
    },
    // The received bytes as a Blob of type `mime`, and its object URL ('' if none).
    save: function (ch, mime) {
      var r = ch.inn;
      ch.inn = null;
      if (!r) return '';
      try {
        var blob = new Blob(r.blob ? [r.blob].concat(r.parts) : r.parts, { type: mime });
        return URL.createObjectURL(blob);
      } catch (e) {
        console.warn('duet: saving a received file', e);
        return '';
      }
    },
    dropReceive: function (ch) { ch.inn = null; },

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
