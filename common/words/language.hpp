// Which language the person reads, and how it is chosen.
//
// The page offers every language that has a table (english.cpp, chinese.cpp); the first one
// the browser prefers (`navigator.languages`, best first) that we have is shown, unless the
// person chose one on the login screen, which is remembered. A language is named on the wire
// of the page (the `lang` attribute, localStorage, window.duet.lang) by its BCP 47 tag.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace duet::words {

enum class language { english, chinese };

inline constexpr language all_languages[] = {language::english, language::chinese};

// "en", "zh-CN": the tag the page's `lang` attribute and localStorage carry.
std::string_view tag(language lang);
// The language's name in itself ("English", "中文"): what a switcher shows, so a person who
// cannot read the current language still finds their own.
std::string_view own_name(language lang);

// The language a BCP 47 tag asks for, by its primary subtag, case-insensitively: "zh",
// "zh-CN", "zh-Hans-SG", "ZH-tw" are Chinese (Simplified is the one we have); "en-GB" is
// English. Nothing for a language we have no table for.
std::optional<language> from_tag(std::string_view tag);

// The remembered choice if there is one, else the first of the browser's preferences we
// have, else English.
language pick(std::optional<language> remembered, std::span<std::string const> preferred);

// The language after `lang` in all_languages, wrapping: the switcher's one button.
language next(language lang);

}  // namespace duet::words
