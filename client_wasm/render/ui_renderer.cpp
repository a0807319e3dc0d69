#include "ui_renderer.hpp"

#include <GLES3/gl3.h>
#include <imgui_impl_opengl3.h>

namespace duet::render {

namespace {
constexpr char const* glsl_version = "#version 300 es";
}

ui_renderer::ui_renderer() { ImGui_ImplOpenGL3_Init(glsl_version); }

ui_renderer::~ui_renderer() { ImGui_ImplOpenGL3_Shutdown(); }

void ui_renderer::new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    device_ready_ = true;
}

void ui_renderer::render(ImDrawData* data, int width, int height, ImVec4 clear) {
    glViewport(0, 0, width, height);
    glClearColor(clear.x, clear.y, clear.z, clear.w);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(data);
}

void ui_renderer::reload_fonts() {
    if (!device_ready_) return;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void ui_renderer::reset_device() {
    // The old names belong to the lost context; deleting them is a no-op.
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init(glsl_version);
    device_ready_ = false;
}

}  // namespace duet::render
