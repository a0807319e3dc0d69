#include "protocol/fields.hpp"

#include <cstdint>
#include <limits>

#include "text/json_scan.hpp"

namespace duet::protocol::fields {

decoded<json> parse_object(std::string_view text, limits const& lim) {
    decoded<json> out;
    // nlohmann's parser is iterative but copy, dump and destruction recurse, so a deep text
    // is refused by the scanner (linear, its recursion bounded by the limit) before any tree
    // is built.
    if (text::nests_deeper_than(text, lim.max_depth)) {
        out.error = fail(error_code::invalid_json,
                         "Message nested deeper than " + std::to_string(lim.max_depth) + " levels");
        return out;
    }
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        out.error = fail(error_code::invalid_json, "Message is not valid JSON");
        return out;
    }
    if (!doc.is_object()) {
        out.error = fail(error_code::invalid_json, "Message must be a JSON object");
        return out;
    }
    auto type = doc.find("type");
    if (type == doc.end()) {
        out.error = fail(error_code::invalid_message, "Message has no \"type\" field");
        return out;
    }
    if (!type->is_string()) {
        out.error = fail(error_code::invalid_message, "Field \"type\" must be a string");
        return out;
    }
    out.value = std::move(doc);
    return out;
}

std::optional<std::string> string_field(json const& doc, char const* key, decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) {
        err = fail(error_code::invalid_message, std::string("Missing field \"") + key + "\"");
        return std::nullopt;
    }
    if (!it->is_string()) {
        err = fail(error_code::invalid_message, std::string("Field \"") + key + "\" must be a string");
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::string optional_string(json const& doc, char const* key) {
    auto it = doc.find(key);
    return (it != doc.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

std::optional<std::string> optional_string_field(json const& doc, char const* key,
                                                 decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return std::string{};
    if (!it->is_string()) {
        err = fail(error_code::invalid_message, std::string("Field \"") + key + "\" must be a string");
        return std::nullopt;
    }
    return it->get<std::string>();
}

bool optional_count_field(json const& doc, char const* key, int& out, decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) return true;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() > std::numeric_limits<int>::max()) {
        err = fail(error_code::invalid_message,
                   std::string("Field \"") + key + "\" must be a whole number of seconds");
        return false;
    }
    out = static_cast<int>(it->get<std::int64_t>());
    return true;
}

bool optional_bool_field(json const& doc, char const* key, bool& out, decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) return true;
    if (!it->is_boolean()) {
        err = fail(error_code::invalid_message, std::string("Field \"") + key + "\" must be a boolean");
        return false;
    }
    out = it->get<bool>();
    return true;
}

std::optional<json> payload_field(json& doc, char const* key, bool null_allowed,
                                  decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) {
        err = fail(error_code::invalid_message, std::string("Missing field \"") + key + "\"");
        return std::nullopt;
    }
    if (!(it->is_object() || (null_allowed && it->is_null()))) {
        err = fail(error_code::invalid_message,
                   std::string("Field \"") + key + "\" must be an object" +
                       (null_allowed ? " or null" : ""));
        return std::nullopt;
    }
    return std::move(*it);
}

json payload_tree(json const& tree, std::string const& text) {
    return text.empty() ? tree : json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace duet::protocol::fields
