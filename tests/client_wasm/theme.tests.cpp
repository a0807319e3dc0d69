// Both themes' text is readable: WCAG 2.x AA asks 4.5:1 between text and what it is drawn
// on. The ratio is computed here from the very colours ui/theme gives ImGui and the screens,
// so a colour changed in either palette is measured again.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "ui_harness.hpp"

namespace {

namespace theme = duet::ui::theme;
using theme::scheme;

// WCAG 2.x relative luminance of an sRGB colour.
double luminance(ImVec4 c) {
    auto channel = [](float v) {
        double s = std::round(v * 255.0) / 255.0;
        return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z);
}

double contrast(ImVec4 a, ImVec4 b) {
    double la = luminance(a);
    double lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

struct pair {
    std::string what;
    ImVec4 text;
    ImVec4 under;
};

}  // namespace

TEST_CASE("theme: the contrast ratio is WCAG's", "[client][theme]") {
    CHECK(contrast(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)) == Approx(21.0));
    CHECK(contrast(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)) == Approx(1.0));
    // #767676 on white: the lightest grey that passes AA, 4.54:1.
    ImVec4 grey(0x76 / 255.f, 0x76 / 255.f, 0x76 / 255.f, 1);
    CHECK(contrast(grey, ImVec4(1, 1, 1, 1)) == Approx(4.54).epsilon(0.01));
}

TEST_CASE("theme: every text colour of both themes reaches 4.5:1 on its background",
          "[client][theme]") {
    ImGui::CreateContext();
    ImVec4 const white(1, 1, 1, 1);
    ImVec4 const warning_ink(33 / 255.f, 37 / 255.f, 41 / 255.f, 1);  // the banner's text
    for (scheme s : {scheme::dark, scheme::light}) {
        ImGuiStyle style;
        theme::apply(style, 1.f, false, s);
        REQUIRE(theme::current() == s);
        ImVec4 const* c = style.Colors;
        pair const pairs[] = {
            {"text on the page", c[ImGuiCol_Text], c[ImGuiCol_WindowBg]},
            {"text in a field", c[ImGuiCol_Text], c[ImGuiCol_FrameBg]},
            {"a field's hint", c[ImGuiCol_TextDisabled], c[ImGuiCol_FrameBg]},
            {"a tooltip", c[ImGuiCol_Text], c[ImGuiCol_PopupBg]},
            {"muted text", theme::muted_text(), theme::background()},
            {"an error", theme::danger_text(), theme::background()},
            {"a notice in its bar", theme::warning_text(), c[ImGuiCol_FrameBg]},
            {"a key in the help", theme::primary_text(), theme::background()},
            {"Sign in", white, theme::primary()},
            {"Call", white, theme::success()},
            {"Hang Up", white, theme::danger()},
            {"Dismiss", white, theme::neutral()},
            {"the reconnecting banner", warning_ink, theme::warning()},
            {"a note on video", theme::on_video_text(), ImVec4(0, 0, 0, 1)},
        };
        for (auto const& p : pairs) {
            INFO(theme::to_string(s)
                 << " theme, " << p.what << ": " << contrast(p.text, p.under) << ":1");
            CHECK(contrast(p.text, p.under) >= 4.5);
        }
        CHECK(style.Colors[ImGuiCol_WindowBg].x == theme::background().x);
    }
    SECTION("the two backgrounds are a dark one and a light one") {
        ImGuiStyle style;
        theme::apply(style, 1.f, false, scheme::light);
        CHECK(luminance(theme::background()) > 0.8);
        theme::apply(style, 1.f, false, scheme::dark);
        CHECK(luminance(theme::background()) < 0.05);
    }
    ImGui::DestroyContext();
}
