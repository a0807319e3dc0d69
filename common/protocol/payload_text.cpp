#include "protocol/payload_text.hpp"

#include "text/utf8.hpp"

namespace duet::protocol {

namespace {

// As nlohmann's dump() writes a string (ensure_ascii off): two-character escapes where JSON
// has them, \u00xx for other control characters, UTF-8 as it is. False on invalid UTF-8.
bool append_quoted(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        auto const c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            auto length = text::decode_utf8(s.substr(i)).length;
            if (length == 0) return false;
            out.append(s.substr(i, length));
            i += length;
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xF];
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    out += '"';
    return true;
}

}  // namespace

std::optional<std::string> encode_with_payload_text(std::string_view type, std::string_view name,
                                                    std::string_view payload) {
    if (payload.empty()) return std::nullopt;
    std::string out;
    out.reserve(payload.size() + name.size() + 2 * type.size() + 24);
    auto const append_payload = [&] {
        out.append("\"").append(type).append("\":").append(payload);
    };
    bool const payload_first = type < "name";  // nlohmann's objects are sorted by key
    out += '{';
    if (payload_first) {
        append_payload();
        out += ',';
    }
    out += "\"name\":";
    if (!append_quoted(out, name)) return std::nullopt;
    if (!payload_first) {
        out += ',';
        append_payload();
    }
    out.append(",\"type\":\"").append(type).append("\"}");
    return out;
}

}  // namespace duet::protocol
