#include <charconv>

#include "scenario.hpp"

namespace loadgen {

bool find_number(std::string_view frame, std::string_view key, std::int64_t& out) {
    std::string needle = "\"" + std::string(key) + "\":";
    auto at = frame.find(needle);
    if (at == std::string_view::npos) return false;
    auto begin = frame.data() + at + needle.size();
    auto [end, ec] = std::from_chars(begin, frame.data() + frame.size(), out);
    return ec == std::errc{} && end != begin;
}

bool has_type(std::string_view frame, std::string_view type) {
    std::string needle = "\"type\":\"" + std::string(type) + "\"";
    return frame.find(needle) != std::string_view::npos;
}

}  // namespace loadgen
