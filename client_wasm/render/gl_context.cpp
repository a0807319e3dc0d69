// The WebGL2 context through html5.h, and its loss and restoration (gl_context.hpp).
#include "gl_context.hpp"

#include <emscripten/html5.h>

namespace duet::render {

namespace {

EM_BOOL lost_cb(int, void const*, void* user) {
    static_cast<gl_context*>(user)->on_lost_event();
    return EM_TRUE;  // preventDefault: without it the browser never restores the context
}

EM_BOOL restored_cb(int, void const*, void* user) {
    static_cast<gl_context*>(user)->on_restored_event();
    return EM_TRUE;
}

}  // namespace

gl_context::gl_context(std::string selector, std::function<void()> on_lost,
                       std::function<void()> on_restored)
    : selector_(std::move(selector)),
      on_lost_(std::move(on_lost)),
      on_restored_(std::move(on_restored)) {
    if (!create()) return;
    emscripten_set_webglcontextlost_callback(selector_.c_str(), this, EM_FALSE, lost_cb);
    emscripten_set_webglcontextrestored_callback(selector_.c_str(), this, EM_FALSE, restored_cb);
}

gl_context::~gl_context() {
    emscripten_set_webglcontextlost_callback(selector_.c_str(), nullptr, EM_FALSE, nullptr);
    emscripten_set_webglcontextrestored_callback(selector_.c_str(), nullptr, EM_FALSE, nullptr);
    if (context_ > 0) emscripten_webgl_destroy_context(context_);
}

bool gl_context::create() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    attrs.antialias = EM_FALSE;
    attrs.premultipliedAlpha = EM_TRUE;
    attrs.preserveDrawingBuffer = EM_FALSE;
    attrs.enableExtensionsByDefault = EM_FALSE;
    attrs.failIfMajorPerformanceCaveat = EM_FALSE;
    context_ = emscripten_webgl_create_context(selector_.c_str(), &attrs);
    if (context_ <= 0) return false;
    emscripten_webgl_make_context_current(context_);
    lost_ = false;
    return true;
}

bool gl_context::recreate() {
    if (context_ > 0) emscripten_webgl_destroy_context(context_);
    context_ = 0;
    return create();
}

void gl_context::on_lost_event() {
    lost_ = true;
    if (on_lost_) on_lost_();
}

void gl_context::on_restored_event() {
    if (on_restored_) on_restored_();
}

}  // namespace duet::render
