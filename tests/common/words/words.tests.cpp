// The language tables and the choice of language: every word exists in every language, the
// blanks are filled, and the browser's preferences pick the language a person expects.
#include "words/language.hpp"
#include "words/word.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "call/status_text.hpp"
#include "text/utf8.hpp"

using namespace duet;
using words::language;
using words::word;

namespace {
bool is_server_error(word w) {
    return int(w) >= int(word::error_invalid_json) && int(w) <= int(word::error_identity_required);
}

// The `{key}`s a sentence has, in order.
std::vector<std::string> blanks(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
        std::size_t close = text.find('}', i);
        if (close == std::string_view::npos) break;
        out.emplace_back(text.substr(i + 1, close - i - 1));
    }
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("words: every language says every word, with the same blanks", "[words]") {
    for (int i = 0; i < words::word_count; ++i) {
        auto w = word(i);
        std::string_view en = words::say(w, language::english);
        INFO("word " << i << ": " << en);
        if (is_server_error(w)) {
            CHECK(en.empty());  // English shows the server's own words
        } else {
            CHECK_FALSE(en.empty());
        }
        for (language lang : words::all_languages) {
            std::string_view text = words::say(w, lang);
            INFO(words::tag(lang) << ": " << text);
            if (lang != language::english) CHECK_FALSE(text.empty());
            CHECK(text::for_each_code_point(text, [](char32_t) {}));
            if (!en.empty()) CHECK(blanks(text) == blanks(en));
        }
    }
}

TEST_CASE("words: fill replaces known blanks and keeps the rest", "[words]") {
    CHECK(words::fill("Calling {who}...", {{"who", "bob"}}) == "Calling bob...");
    CHECK(words::fill("{who} ({count})", {{"count", "3"}, {"who", "李雷"}}) == "李雷 (3)");
    CHECK(words::fill("{other} and {who}", {{"who", "x"}}) == "{other} and x");
    CHECK(words::fill("no blanks", {}) == "no blanks");
    CHECK(words::fill("open { only", {{"who", "x"}}) == "open { only");
    CHECK(words::fill("{who}", {{"who", "{who}"}}) == "{who}");  // a value is not re-read
    CHECK(words::say_who(word::status_calling, language::chinese, "bob") == "正在呼叫 bob…");
}

TEST_CASE("words: the language from tags and preferences", "[words]") {
    CHECK(words::from_tag("zh") == language::chinese);
    CHECK(words::from_tag("zh-CN") == language::chinese);
    CHECK(words::from_tag("ZH-Hans-SG") == language::chinese);
    CHECK(words::from_tag("en-GB") == language::english);
    CHECK(words::from_tag("en_US") == language::english);
    CHECK_FALSE(words::from_tag("fr-FR").has_value());
    CHECK_FALSE(words::from_tag("").has_value());
    CHECK_FALSE(words::from_tag("zhx").has_value());

    std::vector<std::string> french_then_chinese{"fr-FR", "fr", "zh-CN", "en"};
    std::vector<std::string> none;
    std::vector<std::string> english_first{"en-US", "zh-CN"};
    CHECK(words::pick(std::nullopt, french_then_chinese) == language::chinese);
    CHECK(words::pick(std::nullopt, english_first) == language::english);
    CHECK(words::pick(std::nullopt, none) == language::english);
    CHECK(words::pick(language::english, french_then_chinese) == language::english);
    for (language lang : words::all_languages) {
        CHECK(words::from_tag(words::tag(lang)) == lang);
        CHECK(words::next(lang) != lang);
    }
    CHECK(words::own_name(language::chinese) == "中文");
}

TEST_CASE("status text in Chinese: outcomes, and the server's codes in place of its English",
          "[words][status_text]") {
    using call::status;
    using call::status_code;
    auto zh = [](status s) { return call::status_text(s, language::chinese); };
    CHECK(zh(status{status_code::busy, "bob"}) == "bob 正忙");
    CHECK(zh(status{status_code::could_not_connect, "王芳"}) == "无法连接到 王芳");
    CHECK(zh(status{status_code::tried_to_call, "bob", {}, 3}) == "bob 曾呼叫你（3 个未接来电）");
    CHECK(zh(status{status_code::call_failed, "bob", "bad SDP"}) == "与 bob 的通话失败：bad SDP");
    status taken{status_code::name_refused, {}, "Name taken", 0, protocol::error_code::name_taken};
    CHECK(zh(taken) == "这个用户名已被占用，请换一个。");
    // English keeps the server's own words; a status with no code keeps them in any language.
    CHECK(call::status_text(taken) == "Name taken");
    CHECK(zh(status{status_code::message, {}, "from the browser"}) == "from the browser");
    CHECK(zh(status{status_code::name_refused}) == "服务器拒绝了这个用户名。");
}

TEST_CASE("status text: the identity refusals, the server's words in English, ours in Chinese",
          "[words][status_text]") {
    using call::status;
    using call::status_code;
    status bound{status_code::name_refused, {}, "The name \"alice\" belongs to an account", 0,
                 protocol::error_code::name_bound};
    CHECK(call::status_text(bound) == "The name \"alice\" belongs to an account");
    CHECK(call::status_text(bound, language::chinese) == "这个用户名属于一个账号，请用该账号登录。");
    status required{status_code::name_refused, {}, "Sign in with your account", 0,
                    protocol::error_code::identity_required};
    CHECK(call::status_text(required) == "Sign in with your account");
    CHECK(call::status_text(required, language::chinese) == "此服务器要求用账号登录。");
}
