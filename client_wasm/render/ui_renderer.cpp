// ImGui's draw lists on WebGL2 with state cached across frames (ui_renderer.hpp).
#include "ui_renderer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <emscripten/emscripten.h>

#include "ui/draw_hints.hpp"

namespace duet::render {

namespace {

// Position and texture coordinates in ImGui pixels, colour as four normalised bytes.
constexpr char const* vertex_shader = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 in_position;
layout (location = 1) in vec2 in_uv;
layout (location = 2) in vec4 in_colour;
uniform mat4 projection;
out vec2 uv;
out vec4 colour;
void main() {
    uv = in_uv;
    colour = in_colour;
    gl_Position = projection * vec4(in_position, 0.0, 1.0);
})";

constexpr char const* fragment_shader = R"(#version 300 es
precision mediump float;
uniform sampler2D image;
in vec2 uv;
in vec4 colour;
layout (location = 0) out vec4 out_colour;
void main() {
    out_colour = colour * texture(image, uv);
})";

GLuint compile(GLenum kind, char const* source) {
    GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[512] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        emscripten_log(EM_LOG_ERROR, "UI shader does not compile: %s", log);
    }
    return shader;
}

ImTextureID texture_id(GLuint name) {
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(name));
}

}  // namespace

ui_renderer::ui_renderer() {
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "duet_webgl2";
    // No ImGuiBackendFlags_RendererHasVtxOffset: WebGL2 cannot draw from a base vertex, so
    // ImGui keeps each draw list under 64k vertices instead.
    create_device();
}

ui_renderer::~ui_renderer() {
    destroy_device();
    ImGui::GetIO().BackendRendererName = nullptr;
}

void ui_renderer::create_device() {
    // Status and logs are read once here, never per frame.
    GLuint vs = compile(GL_VERTEX_SHADER, vertex_shader);
    GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_shader);
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint linked = GL_FALSE;
    glGetProgramiv(program_, GL_LINK_STATUS, &linked);
    if (!linked) emscripten_log(EM_LOG_ERROR, "UI shaders do not link");
    projection_ = glGetUniformLocation(program_, "projection");
    glUseProgram(program_);
    glUniform1i(glGetUniformLocation(program_, "image"), 0);

    glGenVertexArrays(1, &vertex_array_);
    glGenBuffers(1, &vertices_);
    glGenBuffers(1, &indices_);
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertices_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indices_);  // recorded in the vertex array
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    auto const stride = GLsizei(sizeof(ImDrawVert));
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);
    // Before the app's first frame the atlas is still empty: it uploads the fonts once built.
    if (ImGui::GetIO().Fonts->IsBuilt()) reload_fonts();
}

void ui_renderer::destroy_device() {
    // Names of a lost context are already gone; deleting them is a no-op.
    if (font_texture_ != 0) glDeleteTextures(1, &font_texture_);
    if (vertices_ != 0) glDeleteBuffers(1, &vertices_);
    if (indices_ != 0) glDeleteBuffers(1, &indices_);
    if (vertex_array_ != 0) glDeleteVertexArrays(1, &vertex_array_);
    if (program_ != 0) glDeleteProgram(program_);
    font_texture_ = vertices_ = indices_ = vertex_array_ = program_ = 0;
    ImGui::GetIO().Fonts->SetTexID(nullptr);
}

void ui_renderer::reload_fonts() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &w, &h);
    if (font_texture_ == 0) glGenTextures(1, &font_texture_);
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    atlas->SetTexID(texture_id(font_texture_));
}

void ui_renderer::update_fonts(int x, int y, int w, int h) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int aw = 0;
    int ah = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &aw, &ah);
    if (font_texture_ == 0 || w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > aw || y + h > ah) {
        return;
    }
    // Rows gathered into one tight block: WebGL's UNPACK_ROW_LENGTH is not relied on.
    std::vector<unsigned char> block(std::size_t(w) * std::size_t(h) * 4);
    for (int row = 0; row < h; ++row) {
        std::memcpy(&block[std::size_t(row) * std::size_t(w) * 4],
                    pixels + (std::size_t(y + row) * std::size_t(aw) + std::size_t(x)) * 4,
                    std::size_t(w) * 4);
    }
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, block.data());
}

void ui_renderer::reset_device() {
    destroy_device();
    create_device();
}

void ui_renderer::render(ImDrawData* data, int width, int height, ImVec4 clear) {
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);  // or the clear would cover only the last clip rectangle
    glClearColor(clear.x, clear.y, clear.z, clear.w);
    glClear(GL_COLOR_BUFFER_BIT);
    if (data == nullptr || data->CmdListsCount == 0 || width <= 0 || height <= 0) return;

    // Every frame sets all the state it needs: nothing else draws in between but the video
    // uploads, which only bind textures.
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glUseProgram(program_);
    glActiveTexture(GL_TEXTURE0);

    // ImGui's pixels (from DisplayPos) to clip space, y down.
    float l = data->DisplayPos.x;
    float r = data->DisplayPos.x + data->DisplaySize.x;
    float t = data->DisplayPos.y;
    float b = data->DisplayPos.y + data->DisplaySize.y;
    GLfloat const projection[16] = {
        2 / (r - l),       0,                 0,  0,  //
        0,                 2 / (t - b),       0,  0,  //
        0,                 0,                 -1, 0,  //
        (r + l) / (l - r), (t + b) / (b - t), 0,  1,
    };
    glUniformMatrix4fv(projection_, 1, GL_FALSE, projection);
    glBindVertexArray(vertex_array_);

    ImVec2 scale = data->FramebufferScale;
    GLenum const index_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    for (int n = 0; n < data->CmdListsCount; ++n) {
        ImDrawList const* list = data->CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(list->VtxBuffer.Size * sizeof(ImDrawVert)),
                     list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(list->IdxBuffer.Size * sizeof(ImDrawIdx)),
                     list->IdxBuffer.Data, GL_STREAM_DRAW);
        for (ImDrawCmd const& cmd : list->CmdBuffer) {
            if (cmd.UserCallback != nullptr) {
                // The views' hints (ui/draw_hints.hpp): an opaque picture is not blended.
                // ImDrawCallback_ResetRenderState is the only callback ImGui itself emits,
                // and the state here never changes between commands but for the hints.
                if (ui::is_opaque_begin(cmd)) {
                    glDisable(GL_BLEND);
                } else if (ui::is_opaque_end(cmd)) {
                    glEnable(GL_BLEND);
                } else if (cmd.UserCallback != ImDrawCallback_ResetRenderState) {
                    cmd.UserCallback(list, &cmd);
                }
                continue;
            }
            ImVec2 min((cmd.ClipRect.x - l) * scale.x, (cmd.ClipRect.y - t) * scale.y);
            ImVec2 max((cmd.ClipRect.z - l) * scale.x, (cmd.ClipRect.w - t) * scale.y);
            if (max.x <= min.x || max.y <= min.y) continue;
            // GL's scissor box counts from the bottom left.
            glScissor(GLint(min.x), GLint(float(height) - max.y), GLsizei(max.x - min.x),
                      GLsizei(max.y - min.y));
            glBindTexture(GL_TEXTURE_2D, GLuint(reinterpret_cast<std::uintptr_t>(cmd.GetTexID())));
            glDrawElements(GL_TRIANGLES, GLsizei(cmd.ElemCount), index_type,
                           reinterpret_cast<void*>(std::uintptr_t(cmd.IdxOffset * sizeof(ImDrawIdx))));
        }
    }
    glBindVertexArray(0);
    glDisable(GL_SCISSOR_TEST);
}

}  // namespace duet::render
