// Colours and sizes, scaled for DPI and for fingers (theme.hpp).
#include "theme.hpp"

namespace duet::ui::theme {

namespace {
ImVec4 rgb(int r, int g, int b, float a = 1.f) {
    return ImVec4(r / 255.f, g / 255.f, b / 255.f, a);
}
}  // namespace

float font_size_css(bool touch) { return touch ? 18.f : 17.f; }

ImVec4 background() { return rgb(0x1b, 0x1d, 0x22); }
// The tutorial's Bootstrap button classes: btn-primary, btn-success, btn-danger.
ImVec4 primary() { return rgb(0x0d, 0x6e, 0xfd); }
ImVec4 success() { return rgb(0x19, 0x87, 0x54); }
ImVec4 danger() { return rgb(0xdc, 0x35, 0x45); }
ImVec4 warning() { return rgb(0xff, 0xc1, 0x07); }  // Bootstrap btn-warning: dark text on it
ImVec4 neutral() { return rgb(0x4a, 0x4f, 0x5a); }
ImVec4 muted_text() { return rgb(0x9a, 0xa0, 0xa6); }

void apply(ImGuiStyle& style, float scale, bool touch) {
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.FrameRounding = 6;
    style.FrameBorderSize = 1;
    style.FramePadding = touch ? ImVec2(12, 11) : ImVec2(10, 7);
    style.ItemSpacing = touch ? ImVec2(10, 10) : ImVec2(8, 8);
    style.ScrollbarSize = touch ? 6 : 12;
    style.ScrollbarRounding = 3;
    style.TouchExtraPadding = touch ? ImVec2(4, 4) : ImVec2(0, 0);
    style.ScaleAllSizes(scale);

    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = background();
    c[ImGuiCol_Text] = rgb(0xe8, 0xea, 0xed);
    c[ImGuiCol_TextDisabled] = muted_text();
    c[ImGuiCol_FrameBg] = rgb(0x2a, 0x2d, 0x34);
    c[ImGuiCol_FrameBgHovered] = rgb(0x33, 0x37, 0x40);
    c[ImGuiCol_FrameBgActive] = rgb(0x33, 0x37, 0x40);
    c[ImGuiCol_Border] = rgb(0x4a, 0x4f, 0x5a);
    c[ImGuiCol_TextSelectedBg] = rgb(0x0d, 0x6e, 0xfd, 0.45f);
}

}  // namespace duet::ui::theme
