// JSON checked in one pass without building a tree: the top-level object's members come back
// as slices of the text. The server relays payloads this way (see relay_text.hpp), as the
// sender wrote them, instead of parsing them into nlohmann::json only to dump them again.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace duet::protocol {

enum class json_kind : unsigned char { object, array, string, number, boolean, null };

struct json_member {
    std::string_view key;    // between the quotes, escapes left as written
    std::string_view value;  // the value's own text: quotes and brackets included, no spaces
    json_kind kind = json_kind::null;
};

// The number of members of the object `text` holds, stored in order in `members`, when this
// scan can vouch that nlohmann::json::parse accepts `text`, that it is one object, and that it
// nests at most max_depth deep (the object counts as 1, as in protocol::limits).
//
// Otherwise nullopt: the text is not such an object, or it is one this scan leaves to the
// parser: more members than `members` holds, deeper than max_scan_depth, a byte order mark,
// bytes after a NUL that follows the object (nlohmann takes a NUL for the end of the text), or
// a number that might overflow a double (nlohmann refuses those, strtod decides which).
std::optional<std::size_t> scan_object(std::string_view text, std::size_t max_depth,
                                       std::span<json_member> members);

// Recursion of the scan is bounded by this, whatever limits::max_depth says.
inline constexpr std::size_t max_scan_depth = 64;

// The length of the UTF-8 sequence that starts `text` when it is one valid code point
// (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF), else 0.
std::size_t utf8_sequence_length(std::string_view text);

}  // namespace duet::protocol
