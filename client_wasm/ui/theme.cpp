// Colours and sizes, scaled for DPI and for fingers (theme.hpp).
#include "theme.hpp"

namespace duet::ui::theme {

namespace {

ImVec4 rgb(int r, int g, int b, float a = 1.f) {
    return ImVec4(r / 255.f, g / 255.f, b / 255.f, a);
}

struct palette {
    ImVec4 background, text, muted, frame, frame_hover, border, primary, primary_text, success,
        danger, danger_text, warning, warning_text, neutral;
};

// The tutorial's Bootstrap button classes (btn-primary, btn-success, btn-danger) on a dark
// page; the light page takes Bootstrap's darker shades of each, so that white on a button
// and a coloured word on white both keep 4.5:1.
palette const dark_colors{
    rgb(0x1b, 0x1d, 0x22), rgb(0xe8, 0xea, 0xed), rgb(0x9a, 0xa0, 0xa6), rgb(0x2a, 0x2d, 0x34),
    rgb(0x33, 0x37, 0x40), rgb(0x4a, 0x4f, 0x5a), rgb(0x0b, 0x5e, 0xd7), rgb(0x6e, 0xa8, 0xfe),
    rgb(0x19, 0x87, 0x54), rgb(0xdc, 0x35, 0x45), rgb(0xea, 0x86, 0x8f), rgb(0xff, 0xc1, 0x07),
    rgb(0xff, 0xc1, 0x07), rgb(0x4a, 0x4f, 0x5a),
};
palette const light_colors{
    rgb(0xf6, 0xf7, 0xf9), rgb(0x1f, 0x23, 0x28), rgb(0x59, 0x63, 0x6e), rgb(0xff, 0xff, 0xff),
    rgb(0xe9, 0xec, 0xef), rgb(0x8c, 0x95, 0x9f), rgb(0x0b, 0x5e, 0xd7), rgb(0x0a, 0x58, 0xca),
    rgb(0x14, 0x6c, 0x43), rgb(0xb0, 0x2a, 0x37), rgb(0xb0, 0x2a, 0x37), rgb(0xff, 0xc1, 0x07),
    rgb(0x80, 0x5b, 0x00), rgb(0x5c, 0x63, 0x6a),
};

scheme current_ = scheme::dark;

palette const& colors() { return current_ == scheme::light ? light_colors : dark_colors; }

}  // namespace

float font_size_css(bool touch) { return touch ? 18.f : 17.f; }

scheme current() { return current_; }

ImVec4 background() { return colors().background; }
ImVec4 primary() { return colors().primary; }
ImVec4 primary_text() { return colors().primary_text; }
ImVec4 success() { return colors().success; }
ImVec4 danger() { return colors().danger; }
ImVec4 danger_text() { return colors().danger_text; }
ImVec4 warning() { return colors().warning; }
ImVec4 warning_text() { return colors().warning_text; }
ImVec4 neutral() { return colors().neutral; }
ImVec4 muted_text() { return colors().muted; }
ImVec4 on_video_text() { return dark_colors.muted; }

void apply(ImGuiStyle& style, float scale, bool touch, scheme s) {
    current_ = s;
    style = ImGuiStyle();
    if (s == scheme::light) {
        ImGui::StyleColorsLight(&style);
    } else {
        ImGui::StyleColorsDark(&style);
    }
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.FrameRounding = 6;
    style.FrameBorderSize = 1;
    // Under a finger a field or a text button is touch_target_css high: the 18 px font and
    // 13 px above and below.
    style.FramePadding = touch ? ImVec2(12, 13) : ImVec2(10, 7);
    style.ItemSpacing = touch ? ImVec2(10, 10) : ImVec2(8, 8);
    style.ScrollbarSize = touch ? 6 : 12;
    style.ScrollbarRounding = 3;
    style.TouchExtraPadding = touch ? ImVec2(4, 4) : ImVec2(0, 0);
    style.ScaleAllSizes(scale);

    palette const& p = colors();
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = p.background;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.muted;
    c[ImGuiCol_FrameBg] = p.frame;
    c[ImGuiCol_FrameBgHovered] = p.frame_hover;
    c[ImGuiCol_FrameBgActive] = p.frame_hover;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_PopupBg] = p.frame;
    c[ImGuiCol_TextSelectedBg] = ImVec4(p.primary.x, p.primary.y, p.primary.z, 0.45f);
}

}  // namespace duet::ui::theme
