// The JS half of web/auth_requests: the server's /auth/ routes asked by fetch on the page's
// own origin (the HttpOnly session cookie goes along; nothing here can read it), and the
// navigation to the provider's sign-in. Linked with --pre-js after bridge.js; like it,
// nothing here throws into wasm, and every answer, a failure included, reaches onDone once.
Module['duetAuth'] = (function () {
  // An answer's body is a few hundred bytes; anything far larger is not our server's.
  var maxBody = 65536;
  function failed(onDone, what, e) {
    console.warn('duet: ' + what, e);
    onDone({ status: 0, body: '' });
  }
  return {
    // onDone({status, body}); status 0 when the request itself failed (offline, refused).
    request: function (method, path, onDone) {
      var p;
      try {
        if (typeof fetch !== 'function') throw new Error('fetch is not supported');
        p = fetch(path, { method: method, credentials: 'same-origin', cache: 'no-store' });
      } catch (e) {
        Promise.resolve().then(function () { failed(onDone, method + ' ' + path, e); });
        return;
      }
      p.then(function (res) {
        return res.text().then(function (body) {
          onDone({ status: res.status, body: body.length > maxBody ? '' : body });
        });
      }).catch(function (e) { failed(onDone, method + ' ' + path, e); });
    },
    // Leaves the page for `path` on this origin (the provider's sign-in, or the start page).
    navigate: function (path) {
      try { window.location.assign(path); } catch (e) { console.warn('duet: navigate', e); }
    },
  };
})();
