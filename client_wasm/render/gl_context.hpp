// The WebGL2 context on the canvas: no depth, stencil or MSAA (ImGui needs none), opaque.
// A lost context (GPU reset, too many contexts) is reported, and recreated on restore.
#pragma once

#include <functional>
#include <string>

namespace duet::render {

class gl_context {
  public:
    gl_context(std::string selector, std::function<void()> on_lost,
               std::function<void()> on_restored);
    ~gl_context();
    gl_context(gl_context const&) = delete;
    gl_context& operator=(gl_context const&) = delete;

    bool ok() const { return context_ > 0 && !lost_; }
    // After webglcontextrestored: a fresh context; every GL object must be made again.
    bool recreate();

    void on_lost_event();
    void on_restored_event();

  private:
    bool create();

    std::string selector_;
    std::function<void()> on_lost_;
    std::function<void()> on_restored_;
    int context_ = 0;
    bool lost_ = false;
};

}  // namespace duet::render
