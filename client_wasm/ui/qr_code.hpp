// The invite link as a QR code drawn in the page, so a phone can scan it off a desktop's
// screen. The encoder is Nayuki's QR Code generator (Debian's libqrcodegencpp natively; its
// source from Debian's source package in the wasm build, see client_wasm/qrcodegen.cmake),
// never a hand-written one; this file only turns its modules into ImGui rectangles.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duet::ui {

// The modules of one symbol, row by row; true is dark.
struct qr_matrix {
    int size = 0;
    std::vector<bool> dark;
    bool at(int x, int y) const { return dark[std::size_t(y * size + x)]; }
};

// Nothing for text longer than any link we make (the encoder would throw past its capacity,
// and this build has no exceptions to catch it with).
std::optional<qr_matrix> qr_encode(std::string_view text);

// The light quiet zone around the symbol, in modules (ISO/IEC 18004: 4).
inline constexpr int qr_quiet_zone = 4;

// Dark modules on a light square at `min`, `side` pixels wide at most; whole pixels per module
// so no module blurs into its neighbour. Returns the side actually drawn.
float draw_qr(ImDrawList* dl, qr_matrix const& qr, ImVec2 min, float side);

}  // namespace duet::ui
