// The JS half of client_wasm/web, linked with --pre-js.
//
// C++ owners (web/*.cpp) hold browser objects only as integer handles into `objects` below,
// and receive events only through `deliver`, addressed to an owner id with a kind number that
// C++ chose (JS never names an event: functions below that raise one are handed the
// delivering function `handler` made). When an owner is
// destroyed its id leaves `live`, so a late event or promise settles into nothing instead
// of reaching freed memory (the pattern of datachannel-wasm). Anything that can throw runs
// inside try/catch here: a JS exception unwinding through wasm frames would skip C++
// destructors, and Emscripten builds have no C++ exception catching to stop it anyway.
Module['duetBridge'] = (function () {
  var objects = new Map();
  var nextObject = 1;
  var live = new Set();

  function describe(e) {
    if (e && e.name && e.message) return e.name + ': ' + e.message;
    if (e && e.message) return String(e.message);
    return String(e);
  }

  function deliver(owner, kind, payload) {
    if (!live.has(owner)) return false;
    var dispatch = Module['duet_dispatch'];
    if (!dispatch) return false;
    try {
      dispatch(owner, kind, payload === undefined ? null : payload);
    } catch (e) {
      console.error('duet: handler for event ' + kind + ' of owner ' + owner + ' failed', e);
    }
    return true;
  }

  function stopTracks(stream) {
    try {
      stream.getTracks().forEach(function (t) { t.stop(); });
    } catch (e) {}
  }

  return {
    put: function (obj) {
      var id = nextObject++;
      objects.set(id, obj);
      return id;
    },
    get: function (id) { return objects.get(id); },
    drop: function (id) { objects.delete(id); },

    // For leak checks: both stay flat across calls, whatever their number.
    stats: function () { return { objects: objects.size, owners: live.size }; },

    live: function (owner, alive) {
      if (alive) live.add(owner); else live.delete(owner);
    },
    // A function delivering its argument; it returns whether the owner was alive to take it.
    handler: function (owner, kind) {
      return function (ev) { return deliver(owner, kind, ev); };
    },

    // Calls obj[method](...args); never throws.
    attempt: function (obj, method, args) {
      try {
        return { ok: true, value: obj[method].apply(obj, args) };
      } catch (e) {
        return { ok: false, value: null, error: describe(e) };
      }
    },
    construct: function (name, args) {
      try {
        var C = globalThis[name];
        if (typeof C !== 'function') return { ok: false, value: null, error: name + ' is not supported' };
        return { ok: true, value: new (Function.prototype.bind.apply(C, [null].concat(args)))() };
      } catch (e) {
        return { ok: false, value: null, error: describe(e) };
      }
    },
    settle: function (promise, owner, okKind, errKind) {
      Promise.resolve(promise).then(
        function (v) { deliver(owner, okKind, v); },
        function (e) { deliver(owner, errKind, describe(e)); });
    },

    stringify: function (v) {
      try { var s = JSON.stringify(v); return typeof s === 'string' ? s : ''; } catch (e) { return ''; }
    },
    parse: function (text) {
      try { return JSON.parse(text); } catch (e) { return null; }
    },

    // getUserMedia, stopping the camera again if its owner went away meanwhile.
    getUserMedia: function (constraints, onStream, onDenied) {
      var md = navigator.mediaDevices;
      if (!md || typeof md.getUserMedia !== 'function') {
        Promise.resolve().then(function () {
          onDenied('getUserMedia is not available (is the page served over https?)');
        });
        return;
      }
      var p;
      try { p = md.getUserMedia(constraints); } catch (e) { p = Promise.reject(e); }
      p.then(function (stream) {
        if (!onStream(stream)) stopTracks(stream);
      }, function (e) { onDenied(describe(e)); });
    },
    stopTracks: stopTracks,

    addTracks: function (pc, stream) {
      try {
        stream.getTracks().forEach(function (t) { pc.addTrack(t, stream); });
        return '';
      } catch (e) { return describe(e); }
    },
    addReceiveOnly: function (pc) {
      try {
        if (pc.getTransceivers().length === 0) {
          pc.addTransceiver('audio', { direction: 'recvonly' });
          pc.addTransceiver('video', { direction: 'recvonly' });
        }
        return '';
      } catch (e) { return describe(e); }
    },
    trackStream: function (ev) {
      if (ev && ev.streams && ev.streams.length > 0) return ev.streams[0];
      try { return new MediaStream([ev.track]); } catch (e) { return null; }
    },

    // setRemoteDescription. `rollback` (decided by call/negotiation in C++: the polite side
    // of a collision) first rolls our own offer back, for browsers without implicit
    // rollback; only if one is set, as a rollback in any other state throws.
    setRemote: function (pc, desc, rollback) {
      try {
        if (rollback && pc.signalingState === 'have-local-offer') {
          return pc.setLocalDescription({ type: 'rollback' }).then(function () {
            return pc.setRemoteDescription(desc);
          });
        }
        return pc.setRemoteDescription(desc);
      } catch (e) {
        return Promise.reject(e);
      }
    },
    // The candidate types of the pair ICE selected ('host', 'srflx', 'prflx', 'relay'),
    // handed to onPair. Stats are the only place a page can read them, and reading a
    // report costs the main thread some 20 ms (each entry becomes a JS object): a second
    // after the connection is up, not when its first video frame is due.
    selectedPair: function (pc, onPair) {
      setTimeout(function () {
        var p;
        try { p = pc.getStats(); } catch (e) { return; }
        Promise.resolve(p).then(function (stats) {
          var byId = {};
          var selectedId = '';
          var fallback = null;
          stats.forEach(function (r) {
            byId[r.id] = r;
            if (r.type === 'transport' && r.selectedCandidatePairId) selectedId = r.selectedCandidatePairId;
            if (!fallback && r.type === 'candidate-pair' && r.state === 'succeeded' &&
                (r.selected || r.nominated)) fallback = r;
          });
          var pair = byId[selectedId] || fallback;
          if (!pair) return;
          var local = byId[pair.localCandidateId] || {};
          var remote = byId[pair.remoteCandidateId] || {};
          onPair({ local: String(local.candidateType || ''),
            remote: String(remote.candidateType || ''),
            protocol: String(local.relayProtocol || local.protocol || '') });
        }, function () {});
      }, 1000);
    },

    // The ring: a tone made by WebAudio, no audio file. Two mixed sines at 400 and 450 Hz in
    // the British double-ring cadence (0.4 s on, 0.2 off, 0.4 on, 2 off), which people
    // recognise as "a phone is ringing" rather than as an alarm.
    ring: (function () {
      var ctx = null;
      var onState = null;
      var voice = null;  // { gain, oscillators, timer }
      var period = 3000;
      var level = 0.15;

      function context() {
        if (ctx) return ctx;
        var C = globalThis.AudioContext || globalThis.webkitAudioContext;
        if (typeof C !== 'function') return null;
        try { ctx = new C(); } catch (e) { return null; }
        ctx.onstatechange = function () { if (onState) onState(ctx.state); };
        return ctx;
      }
      function resume() {
        if (!ctx || ctx.state !== 'suspended') return;
        try { Promise.resolve(ctx.resume()).catch(function () {}); } catch (e) {}
      }
      function cadence() {
        if (!voice) return;
        var g = voice.gain.gain;
        var t = ctx.currentTime + 0.02;
        g.cancelScheduledValues(t);
        g.setValueAtTime(0, t);
        [[0, 0.4], [0.6, 1.0]].forEach(function (burst) {
          // Short ramps: a gain that jumps clicks.
          g.setValueAtTime(0, t + burst[0]);
          g.linearRampToValueAtTime(level, t + burst[0] + 0.02);
          g.setValueAtTime(level, t + burst[1] - 0.02);
          g.linearRampToValueAtTime(0, t + burst[1]);
        });
      }
      return {
        // Inside a user gesture: an AudioContext may only start (or resume) after one, and
        // a call can ring long after the last.
        prime: function (handler) {
          onState = handler;
          if (context()) resume();
        },
        start: function (handler) {
          onState = handler;
          if (voice) return true;
          var c = context();
          if (!c) return false;
          try {
            var gain = c.createGain();
            gain.gain.value = 0;
            gain.connect(c.destination);
            var oscillators = [400, 450].map(function (f) {
              var o = c.createOscillator();
              o.frequency.value = f;
              o.connect(gain);
              o.start();
              return o;
            });
            voice = { gain: gain, oscillators: oscillators, timer: 0 };
            cadence();
            voice.timer = setInterval(cadence, period);
            resume();
            return true;
          } catch (e) {
            console.warn('duet: cannot play the ring', e);
            return false;
          }
        },
        stop: function () {
          if (!voice) return;
          clearInterval(voice.timer);
          voice.oscillators.forEach(function (o) { try { o.stop(); o.disconnect(); } catch (e) {} });
          try { voice.gain.disconnect(); } catch (e) {}
          voice = null;
        },
        playing: function () { return !!voice; },
        state: function () { return ctx ? ctx.state : 'none'; },
      };
    })(),

    // The signaling endpoint on the page's own origin: wss on https pages.
    socketUrl: function (path) {
      var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      return scheme + '//' + location.host + path;
    },

    // A <video> the page never shows: the canvas draws its frames. It stays in the layout
    // (a 2x2 box under the canvas) because browsers stop presenting frames, and so stop
    // firing requestVideoFrameCallback, for elements that are not rendered at all.
    createVideo: function (muted) {
      var holder = document.getElementById('duet-media');
      if (!holder) {
        holder = document.createElement('div');
        holder.id = 'duet-media';
        holder.setAttribute('aria-hidden', 'true');
        holder.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:2px;overflow:hidden;' +
          'z-index:-1;pointer-events:none;opacity:0.01';
        document.body.appendChild(holder);
      }
      var v = document.createElement('video');
      v.muted = muted;
      v.defaultMuted = muted;
      v.autoplay = true;
      v.playsInline = true;
      v.setAttribute('playsinline', '');
      if (muted) v.setAttribute('muted', '');
      v.style.cssText = 'width:2px;height:2px';
      holder.appendChild(v);
      return v;
    },
    removeVideo: function (v) {
      try { v.srcObject = null; v.remove(); } catch (e) {}
    },
    // Plays. When play with sound is refused (autoplay policy: no user gesture yet), plays
    // muted so the picture goes on, and reports onRefused; onPlaying once it plays with sound.
    // What to show for it is the app's to decide.
    play: function (v, onRefused, onPlaying) {
      var p;
      try { p = v.play(); } catch (e) { p = Promise.reject(e); }
      Promise.resolve(p).then(function () {
        if (!v.muted) onPlaying(null);
      }, function (e) {
        if (e && e.name === 'NotAllowedError' && !v.muted) {
          v.muted = true;
          onRefused(describe(e));
          try { v.play().catch(function () {}); } catch (e2) {}
        }
      });
    },
    hasFrameCallback: function () {
      return typeof HTMLVideoElement !== 'undefined' &&
        'requestVideoFrameCallback' in HTMLVideoElement.prototype;
    },
    // onFrame once per presented frame, for as long as its owner lives.
    watchFrames: function (v, onFrame) {
      function step() {
        if (onFrame(null)) v.requestVideoFrameCallback(step);
      }
      v.requestVideoFrameCallback(step);
    },

    // onHide when the page is being unloaded (tab closed, reload, navigation away), while a
    // WebSocket send still goes out. A page kept in the back/forward cache is not leaving.
    watchPageHide: function (onHide) {
      window.addEventListener('pagehide', function (ev) {
        if (!ev.persisted) onHide(null);
      });
    },

    // The system's preference for a light or dark page, now and at each change (a laptop
    // that turns dark at sunset): onChange(true) for light. Older Safari has only addListener.
    watchColorScheme: function (onChange) {
      if (typeof window.matchMedia !== 'function') return;
      var query = window.matchMedia('(prefers-color-scheme: light)');
      var changed = function () { onChange(!!query.matches); };
      if (query.addEventListener) query.addEventListener('change', changed);
      else if (query.addListener) query.addListener(changed);
    },

    // The browser's languages, best first; always an array of strings.
    languages: function () {
      var n = typeof navigator !== 'undefined' ? navigator : {};
      var list = Array.isArray(n.languages) && n.languages.length ? n.languages : [n.language];
      return list.filter(function (t) { return typeof t === 'string'; });
    },
    setDocumentLanguage: function (tag) {
      if (typeof document !== 'undefined') document.documentElement.lang = tag;
    },
    // localStorage throws where storage is refused (some private windows, sandboxed frames).
    setting: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return null; }
    },
    saveSetting: function (key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) {}
    },

    // The test contract: window.duet, replaced (never mutated) on every change.
    publish: function (text) {
      var state = null;
      try { state = JSON.parse(text); } catch (e) { return; }
      (function freeze(o) {
        Object.keys(o).forEach(function (k) {
          if (o[k] && typeof o[k] === 'object') freeze(o[k]);
        });
        return Object.freeze(o);
      })(state);
      window.duet = state;
    },
    // The shell (shell/index.html) hides its progress bar, or shows why the app cannot run.
    ready: function () {
      if (typeof window.duetShellReady === 'function') window.duetShellReady();
    },
    fatal: function (text) {
      if (typeof window.duetShellFail === 'function') window.duetShellFail(text);
      else console.error('duet: ' + text);
    },
    mark: function (name) {
      try { performance.mark(name); } catch (e) {}
    },
    // A span from `start` (performance.now() ms) to now, for the benchmarks and tests.
    measure: function (name, start) {
      try { performance.measure(name, { start: start, end: performance.now() }); } catch (e) {}
    },
    log: function (level, text) {
      (console[level] || console.log).call(console, 'duet: ' + text);
    },
  };
})();
