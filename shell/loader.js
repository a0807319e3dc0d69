// The Duet page's loader: checks the browser, shows progress while the bundle downloads and
// compiles, then hands the page to the C++ app (duet.js/duet.wasm). A separate file, not an
// inline script: the server's Content-Security-Policy allows scripts from 'self' only.
(function () {
  'use strict';
  var shell = document.getElementById('shell');
  var fill = document.getElementById('fill');
  var bar = document.getElementById('bar');
  var statusLine = document.getElementById('status');

  // The test contract (see client_wasm): replaced by the app once it runs.
  window.duet = Object.freeze({ screen: 'loading', callState: 'idle', role: '', name: '',
    peer: '', incoming: '', status: '', error: '', reconnecting: false, signaling: 'signed_out',
    reconnects: 0, mediaInterrupted: false, notice: '', missed: Object.freeze([]),
    presence: Object.freeze({ enabled: false, users: Object.freeze([]) }),
    ring: Object.freeze({ ringing: false, muted: false, playing: false, audio: 'none' }),
    iceCandidatePair: null, iceTransportPolicy: '', iceConfigUpdates: 0,
    widgets: Object.freeze({}), framesRendered: 0, textureUploads: 0, remoteFramesShown: 0 });

  function fail(lines) {
    var problem = document.getElementById('problem');
    problem.textContent = '';
    [].concat(lines).forEach(function (text) {
      var p = document.createElement('p');
      p.textContent = text;
      problem.appendChild(p);
    });
    shell.hidden = false;
    shell.className = 'failed';
  }
  function progress(fraction, text) {
    if (fraction === null) {
      bar.className = 'bar unknown';
    } else {
      bar.className = 'bar';
      fill.style.width = Math.round(Math.min(1, Math.max(0, fraction)) * 100) + '%';
    }
    if (text) statusLine.textContent = text;
  }
  window.duetShellReady = function () { shell.hidden = true; };
  window.duetShellFail = function (text) { fail(text); };

  // What a call needs, checked before downloading anything, in the words a person uses: each
  // missing piece is named, with what to do about it.
  var needs = [
    { id: 'webassembly', name: 'WebAssembly',
      has: function () {
        return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
      },
      todo: 'Turn off any setting or extension that disables WebAssembly (some ' +
        '"enhanced security" modes do).' },
    { id: 'webgl2', name: 'WebGL 2',
      has: function () { return typeof WebGL2RenderingContext !== 'undefined'; },
      todo: 'Turn on hardware acceleration (graphics) in the browser\'s settings, or update ' +
        'the browser.' },
    { id: 'webrtc', name: 'WebRTC (RTCPeerConnection)',
      has: function () { return typeof RTCPeerConnection !== 'undefined'; },
      todo: 'This browser was built without video calls (WebRTC), or they are turned off ' +
        'by a setting or an extension.' },
    { id: 'getusermedia', name: 'camera and microphone access (getUserMedia)',
      has: function () {
        return !!navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function';
      },
      todo: 'This browser does not let web pages use the camera and microphone.' }
  ];

  // For tests only: `?test-allow-missing=webrtc` (ids, comma-separated) lets the app start
  // without those pieces, to show how it copes (tests/browser/webkit.test.mjs). A person
  // never needs it: the app cannot make calls without them.
  function allowedMissing() {
    var m = /[?&]test-allow-missing=([^&#]*)/.exec(location.search);
    return m ? decodeURIComponent(m[1]).split(',') : [];
  }

  function missing() {
    if (window.isSecureContext === false) {
      return ['This page was opened over plain http from another computer, so the browser ' +
        'will not let it use your camera or microphone.',
        'Open it with an https:// address instead (or as http://localhost on the computer ' +
        'that runs the server).'];
    }
    var allowed = allowedMissing();
    var gaps = needs.filter(function (n) { return !n.has(); });
    gaps.forEach(function (n) {
      if (allowed.indexOf(n.id) >= 0) console.warn('duet: starting without ' + n.name + ' (test-allow-missing)');
    });
    gaps = gaps.filter(function (n) { return allowed.indexOf(n.id) < 0; });
    if (gaps.length === 0) return null;
    return ['This browser cannot run Duet. It lacks: ' +
      gaps.map(function (n) { return n.name; }).join(', ') + '.']
      .concat(gaps.map(function (n) { return n.todo; }))
      .concat(['Please use a current version of Chrome, Edge, Firefox or Safari.']);
  }

  var problem = missing();
  if (problem) {
    fail(problem);
    return;
  }

  // The wasm download starts now, alongside duet.js rather than after it has run.
  var wasmUrl = 'duet.wasm';
  var wasmFetch = fetch(wasmUrl, { credentials: 'same-origin' });

  // Shows the download's progress, compiling while it streams where possible.
  function instantiateWasm(imports, receiveInstance) {
    var url = wasmUrl;
    wasmFetch.then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
      // With Content-Encoding the length is of the compressed bytes, not what we count.
      var total = response.headers.get('Content-Encoding') ? 0
        : Number(response.headers.get('Content-Length')) || 0;
      progress(total ? 0 : null, 'Downloading…');
      if (!response.body || typeof ReadableStream === 'undefined') return response;
      var loaded = 0;
      var reader = response.body.getReader();
      var counted = new ReadableStream({
        pull: function (controller) {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              progress(1, 'Starting…');
              controller.close();
              return;
            }
            loaded += chunk.value.byteLength;
            if (total) progress(0.95 * loaded / total);
            controller.enqueue(chunk.value);
          });
        }
      });
      return new Response(counted, { headers: { 'Content-Type': 'application/wasm' } });
    }).then(function (response) {
      if (typeof WebAssembly.instantiateStreaming === 'function') {
        return WebAssembly.instantiateStreaming(response, imports);
      }
      return response.arrayBuffer().then(function (bytes) {
        return WebAssembly.instantiate(bytes, imports);
      });
    }).then(function (result) {
      receiveInstance(result.instance, result.module);
    }).catch(function (e) {
      fail(['Duet could not be loaded: ' + (e && e.message ? e.message : e) + '.',
        'Check your connection and reload the page.']);
    });
    return {};  // asynchronous instantiation
  }

  window.Module = {
    canvas: document.getElementById('canvas'),
    instantiateWasm: instantiateWasm,
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) {
      fail(['Duet stopped because of an internal error (' + what + ').', 'Reload the page to start again.']);
    }
  };

  document.getElementById('canvas').addEventListener('contextmenu', function (e) {
    e.preventDefault();
  });

  progress(null, 'Loading…');
  var script = document.createElement('script');
  script.src = 'duet.js';
  script.async = true;
  script.onerror = function () {
    fail(['Duet could not be loaded (duet.js is missing).', 'Check your connection and reload the page.']);
  };
  document.body.appendChild(script);
})();
