// Choosing the language (language.hpp).
#include "words/language.hpp"

#include <cctype>

namespace duet::words {

std::string_view tag(language lang) {
    switch (lang) {
        case language::english:
            return "en";
        case language::chinese:
            return "zh-CN";
    }
    return "en";
}

std::string_view own_name(language lang) {
    switch (lang) {
        case language::english:
            return "English";
        case language::chinese:
            return "中文";
    }
    return "English";
}

std::optional<language> from_tag(std::string_view text) {
    std::string primary;
    for (char c : text) {
        if (c == '-' || c == '_') break;
        primary += char(std::tolower(static_cast<unsigned char>(c)));
    }
    if (primary == "en") return language::english;
    if (primary == "zh") return language::chinese;
    return std::nullopt;
}

language pick(std::optional<language> remembered, std::span<std::string const> preferred) {
    if (remembered) return *remembered;
    for (std::string const& t : preferred) {
        if (auto lang = from_tag(t)) return *lang;
    }
    return language::english;
}

language next(language lang) {
    constexpr std::size_t count = std::size(all_languages);
    for (std::size_t i = 0; i < count; ++i) {
        if (all_languages[i] == lang) return all_languages[(i + 1) % count];
    }
    return language::english;
}

}  // namespace duet::words
