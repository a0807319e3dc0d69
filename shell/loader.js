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

  // What a call needs, checked before downloading anything, in the words a person uses.
  function missing() {
    if (window.isSecureContext === false) {
      return ['This page was opened over plain http from another computer, so the browser ' +
        'will not let it use your camera or microphone.',
        'Open it with an https:// address instead (or as http://localhost on the computer ' +
        'that runs the server).'];
    }
    var gaps = [];
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      gaps.push('WebAssembly');
    }
    if (typeof WebGL2RenderingContext === 'undefined') gaps.push('WebGL 2');
    if (typeof RTCPeerConnection === 'undefined') gaps.push('WebRTC (RTCPeerConnection)');
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') {
      gaps.push('camera and microphone access (getUserMedia)');
    }
    if (gaps.length === 0) return null;
    return ['This browser cannot run Duet. It lacks: ' + gaps.join(', ') + '.',
      'Please use a current version of Chrome, Edge, Firefox or Safari.'];
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
