// Encoding with Nayuki's generator, drawing with ImGui (qr_code.hpp).
#include "qr_code.hpp"

#include <qrcodegen.hpp>

#include <cmath>

namespace duet::ui {

namespace {

// Version 40 at ECC level M holds 2331 bytes; a link is far shorter (a name is at most 32
// code points). The bound keeps the encoder's throwing path out of reach.
constexpr std::size_t max_text = 1024;

}  // namespace

std::optional<qr_matrix> qr_encode(std::string_view text) {
    if (text.size() > max_text) return std::nullopt;
    std::string z(text);  // the encoder takes a C string
    if (z.find('\0') != std::string::npos) return std::nullopt;
    // Level M: a screen photographed at an angle, or with a glare, still reads.
    auto code = qrcodegen::QrCode::encodeText(z.c_str(), qrcodegen::QrCode::Ecc::MEDIUM);
    qr_matrix out;
    out.size = code.getSize();
    out.dark.resize(std::size_t(out.size * out.size));
    for (int y = 0; y < out.size; ++y) {
        for (int x = 0; x < out.size; ++x) out.dark[std::size_t(y * out.size + x)] = code.getModule(x, y);
    }
    return out;
}

float draw_qr(ImDrawList* dl, qr_matrix const& qr, ImVec2 min, float side) {
    int modules = qr.size + 2 * qr_quiet_zone;
    float unit = std::max(std::floor(side / float(modules)), 1.f);
    float drawn = unit * float(modules);
    min = ImVec2(std::floor(min.x), std::floor(min.y));
    dl->AddRectFilled(min, ImVec2(min.x + drawn, min.y + drawn), IM_COL32(255, 255, 255, 255));
    ImU32 dark = IM_COL32(0, 0, 0, 255);
    for (int y = 0; y < qr.size; ++y) {
        float top = min.y + unit * float(y + qr_quiet_zone);
        // A run of dark modules in a row is one rectangle.
        for (int x = 0; x < qr.size;) {
            if (!qr.at(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < qr.size && qr.at(end, y)) ++end;
            float left = min.x + unit * float(x + qr_quiet_zone);
            dl->AddRectFilled(ImVec2(left, top), ImVec2(left + unit * float(end - x), top + unit), dark);
            x = end;
        }
    }
    return drawn;
}

}  // namespace duet::ui
