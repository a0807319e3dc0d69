// JSON checked in one pass without building a tree: the one JSON lexer of the project besides
// nlohmann's parser. It answers two questions. The server's relay fast path asks for the
// top-level object's members as slices of the text (server/signaling/relay_text.hpp), to pass
// a payload on as the sender wrote it instead of parsing it into a tree only to dump it again.
// The protocol's decoders ask whether a text nests too deep before they let nlohmann build a
// tree of it (nlohmann's copy, dump and destruction recurse).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace duet::text {

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
// parser: more members than `members` holds, a byte order mark, a NUL after the object
// (nlohmann takes a NUL for the end of the text), or a number that might overflow a double
// (nlohmann refuses those, strtod decides which).
std::optional<std::size_t> scan_object(std::string_view text, std::size_t max_depth,
                                       std::span<json_member> members);

// True when the JSON value `text` holds opens more than max_depth objects and arrays inside
// one another (the outermost counts as 1). Read as nlohmann reads it (a byte order mark
// skipped, nothing after a NUL), and only as far as it is JSON: for any text nlohmann accepts,
// true exactly when its brackets nest deeper than max_depth (a duplicate key's first value
// included: nlohmann builds that tree too, then drops it). Recursion goes max_depth + 1 deep
// at most, so a million brackets cost no stack.
bool nests_deeper_than(std::string_view text, std::size_t max_depth);

}  // namespace duet::text
