// Finding a word in a language's table, and filling in its blanks (word.hpp).
#include "words/word.hpp"

#include "words/tables.hpp"

namespace duet::words {

char const* say(word w, language lang) {
    char const* text = nullptr;
    switch (lang) {
        case language::english:
            text = english(w);
            break;
        case language::chinese:
            text = chinese(w);
            break;
    }
    return text != nullptr ? text : "";
}

std::string fill(std::string_view text,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t open = text.find('{', i);
        if (open == std::string_view::npos) break;
        std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) break;
        out.append(text.substr(i, open - i));
        std::string_view key = text.substr(open + 1, close - open - 1);
        bool found = false;
        for (auto const& [k, v] : values) {
            if (k == key) {
                out.append(v);
                found = true;
                break;
            }
        }
        if (!found) out.append(text.substr(open, close - open + 1));
        i = close + 1;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

std::string say_who(word w, language lang, std::string_view who) {
    return fill(say(w, lang), {{"who", who}});
}

}  // namespace duet::words
