// Reading a decoded message's fields, for the two codecs (to_server.cpp, to_client.cpp) only:
// the checks every message shares (JSON, an object, a string `type`, not too deep) and the
// typed field readers, each failing with an error that names the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "protocol/messages.hpp"

namespace duet::protocol::fields {

inline decode_error fail(error_code code, std::string message) {
    return {code, std::move(message)};
}

template <class T>
decoded<T> error_result(decode_error err) {
    decoded<T> out;
    out.error = std::move(err);
    return out;
}

template <class T, class M>
decoded<T> value_result(M&& m) {
    decoded<T> out;
    out.value = T{std::forward<M>(m)};
    return out;
}

// Parses a JSON object with a string `type`, without throwing; deep nesting is refused before
// any tree is built.
decoded<json> parse_object(std::string_view text, limits const& lim);

// A required string field; on failure fills `err` and returns nullopt.
std::optional<std::string> string_field(json const& doc, char const* key, decode_error& err);

// A string field read leniently: absent or of another type reads as empty.
std::string optional_string(json const& doc, char const* key);

// An optional string field: absent or null reads as empty; any other type fills `err`.
std::optional<std::string> optional_string_field(json const& doc, char const* key,
                                                 decode_error& err);

// An optional whole number from 0 to INT_MAX; absent keeps `out`; anything else fills `err`.
bool optional_count_field(json const& doc, char const* key, int& out, decode_error& err);

// An optional boolean; absent keeps `out`; anything else fills `err`.
bool optional_bool_field(json const& doc, char const* key, bool& out, decode_error& err);

// A relayed payload, moved out of `doc`: session descriptions are objects; a candidate is an
// object or null (end of candidates).
std::optional<json> payload_field(json& doc, char const* key, bool null_allowed,
                                  decode_error& err);

// A payload as a tree for the tree encoder: the text the relay fast path kept, parsed, or the
// tree itself.
json payload_tree(json const& tree, std::string const& text);

}  // namespace duet::protocol::fields
