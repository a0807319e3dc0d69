#include "video_texture.hpp"

#include <GLES3/gl3.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cstdint>

namespace duet::render {

namespace {

// The element lives in the web layer's object table (web/bridge.js); WebGL uploads a video
// element's current frame directly, with no copy through wasm memory.
// clang-format off
EM_JS(int, duet_video_upload, (int element, unsigned texture, int known_w, int known_h, int* size), {
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
});
// clang-format on

}  // namespace

video_texture::video_texture() { recreate(); }

video_texture::~video_texture() {
    if (texture_ != 0) glDeleteTextures(1, &texture_);
}

void video_texture::recreate() {
    texture_ = 0;
    width_ = height_ = 0;
    glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

bool video_texture::upload_from(int element_js_id) {
    if (texture_ == 0 || element_js_id == 0) return false;
    int size[2] = {0, 0};
    if (!duet_video_upload(element_js_id, texture_, width_, height_, size)) return false;
    width_ = size[0];
    height_ = size[1];
    return true;
}

ImTextureID video_texture::id() const {
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture_));
}

}  // namespace duet::render
