#include "protocol/names.hpp"

#include <cstdint>
#include <string>

namespace duet::protocol {

namespace {

// UTF-8 decoding per RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF.
// Returns the number of code points, or nullopt if the bytes are not valid UTF-8 or
// contain a control character.
std::optional<std::size_t> count_printable_code_points(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size();) {
        auto b0 = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = 0;
        std::size_t len = 0;
        if (b0 < 0x80) {
            cp = b0;
            len = 1;
        } else if ((b0 & 0xE0) == 0xC0) {
            cp = b0 & 0x1F;
            len = 2;
        } else if ((b0 & 0xF0) == 0xE0) {
            cp = b0 & 0x0F;
            len = 3;
        } else if ((b0 & 0xF8) == 0xF0) {
            cp = b0 & 0x07;
            len = 4;
        } else {
            return std::nullopt;
        }
        if (i + len > s.size()) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k) {
            auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (b & 0x3F);
        }
        static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return std::nullopt;
        }
        bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
                       cp == 0x2028 || cp == 0x2029;
        if (control) return std::nullopt;
        ++count;
        i += len;
    }
    return count;
}

// Only called on text already validated as UTF-8.
std::uint32_t decode_at(std::string_view s, std::size_t i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return b0;
    std::size_t len = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : 4;
    std::uint32_t cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

std::uint32_t first_code_point(std::string_view s) { return decode_at(s, 0); }

std::uint32_t last_code_point(std::string_view s) {
    std::size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return decode_at(s, i);
}

// Unicode's space separators and the BOM: a name padded with any of them looks like another.
bool is_space(std::uint32_t cp) {
    return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

}  // namespace

std::optional<decode_error> validate_name(std::string_view name) {
    auto refuse = [](std::string message) {
        return decode_error{error_code::invalid_name, std::move(message)};
    };
    if (name.empty()) return refuse("Name must not be empty");
    auto count = count_printable_code_points(name);
    if (!count) return refuse("Name must be valid UTF-8 text without control characters");
    if (*count > max_name_code_points) {
        return refuse("Name must be at most " + std::to_string(max_name_code_points) +
                      " characters long");
    }
    if (is_space(first_code_point(name)) || is_space(last_code_point(name))) {
        return refuse("Name must not start or end with a space");
    }
    return std::nullopt;
}

}  // namespace duet::protocol
