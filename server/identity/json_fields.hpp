// Reading what a provider or a browser sent without trusting its shape: a field that is
// absent or not a string reads as empty, and text is trimmed the one way everywhere.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace duet::identity {

inline std::string string_field(nlohmann::json const& object, char const* name) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

// Without surrounding spaces, tabs and line ends (a secret file's final newline).
inline std::string trimmed(std::string_view text) {
    auto const space = " \t\r\n";
    auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(space) - first + 1));
}

}  // namespace duet::identity
