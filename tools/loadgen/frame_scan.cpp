#include <charconv>

#include "scenario.hpp"

namespace loadgen {

// Both run for every frame the generator receives: no allocation, one pass.
bool find_number(std::string_view frame, std::string_view key, std::int64_t& out) {
    char needle[64];
    if (key.size() + 3 > sizeof needle) return false;
    needle[0] = '"';
    key.copy(needle + 1, key.size());
    needle[key.size() + 1] = '"';
    needle[key.size() + 2] = ':';
    auto at = frame.find(std::string_view(needle, key.size() + 3));
    if (at == std::string_view::npos) return false;
    auto begin = frame.data() + at + key.size() + 3;
    auto [end, ec] = std::from_chars(begin, frame.data() + frame.size(), out);
    return ec == std::errc{} && end != begin;
}

bool has_type(std::string_view frame, std::string_view type) {
    static constexpr std::string_view field = "\"type\":\"";
    for (auto at = frame.find(field); at != std::string_view::npos;
         at = frame.find(field, at + 1)) {
        auto value = frame.substr(at + field.size());
        if (value.size() > type.size() && value.compare(0, type.size(), type) == 0 &&
            value[type.size()] == '"') {
            return true;
        }
    }
    return false;
}

}  // namespace loadgen
