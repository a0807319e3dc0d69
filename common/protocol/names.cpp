#include "protocol/names.hpp"

#include <string>

#include "text/utf8.hpp"

namespace duet::protocol {

namespace {

// C0 and C1 controls, DEL, and the line and paragraph separators: none belongs in a name.
bool is_control(char32_t cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

// Unicode's space separators and the BOM: a name padded with any of them looks like another.
bool is_space(char32_t cp) {
    return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

}  // namespace

std::optional<decode_error> validate_name(std::string_view name) {
    auto refuse = [](std::string message) {
        return decode_error{error_code::invalid_name, std::move(message)};
    };
    if (name.empty()) return refuse("Name must not be empty");
    std::size_t count = 0;
    bool control = false;
    char32_t first = 0;
    char32_t last = 0;
    bool const utf8 = text::for_each_code_point(name, [&](char32_t cp) {
        if (count == 0) first = cp;
        last = cp;
        control = control || is_control(cp);
        ++count;
    });
    if (!utf8 || control) return refuse("Name must be valid UTF-8 text without control characters");
    if (count > max_name_code_points) {
        return refuse("Name must be at most " + std::to_string(max_name_code_points) +
                      " characters long");
    }
    if (is_space(first) || is_space(last)) return refuse("Name must not start or end with a space");
    return std::nullopt;
}

}  // namespace duet::protocol
