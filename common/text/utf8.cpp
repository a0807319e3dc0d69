#include "text/utf8.hpp"

namespace duet::text {

utf8_char decode_utf8(std::string_view text) {
    if (text.empty()) return {};
    auto const lead = static_cast<unsigned char>(text[0]);
    if (lead < 0x80) return {lead, 1};
    // RFC 3629 section 4: the lead byte sets the length and the range of the second byte,
    // which is what rules out overlongs, surrogates and code points past U+10FFFF; every
    // later byte is 80..BF.
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    char32_t code_point = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;   // below: overlong
        if (lead == 0xED) high = 0x9F;  // above: surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07;
        if (lead == 0xF0) low = 0x90;   // below: overlong
        if (lead == 0xF4) high = 0x8F;  // above: past U+10FFFF
    } else {
        return {};  // a continuation byte, an overlong C0/C1, or F5..FF
    }
    if (text.size() < length) return {};
    for (std::size_t i = 1; i < length; ++i) {
        auto const next = static_cast<unsigned char>(text[i]);
        if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) return {};
        code_point = code_point << 6 | (next & 0x3F);
    }
    return {code_point, length};
}

}  // namespace duet::text
