// Draws ImGui's draw lists with the stock OpenGL3 backend (GLES 3 = WebGL2).
#pragma once

#include <imgui.h>

namespace duet::render {

class ui_renderer {
  public:
    ui_renderer();
    ~ui_renderer();
    ui_renderer(ui_renderer const&) = delete;
    ui_renderer& operator=(ui_renderer const&) = delete;

    void new_frame();
    void render(ImDrawData* data, int width, int height, ImVec4 clear);
    // After the font atlas was rebuilt.
    void reload_fonts();
    // After the GL context was recreated: every GL object anew.
    void reset_device();

  private:
    bool device_ready_ = false;  // the backend makes its GL objects in its first NewFrame
};

}  // namespace duet::render
