// The JS half of the in-call controls (web/local_media, web/peer_connection, web/page):
// the tracks switched on and off, the control channel, the microphone's level, the
// shortcut keys and fullscreen. Linked with --pre-js after bridge.js; events go back through
// the delivering functions C++ hands in (handler_for); like bridge.js, nothing here throws
// into wasm.
Module['duetMedia'] = (function () {
  function tracks(stream, kind) {
    try { return kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks(); } catch (e) { return []; }
  }
  // The transceiver that carries `kind`, found by its receiver: a sender whose track was
  // replaced by null has no kind left to find it by.
  function sender(pc, kind) {
    try {
      var ts = pc.getTransceivers();
      for (var i = 0; i < ts.length; i++) {
        var t = ts[i];
        if (t.receiver && t.receiver.track && t.receiver.track.kind === kind &&
            t.direction !== 'recvonly' && t.direction !== 'inactive') return t.sender;
      }
    } catch (e) {}
    return null;
  }
  // The sender of `kind` sends `track` (or nothing): no renegotiation either way.
  function replace(pc, kind, track) {
    var s = sender(pc, kind);
    if (!s) return 'no ' + kind + ' sender';
    try {
      Promise.resolve(s.replaceTrack(track || null)).catch(function (e) {
        console.warn('duet: replaceTrack', e);
      });
      return '';
    } catch (e) { return String(e && e.message || e); }
  }
  var keys = { m: 1, M: 1, v: 1, V: 1, s: 1, S: 1, c: 1, C: 1, Escape: 1, '?': 1 };

  return {
    setAudioEnabled: function (stream, on) {
      tracks(stream, 'audio').forEach(function (t) { t.enabled = on; });
    },
    // The camera off, or a device given up for another: its tracks stopped (the camera
    // light goes off where the device has one; a phone opens one camera at a time) and taken
    // out of the stream the self-view shows.
    stopKind: function (stream, kind) {
      tracks(stream, kind).forEach(function (t) {
        try { t.stop(); stream.removeTrack(t); } catch (e) {}
      });
    },
    // A new track of `kind` ('audio' or 'video'), handed to onTrack; stopped at once if its
    // owner is gone.
    requestTrack: function (kind, constraints, onTrack, onFailed) {
      var md = navigator.mediaDevices;
      var p;
      var ask = {};
      ask[kind] = constraints;
      try { p = md.getUserMedia(ask); } catch (e) { p = Promise.reject(e); }
      Promise.resolve(p).then(function (s) {
        var t = tracks(s, kind)[0];
        if (!t) return;
        if (!onTrack(t)) t.stop();
      }, function (e) { onFailed(String(e && e.message || e)); });
    },
    addTrack: function (stream, track, enabled) {
      try { track.enabled = enabled; stream.addTrack(track); return true; } catch (e) { return false; }
    },
    stopTrack: function (track) { try { track.stop(); } catch (e) {} },
    // The sender of `kind` sends `stream`'s track of that kind, or nothing.
    replaceFromStream: function (pc, stream, kind) {
      return replace(pc, kind, tracks(stream, kind)[0] || null);
    },
    replaceWith: function (pc, kind, track) { return replace(pc, kind, track); },
    // With the camera off when a call starts, the offer still needs a video sender that
    // addTrack made (an answerer pairs only those with the offer's m-lines), so turning the
    // camera on later needs no new offer: a blank canvas track holds its place, then nothing.
    addVideoPlaceholder: function (pc, stream) {
      if (tracks(stream, 'video').length > 0) return;
      try {
        var canvas = document.createElement('canvas');
        canvas.width = 2;
        canvas.height = 2;
        var t = canvas.captureStream(0).getVideoTracks()[0];
        var sender = pc.addTrack(t, stream);
        Promise.resolve(sender.replaceTrack(null)).then(function () { t.stop(); }, function () {});
      } catch (e) { console.warn('duet: no video placeholder', e); }
    },

    // The screen, in place of the camera (web/screen_share). Called within the press of
    // Share screen: getDisplayMedia needs a user gesture. 'detail': the encoder keeps the
    // resolution and lowers the frame rate under load, so text stays readable. onEnded gets
    // the track when the browser's own "Stop sharing" (or a closed window) ends it.
    canShareScreen: function () {
      var md = navigator.mediaDevices;
      return !!(md && typeof md.getDisplayMedia === 'function');
    },
    shareScreen: function (onTrack, onFailed, onEnded) {
      var md = navigator.mediaDevices;
      var p;
      try { p = md.getDisplayMedia({ video: true, audio: false }); } catch (e) { p = Promise.reject(e); }
      Promise.resolve(p).then(function (s) {
        var t = s.getVideoTracks()[0];
        if (!t) { onFailed('no video in the shared screen'); return; }
        try { t.contentHint = 'detail'; } catch (e) {}
        t.addEventListener('ended', function () { onEnded(t); });
        if (!onTrack(t)) t.stop();
      }, function (e) { onFailed(String(e && e.message || e)); });
    },

    // The call's control channel: negotiated (both sides create it with the same id before
    // the offer), so it needs no in-band handshake and no event on the other side.
    openControl: function (pc, onOpen, onMessage) {
      var dc;
      try { dc = pc.createDataChannel('duet-control', { negotiated: true, id: 0, ordered: true }); } catch (e) {
        return null;
      }
      dc.onopen = function () { onOpen(null); };
      dc.onmessage = function (ev) {
        // A state message is a few dozen bytes; anything long is not one.
        if (typeof ev.data === 'string' && ev.data.length <= 1024) onMessage(ev.data);
      };
      return dc;
    },
    closeControl: function (dc) {
      try { dc.onopen = null; dc.onmessage = null; dc.close(); } catch (e) {}
    },
    sendControl: function (dc, text) {
      try { if (dc.readyState === 'open') { dc.send(text); return true; } } catch (e) {}
      return false;
    },

    // The local microphone's level (RMS, 0..1) every 200 ms, as 'level', from an analyser on
    // a clone of its track: the sent track is disabled while muted, and a disabled track
    // gives the analyser silence. The page's only analyser: the meter and the muted hint
    // both read it. Each level is the loudest 1024-sample block (about 21 ms) of the last
    // 8192 (about 170 ms), so a short sound between two readings is not missed, on the
    // scale one block's RMS always had.
    watchLevel: function (stream, onLevel) {
      var track = tracks(stream, 'audio')[0];
      var C = globalThis.AudioContext || globalThis.webkitAudioContext;
      if (!track || typeof C !== 'function') return null;
      try {
        var clone = track.clone();
        clone.enabled = true;
        var ctx = new C();
        var source = ctx.createMediaStreamSource(new MediaStream([clone]));
        var analyser = ctx.createAnalyser();
        analyser.fftSize = 8192;
        source.connect(analyser);
        var samples = new Float32Array(analyser.fftSize);
        var block = 1024;
        if (ctx.state === 'suspended') ctx.resume().catch(function () {});
        var timer = setInterval(function () {
          analyser.getFloatTimeDomainData(samples);
          var loudest = 0;
          for (var b = 0; b < samples.length; b += block) {
            var sum = 0;
            for (var i = b; i < b + block; i++) sum += samples[i] * samples[i];
            loudest = Math.max(loudest, sum / block);
          }
          onLevel(Math.sqrt(loudest));
        }, 200);
        return { stop: function () {
          clearInterval(timer);
          try { source.disconnect(); clone.stop(); ctx.close(); } catch (e) {}
        } };
      } catch (e) {
        console.warn('duet: no microphone level', e);
        return null;
      }
    },
    stopLevel: function (watch) { if (watch) watch.stop(); },

    // The shortcut keys (M, V, S, C, Esc in a call; ? for their list anywhere), from anywhere
    // on the page but the offscreen text input (typing a name is not a shortcut); C++ decides
    // what each means.
    watchKeys: function (onKey) {
      window.addEventListener('keydown', function (e) {
        if (e.repeat || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
        if (!keys[e.key]) return;
        var t = e.target;
        if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
        onKey(e.key);
      });
    },
    // Within a press: browsers grant fullscreen only inside a user gesture.
    toggleFullscreen: function () {
      var d = document;
      try {
        if (d.fullscreenElement) {
          Promise.resolve(d.exitFullscreen()).catch(function () {});
        } else if (d.documentElement.requestFullscreen) {
          Promise.resolve(d.documentElement.requestFullscreen()).catch(function (e) {
            console.warn('duet: fullscreen refused', e);
          });
        }
      } catch (e) {}
    },
    canFullscreen: function () { return !!(document.fullscreenEnabled && document.documentElement.requestFullscreen); },
    isFullscreen: function () { return !!document.fullscreenElement; },
  };
})();
