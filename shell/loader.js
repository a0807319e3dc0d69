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

  // The loader's words in the app's languages, chosen as the app chooses (common/words:
  // the language switched to and remembered, else the first of navigator.languages that
  // Duet speaks, else English), so a person who reads only Chinese is told in Chinese why
  // the page cannot run, before any of the app is downloaded.
  var words = {
    en: {
      title: 'WebRTC Video Demo',
      loading: 'Loading…', downloading: 'Downloading…', starting: 'Starting…',
      webassembly: ['WebAssembly', 'Turn off any setting or extension that disables ' +
        'WebAssembly (some "enhanced security" modes do).'],
      webgl2: ['WebGL 2', 'Turn on hardware acceleration (graphics) in the browser\'s ' +
        'settings, or update the browser.'],
      webrtc: ['WebRTC (RTCPeerConnection)', 'This browser was built without video calls ' +
        '(WebRTC), or they are turned off by a setting or an extension.'],
      getusermedia: ['camera and microphone access (getUserMedia)',
        'This browser does not let web pages use the camera and microphone.'],
      lacks: function (names) { return 'This browser cannot run Duet. It lacks: ' + names.join(', ') + '.'; },
      useAnother: 'Please use a current version of Chrome, Edge, Firefox or Safari.',
      insecure: ['This page was opened over plain http from another computer, so the browser ' +
        'will not let it use your camera or microphone.',
      'Open it with an https:// address instead (or as http://localhost on the computer ' +
        'that runs the server).'],
      notLoaded: function (why) { return 'Duet could not be loaded: ' + why + '.'; },
      noScript: 'Duet could not be loaded (duet.js is missing).',
      checkConnection: 'Check your connection and reload the page.',
      stopped: function (what) { return 'Duet stopped because of an internal error (' + what + ').'; },
      reload: 'Reload the page to start again.'
    },
    'zh-CN': {
      title: 'WebRTC 视频通话',
      loading: '正在加载…', downloading: '正在下载…', starting: '正在启动…',
      webassembly: ['WebAssembly', '请关闭禁用 WebAssembly 的设置或扩展（某些“增强安全”模式会禁用它）。'],
      webgl2: ['WebGL 2', '请在浏览器设置中打开硬件加速（图形），或更新浏览器。'],
      webrtc: ['WebRTC（RTCPeerConnection）', '此浏览器构建时未包含视频通话（WebRTC），或者它被某个设置或扩展关闭了。'],
      getusermedia: ['摄像头和麦克风访问（getUserMedia）', '此浏览器不允许网页使用摄像头和麦克风。'],
      lacks: function (names) { return '此浏览器无法运行 Duet。缺少：' + names.join('、') + '。'; },
      useAnother: '请使用最新版本的 Chrome、Edge、Firefox 或 Safari。',
      insecure: ['此页面是从另一台计算机通过普通 http 打开的，因此浏览器不允许它使用您的摄像头或麦克风。',
        '请改用 https:// 地址打开（或在运行服务器的计算机上用 http://localhost 打开）。'],
      notLoaded: function (why) { return 'Duet 无法加载：' + why + '。'; },
      noScript: 'Duet 无法加载（缺少 duet.js）。',
      checkConnection: '请检查网络连接并重新加载页面。',
      stopped: function (what) { return 'Duet 因内部错误而停止（' + what + '）。'; },
      reload: '请重新加载页面以重新开始。'
    }
  };
  function languageOf(tag) {
    var primary = String(tag || '').split(/[-_]/)[0].toLowerCase();
    return primary === 'zh' ? 'zh-CN' : primary === 'en' ? 'en' : null;
  }
  function chooseLanguage() {
    var remembered = null;
    try { remembered = window.localStorage.getItem('duet.lang'); } catch (e) {}
    if (languageOf(remembered)) return languageOf(remembered);
    var list = Array.isArray(navigator.languages) && navigator.languages.length
      ? navigator.languages : [navigator.language];
    for (var i = 0; i < list.length; ++i) {
      if (languageOf(list[i])) return languageOf(list[i]);
    }
    return 'en';
  }
  var lang = chooseLanguage();
  var say = words[lang];
  document.documentElement.lang = lang;
  document.querySelector('#shell h1').textContent = say.title;
  statusLine.textContent = say.loading;

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
    { id: 'webassembly',
      has: function () {
        return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
      } },
    { id: 'webgl2', has: function () { return typeof WebGL2RenderingContext !== 'undefined'; } },
    { id: 'webrtc', has: function () { return typeof RTCPeerConnection !== 'undefined'; } },
    { id: 'getusermedia',
      has: function () {
        return !!navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function';
      } }
  ];
  needs.forEach(function (n) {
    n.name = say[n.id][0];
    n.todo = say[n.id][1];
  });


  // For tests only: `?test-allow-missing=webrtc` (ids, comma-separated) lets the app start
  // without those pieces, to show how it copes (tests/browser/webkit.test.mjs). A person
  // never needs it: the app cannot make calls without them.
  function allowedMissing() {
    var m = /[?&]test-allow-missing=([^&#]*)/.exec(location.search);
    return m ? decodeURIComponent(m[1]).split(',') : [];
  }

  function missing() {
    if (window.isSecureContext === false) {
      return say.insecure;
    }
    var allowed = allowedMissing();
    var gaps = needs.filter(function (n) { return !n.has(); });
    gaps.forEach(function (n) {
      if (allowed.indexOf(n.id) >= 0) console.warn('duet: starting without ' + n.name + ' (test-allow-missing)');
    });
    gaps = gaps.filter(function (n) { return allowed.indexOf(n.id) < 0; });
    if (gaps.length === 0) return null;
    return [say.lacks(gaps.map(function (n) { return n.name; }))]
      .concat(gaps.map(function (n) { return n.todo; }))
      .concat([say.useAnother]);
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
      progress(total ? 0 : null, say.downloading);
      if (!response.body || typeof ReadableStream === 'undefined') return response;
      var loaded = 0;
      var reader = response.body.getReader();
      var counted = new ReadableStream({
        pull: function (controller) {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              progress(1, say.starting);
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
      fail([say.notLoaded(e && e.message ? e.message : e), say.checkConnection]);
    });
    return {};  // asynchronous instantiation
  }

  window.Module = {
    canvas: document.getElementById('canvas'),
    instantiateWasm: instantiateWasm,
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) {
      fail([say.stopped(what), say.reload]);
    }
  };

  document.getElementById('canvas').addEventListener('contextmenu', function (e) {
    e.preventDefault();
  });

  progress(null, say.loading);
  var script = document.createElement('script');
  script.src = 'duet.js';
  script.async = true;
  script.onerror = function () {
    fail([say.noScript, say.checkConnection]);
  };
  document.body.appendChild(script);
})();
