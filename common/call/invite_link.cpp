// Writing and reading invite links (invite_link.hpp).
#include "call/invite_link.hpp"

#include "protocol/names.hpp"

namespace duet::call {

namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

bool unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Far beyond any valid name (32 code points of at most 4 bytes, each escaped to 3 chars):
// a longer hash is refused before any decoding.
constexpr std::size_t max_hash = 1024;

}  // namespace

std::string percent_encode(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (unreserved(c)) {
            out += c;
            continue;
        }
        auto b = static_cast<unsigned char>(c);
        out += '%';
        out += hex_digits[b >> 4];
        out += hex_digits[b & 15];
    }
    return out;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        int hi = hex_value(text[i + 1]);
        int lo = hex_value(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += char(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string invite_link(std::string_view origin, std::string_view name) {
    return std::string(origin) + "/#call=" + percent_encode(name);
}

std::optional<std::string> invited_by(std::string_view hash) {
    if (hash.size() > max_hash) return std::nullopt;
    if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
    static constexpr std::string_view key = "call=";
    while (!hash.empty()) {
        auto amp = hash.find('&');
        std::string_view part = hash.substr(0, amp);
        hash = amp == std::string_view::npos ? std::string_view() : hash.substr(amp + 1);
        if (part.substr(0, key.size()) != key) continue;
        auto name = percent_decode(part.substr(key.size()));
        if (!name || protocol::validate_name(*name)) return std::nullopt;
        return name;
    }
    return std::nullopt;
}

}  // namespace duet::call
