// Draws ImGui's draw lists with WebGL2 (GLES 3.0). The app owns the context, so nothing is
// read back from GL to be restored afterwards: in Chromium every glGet is a round trip that
// waits for the GPU process to finish what came before, and ImGui's stock backend makes a
// dozen of them per frame.
#pragma once

#include <GLES3/gl3.h>
#include <imgui.h>

namespace duet::render {

class ui_renderer {
  public:
    ui_renderer();
    ~ui_renderer();
    ui_renderer(ui_renderer const&) = delete;
    ui_renderer& operator=(ui_renderer const&) = delete;

    void render(ImDrawData* data, int width, int height, ImVec4 clear);
    // After the font atlas was rebuilt.
    void reload_fonts();
    // After glyphs were added into the atlas in place: only the rectangle they changed.
    void update_fonts(int x, int y, int w, int h);
    // After the GL context was recreated: every GL object anew.
    void reset_device();

  private:
    void create_device();
    void destroy_device();

    GLuint program_ = 0;
    GLint projection_ = -1;
    GLuint vertex_array_ = 0;
    GLuint vertices_ = 0;
    GLuint indices_ = 0;
    GLuint font_texture_ = 0;
};

}  // namespace duet::render
