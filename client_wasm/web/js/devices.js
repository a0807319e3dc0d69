// The JS half of web/media_devices: the microphones, cameras and speakers the browser lists,
// its devicechange, the choice remembered for the next visit, and the speaker set on the
// element that plays the partner. Linked with --pre-js after bridge.js; like it, nothing here
// throws into wasm. Which device to use is decided in C++ (call/devices).
Module['duetDevices'] = (function () {
  var kinds = { audioinput: 1, videoinput: 1, audiooutput: 1 };
  function mediaDevices() { return navigator.mediaDevices || null; }
  function storageKey(kind) { return 'duet.device.' + kind; }
  function canChooseSpeaker() {
    return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  }

  return {
    canChooseSpeaker: canChooseSpeaker,
    // The devices as [{kind, id, label}] to onList. Before camera permission the browser
    // lists them without ids or labels: those are left out (nothing could be chosen).
    list: function (onList) {
      var md = mediaDevices();
      if (!md || typeof md.enumerateDevices !== 'function') return;
      var p;
      try { p = md.enumerateDevices(); } catch (e) { return; }
      Promise.resolve(p).then(function (all) {
        var out = [];
        all.forEach(function (d) {
          if (!kinds[d.kind] || !d.deviceId) return;
          if (d.kind === 'audiooutput' && !canChooseSpeaker()) return;
          out.push({ kind: d.kind, id: String(d.deviceId), label: String(d.label || '') });
        });
        onList(out);
      }, function (e) { console.warn('duet: enumerateDevices', e); });
    },
    // onChange on every devicechange (a device plugged in or out), for the page's lifetime.
    watch: function (onChange) {
      var md = mediaDevices();
      if (!md || typeof md.addEventListener !== 'function') return;
      md.addEventListener('devicechange', function () { onChange(null); });
    },
    // The id chosen on an earlier visit, or '' (storage may be refused: private modes).
    recall: function (kind) {
      try { return String(localStorage.getItem(storageKey(kind)) || ''); } catch (e) { return ''; }
    },
    remember: function (kind, id) {
      try {
        if (id) localStorage.setItem(storageKey(kind), id);
        else localStorage.removeItem(storageKey(kind));
      } catch (e) {}
    },
    // The partner's sound to the speaker `id` ('' for the default).
    setSink: function (video, id) {
      if (!video || typeof video.setSinkId !== 'function') return;
      try {
        Promise.resolve(video.setSinkId(id)).catch(function (e) { console.warn('duet: setSinkId', e); });
      } catch (e) {}
    },
    // The device the stream's first track of `kind` ('audio' or 'video') comes from, and
    // which way a camera faces ('user', 'environment', or '' where the device does not say).
    trackDevice: function (stream, kind) {
      try {
        var t = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
        return t ? String(t.getSettings().deviceId || '') : '';
      } catch (e) { return ''; }
    },
    facing: function (stream) {
      try {
        var t = stream.getVideoTracks()[0];
        return t ? String(t.getSettings().facingMode || '') : '';
      } catch (e) { return ''; }
    },
  };
})();
