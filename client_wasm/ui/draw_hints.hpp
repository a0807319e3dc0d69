// Hints a draw list carries to the renderer, the way ImGui's own ImDrawCallback_ResetRenderState
// does: callbacks that do nothing when called and that render/ui_renderer.cpp recognises by
// address. Why: ImGui blends every pixel it draws, and with software WebGL (SwiftShader) a
// blended full-screen quad costs about 10 ms a frame; a camera frame is opaque and needs no
// blending. The views stay free of GL (they are tested natively, tests/client_wasm).
#pragma once

#include <imgui.h>

namespace duet::ui {

// Between these two, the draw list's pixels are opaque: drawn over what is under them, not
// blended with it. Nothing with soft (anti-aliased) edges goes between them.
void opaque_begin(ImDrawList const* list, ImDrawCmd const* cmd);
void opaque_end(ImDrawList const* list, ImDrawCmd const* cmd);

// Whether `cmd` is one of the hints above. A renderer that knows them acts on them; one that
// does not may call them like any user callback: they do nothing, and all is blended.
inline bool is_opaque_begin(ImDrawCmd const& cmd) { return cmd.UserCallback == &opaque_begin; }
inline bool is_opaque_end(ImDrawCmd const& cmd) { return cmd.UserCallback == &opaque_end; }

}  // namespace duet::ui
