// An emoji past the Basic Multilingual Plane (U+1F600) typed into a field is that character,
// not U+FFFD: ImGui is built with 32-bit ImWchar (client_wasm/imgui.cmake), so InputText
// keeps the four UTF-8 bytes, and the name signed in with is the name typed.
#include <catch2/catch.hpp>
#include <string>

#include "ui_harness.hpp"

namespace {
using duet::test::ui_harness;
namespace ui = duet::ui;
}  // namespace

TEST_CASE("emoji: an astral character survives the name field", "[client][ui][emoji]") {
    static_assert(sizeof(ImWchar) == 4, "ImGui must be built with IMGUI_USE_WCHAR32");
    ui_harness h;
    ui::model m;
    h.frame(m);  // the field takes the keyboard at once on a desktop...
    h.frame(m);  // ...and types from the frame after it became active
    std::string const name = "ann\xF0\x9F\x98\x80";  // "ann😀"
    ImGui::GetIO().AddInputCharactersUTF8(name.c_str());
    h.frame(m);
    auto out = h.press(m, "Sign in");
    REQUIRE(out.intents.sign_in);
    CHECK(*out.intents.sign_in == name);
}

TEST_CASE("emoji: the online list shows an astral name as one character", "[client][ui][emoji]") {
    ui_harness h;
    ui::model m = duet::test::in_call_model(duet::call::state::idle);
    m.presence_enabled = true;
    std::string const name = "\xF0\x9F\x98\x80 bob";
    m.presence = {{name, duet::protocol::to_client::availability::available}};
    h.frame(m);
    auto row = h.widget("presence:" + name);
    REQUIRE(row);
    CHECK(h.press(m, "presence:" + name).intents.call == name);
    // One glyph for the emoji, not two (a surrogate pair) and not three bytes' worth.
    ImFont* font = ImGui::GetFont();
    float one = font->CalcTextSizeA(font->FontSize, 1e9f, 0, "\xF0\x9F\x98\x80").x;
    CHECK(one == Approx(font->FallbackAdvanceX));
}
