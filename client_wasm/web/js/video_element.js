// The JS half of web/video_element's texture upload. WebGL uploads a video element's current
// frame directly, with no copy through wasm memory. Linked with --js-library.
mergeInto(LibraryManager.library, {
  duet_video_upload__deps: ['$GL'],
  duet_video_upload: function (element, texture, known_w, known_h, size) {
    var bridge = Module["duetBridge"];
    var v = bridge && bridge.get(element);
    // HAVE_CURRENT_DATA or better, and a size: there is a frame to take.
    if (!v || v.readyState < 2 || !v.videoWidth || !v.videoHeight) return 0;
    var gl = GLctx;
    var t = GL.textures[texture];
    if (!gl || !t) return 0;
    var w = v.videoWidth;
    var h = v.videoHeight;
    gl.bindTexture(gl.TEXTURE_2D, t);
    try {
        if (w !== known_w || h !== known_h) {
            gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, v);
        } else {
            gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, gl.RGBA, gl.UNSIGNED_BYTE, v);
        }
    } catch (e) {
        return 0;
    }
    HEAP32[size >> 2] = w;
    HEAP32[(size >> 2) + 1] = h;
    return 1;
  },
});
