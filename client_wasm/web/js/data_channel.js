// The JS half of web/data_channel: negotiated data channels on the call's peer connection.
// Linked with --pre-js after bridge.js; like it, nothing here throws into wasm, and events go
// back only through the handlers C++ passed in.
Module['duetChannels'] = (function () {
  // Longer texts are not passed to wasm at all: no frame of ours is anywhere near this
  // (common/chat/frame.hpp, max_frame_bytes), so only a hostile page sends them.
  var maxText = 65536;
  return {
    open: function (pc, label, id, onOpen, onMessage, onClose) {
      var dc;
      try {
        dc = pc.createDataChannel('duet-' + label, { negotiated: true, id: id, ordered: true });
      } catch (e) {
        console.warn('duet: createDataChannel', e);
        return null;
      }
      dc.onopen = function () { onOpen(null); };
      dc.onclose = function () { onClose(null); };
      dc.onmessage = function (ev) {
        if (typeof ev.data === 'string' && ev.data.length <= maxText) onMessage(ev.data);
      };
      return dc;
    },
    close: function (dc) {
      try { dc.onopen = null; dc.onclose = null; dc.onmessage = null; dc.close(); } catch (e) {}
    },
    send: function (dc, text) {
      try { if (dc.readyState === 'open') { dc.send(text); return true; } } catch (e) {}
      return false;
    },
  };
})();
