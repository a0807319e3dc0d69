// The one UTF-8 decoder: every valid form read to its code point, every invalid one refused,
// checked against a reference built from the code point (the encoding rules of RFC 3629).
#include "text/utf8.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "decode_checks.hpp"

using namespace duet;
using testing::hex;

namespace {

// UTF-8 of `cp` as RFC 3629 section 3 writes it (surrogates too, to test their refusal).
std::string encode(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | cp >> 6);
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | cp >> 12);
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | cp >> 18);
        out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

bool is_surrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

std::vector<char32_t> code_points(std::string const& s) {
    std::vector<char32_t> out;
    text::for_each_code_point(s, [&](char32_t cp) { out.push_back(cp); });
    return out;
}

std::vector<char32_t> lenient_code_points(std::string const& s) {
    std::vector<char32_t> out;
    text::for_each_code_point_lenient(s, [&](char32_t cp) { out.push_back(cp); });
    return out;
}

}  // namespace

TEST_CASE("decode_utf8 reads every code point of every length", "[utf8]") {
    SECTION("examples") {
        CHECK(text::decode_utf8("a").code_point == U'a');
        CHECK(text::decode_utf8("a").length == 1);
        CHECK(text::decode_utf8(std::string("\0", 1)).length == 1);
        CHECK(text::decode_utf8("\xc3\xa9z").code_point == U'\u00e9');
        CHECK(text::decode_utf8("\xc3\xa9z").length == 2);
        CHECK(text::decode_utf8("\xe5\xbc\xa0").code_point == U'\u5f20');
        CHECK(text::decode_utf8("\xe5\xbc\xa0").length == 3);
        CHECK(text::decode_utf8("\xf0\x9f\x98\x80").code_point == U'\U0001F600');
        CHECK(text::decode_utf8("\xf0\x9f\x98\x80").length == 4);
    }
    SECTION("the edges of each length and around the surrogates") {
        for (char32_t cp : {0x0u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0xFFFDu, 0xFFFFu,
                            0x10000u, 0xFFFFFu, 0x100000u, 0x10FFFFu}) {
            auto const bytes = encode(cp);
            INFO("bytes: " << hex(bytes));
            auto const c = text::decode_utf8(bytes + "x");
            CHECK(c.code_point == cp);
            CHECK(c.length == bytes.size());
        }
    }
    SECTION("every scalar value round-trips; no surrogate does") {
        std::size_t checked = 0;
        for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x10000 ? 1 : 97)) {
            auto const bytes = encode(cp);
            auto const c = text::decode_utf8(bytes);
            if (is_surrogate(cp)) {
                CHECK(c.length == 0);
                continue;
            }
            if (c.code_point != cp || c.length != bytes.size()) {
                INFO("bytes: " << hex(bytes));
                CHECK(c.code_point == cp);
                CHECK(c.length == bytes.size());
            }
            ++checked;
        }
        CHECK(checked > 70'000);
    }
}

TEST_CASE("decode_utf8 refuses what RFC 3629 refuses", "[utf8]") {
    for (std::string bad : {
             std::string(),                    // nothing to read
             std::string("\x80"),              // a lone continuation byte
             std::string("\xbf"),
             std::string("\xc0\xaf"),          // overlong '/', two bytes
             std::string("\xc1\xbf"),          // overlong U+007F
             std::string("\xe0\x80\xaf"),      // overlong '/', three bytes
             std::string("\xe0\x9f\xbf"),      // overlong U+07FF
             std::string("\xf0\x80\x80\xaf"),  // overlong '/', four bytes
             std::string("\xf0\x8f\xbf\xbf"),  // overlong U+FFFF
             std::string("\xed\xa0\x80"),      // U+D800, a surrogate
             std::string("\xed\xaf\xbf"),      // U+DBFF
             std::string("\xed\xb0\x80"),      // U+DC00
             std::string("\xed\xbf\xbf"),      // U+DFFF
             std::string("\xf4\x90\x80\x80"),  // U+110000
             std::string("\xf5\x80\x80\x80"),  // past U+10FFFF by its lead byte
             std::string("\xf7\xbf\xbf\xbf"),
             std::string("\xf8\x88\x80\x80\x80"),  // five-byte form
             std::string("\xfc\x84\x80\x80\x80\x80"),  // six-byte form
             std::string("\xfe"), std::string("\xff"),
             std::string("\xc3"),              // truncated: two bytes
             std::string("\xe5\xbc"),          // three bytes
             std::string("\xe5"),
             std::string("\xf0\x9f\x98"),      // four bytes
             std::string("\xf0\x9f"),
             std::string("\xe5z\xa0"),         // interrupted by ASCII
             std::string("\xc3\xc3\xa9"),      // interrupted by a lead byte
             std::string("\xf0\x9f\x98z"),
         }) {
        INFO("bytes: " << hex(bad));
        CHECK(text::decode_utf8(bad).length == 0);
    }
}

TEST_CASE("for_each_code_point stops at the first invalid byte", "[utf8]") {
    using V = std::vector<char32_t>;
    CHECK(code_points("") == V{});
    CHECK(code_points("a\xc3\xa9\xe5\xbc\xa0\xf0\x9f\x98\x80") == V{U'a', 0xE9, 0x5F20, 0x1F600});
    CHECK(text::for_each_code_point("ok", [](char32_t) {}));
    std::vector<char32_t> seen;
    CHECK_FALSE(text::for_each_code_point("ab\xed\xa0\x80z", [&](char32_t cp) {
        seen.push_back(cp);
    }));
    CHECK(seen == V{U'a', U'b'});
    CHECK_FALSE(text::for_each_code_point("ab\xe5", [](char32_t) {}));
}

TEST_CASE("for_each_code_point_lenient skips what is not UTF-8 and reads on", "[utf8]") {
    using V = std::vector<char32_t>;
    CHECK(lenient_code_points("a\xff" "b") == V{U'a', U'b'});
    CHECK(lenient_code_points("\xc0\xaf/") == V{U'/'});  // an overlong is two bad bytes
    CHECK(lenient_code_points("\xed\xa0\x80\xc3\xa9") == V{0xE9});
    CHECK(lenient_code_points("x\xe5\xbc") == V{U'x'});  // cut short at the end
    CHECK(lenient_code_points("\xe5" "a\xbc" "b") == V{U'a', U'b'});
    CHECK(lenient_code_points("\xf0\x9f\x98\x80") == V{0x1F600});
}
