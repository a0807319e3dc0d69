// UTF-8, read one code point at a time: the one decoder for the whole project. User names
// (protocol/names.cpp), the JSON scanner (text/json_scan.cpp) and the client's font atlas all
// read UTF-8 here, so they cannot disagree about what counts as valid text.
#pragma once

#include <cstddef>
#include <string_view>

namespace duet::text {

struct utf8_char {
    char32_t code_point = 0;
    std::size_t length = 0;  // bytes the sequence takes; 0 when it is not valid UTF-8
};

// The code point that starts `text`, when its first bytes are one valid sequence by RFC 3629
// (section 4: no overlong forms, no UTF-16 surrogates, nothing past U+10FFFF, nothing cut
// short). Otherwise length 0, and for empty text too.
utf8_char decode_utf8(std::string_view text);

// Calls f(code_point) for each code point of `text` in order. Stops and returns false at the
// first byte that does not start a valid sequence (f has seen the code points before it).
template <class F>
bool for_each_code_point(std::string_view text, F&& f) {
    while (!text.empty()) {
        auto const c = decode_utf8(text);
        if (c.length == 0) return false;
        f(c.code_point);
        text.remove_prefix(c.length);
    }
    return true;
}

// For showing text rather than judging it: a byte that does not start a valid sequence is
// skipped, and the code points around it still count.
template <class F>
void for_each_code_point_lenient(std::string_view text, F&& f) {
    while (!text.empty()) {
        auto const c = decode_utf8(text);
        if (c.length == 0) {
            text.remove_prefix(1);
            continue;
        }
        f(c.code_point);
        text.remove_prefix(c.length);
    }
}

}  // namespace duet::text
