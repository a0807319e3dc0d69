#include "text/relay_text.hpp"

#include <array>
#include <span>

#include "text/json_scan.hpp"

namespace duet::protocol::relay_text {

namespace {

// A relay has three members; a client's few extra fields still take this path.
constexpr std::size_t max_members = 8;

// A string member's value when it is written without escapes, so that the text between the
// quotes is the value itself (the scan has checked it is UTF-8).
std::optional<std::string_view> plain_string(json_member const* m) {
    if (m == nullptr || m->kind != json_kind::string) return std::nullopt;
    auto inner = m->value.substr(1, m->value.size() - 2);
    if (inner.find('\\') != std::string_view::npos) return std::nullopt;
    return inner;
}

bool is_object(json_member const* m) { return m != nullptr && m->kind == json_kind::object; }

// As nlohmann's dump() writes a string (ensure_ascii off): two-character escapes where JSON
// has them, \u00xx for other control characters, UTF-8 as it is. False on invalid UTF-8.
bool append_quoted(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        auto const c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            auto length = utf8_sequence_length(s.substr(i));
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

std::optional<to_server::message> decode(std::string_view text, limits const& lim) {
    std::array<json_member, max_members> storage;
    auto const count = scan_object(text, lim.max_depth, storage);
    if (!count) return std::nullopt;

    json_member const* type = nullptr;
    json_member const* name = nullptr;
    json_member const* offer = nullptr;
    json_member const* answer = nullptr;
    json_member const* candidate = nullptr;
    for (auto const& m : std::span(storage).first(*count)) {
        // An escaped key may spell one of ours ("typ\u0065"); the tree decodes it.
        if (m.key.find('\\') != std::string_view::npos) return std::nullopt;
        json_member const** slot = m.key == "type"        ? &type
                                   : m.key == "name"      ? &name
                                   : m.key == "offer"     ? &offer
                                   : m.key == "answer"    ? &answer
                                   : m.key == "candidate" ? &candidate
                                                          : nullptr;
        if (slot == nullptr) continue;
        // nlohmann keeps the last of duplicate keys; the tree decides such a message.
        if (*slot != nullptr) return std::nullopt;
        *slot = &m;
    }

    auto const kind = plain_string(type);
    auto const to = plain_string(name);
    if (!kind || !to) return std::nullopt;
    if (*kind == "offer" && is_object(offer)) {
        return to_server::offer{std::string(*to), {}, std::string(offer->value)};
    }
    if (*kind == "answer" && is_object(answer)) {
        return to_server::answer{std::string(*to), {}, std::string(answer->value)};
    }
    // A candidate may be null: the end of candidates.
    if (*kind == "candidate" &&
        (is_object(candidate) || (candidate != nullptr && candidate->kind == json_kind::null))) {
        return to_server::candidate{std::string(*to), {}, std::string(candidate->value)};
    }
    return std::nullopt;
}

std::optional<std::string> encode(std::string_view type, std::string_view name,
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

}  // namespace duet::protocol::relay_text
