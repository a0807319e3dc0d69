// The JS half of web/video_element's texture upload. WebGL uploads a video element's current
// frame directly, with no copy through wasm memory. Linked with --js-library.
//
// Software WebGL (no GPU, or a blocklisted one: Chromium's SwiftShader, Mesa's llvmpipe) takes
// texImage2D from a <video> down a slow generic path on the main thread: 22 to 58 ms for a
// 640x480 camera frame on the benchmark machine, where drawing the frame into a 2D canvas
// (the browser's own YUV conversion) and uploading that canvas costs 5 to 9 ms at the same
// size. A call's setup waits for the main thread, so there the frame goes through a canvas,
// scaled down on the way to the size it is shown at (the self-view: a few hundred pixels of
// a 640x480 frame). With a GPU the direct upload is a copy on the GPU, and stays.
mergeInto(LibraryManager.library, {
  $duetVideoUpload: function () {
    var state = Module["duetVideoUpload"];
    if (state) return state;
    state = Module["duetVideoUpload"] = { software: new WeakMap(), canvases: new WeakMap() };
    // Whether `gl` renders without a GPU, asked once per context.
    state.isSoftware = function (gl) {
      if (state.software.has(gl)) return state.software.get(gl);
      var name = "";
      try {
        var info = gl.getExtension("WEBGL_debug_renderer_info");
        name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || "");
      } catch (e) {}
      var software = /swiftshader|llvmpipe|softpipe|software/i.test(name);
      state.software.set(gl, software);
      return software;
    };
    // The element's current frame in a 2D canvas of its size, or null without canvas 2D.
    state.frameCanvas = function (v, w, h) {
      var entry = state.canvases.get(v);
      if (!entry) {
        var c = document.createElement("canvas");
        var ctx = c.getContext("2d", { alpha: false });
        if (!ctx) return null;
        entry = { canvas: c, ctx: ctx };
        state.canvases.set(v, entry);
      }
      if (entry.canvas.width !== w) entry.canvas.width = w;
      if (entry.canvas.height !== h) entry.canvas.height = h;
      entry.ctx.drawImage(v, 0, 0, w, h);
      return entry.canvas;
    };
    return state;
  },

  duet_video_upload__deps: ['$GL', '$duetVideoUpload'],
  duet_video_upload: function (element, texture, known_w, known_h, box_w, box_h, size) {
    var bridge = Module["duetBridge"];
    var v = bridge && bridge.get(element);
    // HAVE_CURRENT_DATA or better, and a size: there is a frame to take.
    if (!v || v.readyState < 2 || !v.videoWidth || !v.videoHeight) return 0;
    var gl = GLctx;
    var t = GL.textures[texture];
    if (!gl || !t) return 0;
    var w = v.videoWidth;
    var h = v.videoHeight;
    var upload = duetVideoUpload();
    var software = upload.isSoftware(gl);
    // Through the canvas the frame is scaled on the way: fitted into the box (the size it is
    // shown at, app/upload_size), never enlarged. A direct upload is the frame as it is.
    if (software && box_w > 0 && box_h > 0 && (w > box_w || h > box_h)) {
      var fit = Math.min(box_w / w, box_h / h);
      var fw = Math.max(1, Math.round(w * fit));
      var fh = Math.max(1, Math.round(h * fit));
      w = fw;
      h = fh;
    }
    gl.bindTexture(gl.TEXTURE_2D, t);
    try {
        var source = (software && upload.frameCanvas(v, w, h)) || v;
        if (source === v) {
          w = v.videoWidth;
          h = v.videoHeight;
        }
        if (w !== known_w || h !== known_h) {
            gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, source);
        } else {
            gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, gl.RGBA, gl.UNSIGNED_BYTE, source);
        }
    } catch (e) {
        return 0;
    }
    HEAP32[size >> 2] = w;
    HEAP32[(size >> 2) + 1] = h;
    return 1;
  },
});
