// The user-name rules the server enforces and the client checks before sending.
#include "protocol/names.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "decode_checks.hpp"

using namespace duet;
namespace proto = protocol;
using proto::error_code;
using json = proto::json;

namespace {

using testing::hex;
using testing::repeat;

}  // namespace

TEST_CASE("validate_name", "[protocol]") {
    auto valid = [](std::string const& name) { return !proto::validate_name(name).has_value(); };
    auto refusal = [](std::string const& name) {
        auto problem = proto::validate_name(name);
        REQUIRE(problem.has_value());
        CHECK(problem->code == error_code::invalid_name);
        return problem->message;
    };

    SECTION("ordinary names") {
        CHECK(valid("alice"));
        CHECK(valid("a"));
        CHECK(valid("Anna Maria"));  // inner spaces are fine
        CHECK(valid("o'brien-2"));
    }
    SECTION("names in other scripts") {
        CHECK(valid("张伟"));
        CHECK(valid("Zoë"));
        CHECK(valid("Ελένη"));
        CHECK(valid("😀 party"));  // four-byte UTF-8
    }
    SECTION("empty") { CHECK_THAT(refusal(""), Catch::Contains("empty")); }
    SECTION("32 code points, not bytes") {
        CHECK(valid(std::string(32, 'a')));
        CHECK_THAT(refusal(std::string(33, 'a')), Catch::Contains("32"));
        CHECK(valid(repeat("张", 32)));  // 96 bytes
        CHECK_THAT(refusal(repeat("张", 33)), Catch::Contains("32"));
        CHECK(valid(repeat("😀", 32)));  // 128 bytes
        CHECK_FALSE(valid(repeat("😀", 33)));
    }
    SECTION("control characters") {
        for (std::string bad :
             {std::string("a\tb"), std::string("a\nb"), std::string("a\rb"), std::string("a\0b", 3),
              std::string("\x1b[31mred"), std::string("del\x7f"),
              std::string("c1\xc2\x85"),         // U+0085 NEXT LINE
              std::string("ls\xe2\x80\xa8"),     // U+2028 LINE SEPARATOR
              std::string("ps\xe2\x80\xa9")}) {  // U+2029 PARAGRAPH SEPARATOR
            INFO("name bytes: " << hex(bad));
            CHECK_THAT(refusal(bad), Catch::Contains("control"));
        }
    }
    SECTION("spaces at either end") {
        CHECK_THAT(refusal(" alice"), Catch::Contains("space"));
        CHECK_THAT(refusal("alice "), Catch::Contains("space"));
        CHECK_FALSE(valid(" "));
        CHECK_THAT(refusal("\xc2\xa0"
                           "alice"),
                   Catch::Contains("space"));  // U+00A0
        CHECK_THAT(refusal("alice"
                           "\xe3\x80\x80"),
                   Catch::Contains("space"));  // U+3000
        CHECK_THAT(refusal("\xef\xbb\xbf"
                           "alice"),
                   Catch::Contains("space"));  // U+FEFF
        CHECK(
            valid("a\xc2\xa0"
                  "b"));  // inside is fine
    }
    SECTION("invalid UTF-8") {
        for (std::string bad : {
                 std::string("\xc0\xaf"),          // overlong '/'
                 std::string("\xe0\x80\xaf"),      // overlong '/', three bytes
                 std::string("\xf0\x80\x80\xaf"),  // overlong '/', four bytes
                 std::string("\xc1\xbf"),          // overlong
                 std::string("\xed\xa0\x80"),      // U+D800, a surrogate
                 std::string("\xed\xbf\xbf"),      // U+DFFF
                 std::string("\xf4\x90\x80\x80"),  // above U+10FFFF
                 std::string("\xe5\xbc"),          // "张" cut short
                 std::string("ab\xe5"),            // cut at the end
                 std::string("\x80"),              // a lone continuation byte
                 std::string("a\xbf"
                             "b"),
                 std::string("\xff"), std::string("\xfe\xff"),
                 std::string("\xf8\x88\x80\x80\x80"),  // five-byte form
                 std::string("\xe5"
                             "a"
                             "\xbc"),  // continuation interrupted
             }) {
            INFO("name bytes: " << hex(bad));
            CHECK_THAT(refusal(bad), Catch::Contains("UTF-8"));
        }
    }
    SECTION("the largest code point and the edges around surrogates are fine") {
        CHECK(valid("\xf4\x8f\xbf\xbf"));  // U+10FFFF
        CHECK(valid("\xed\x9f\xbf"));      // U+D7FF
        CHECK(valid("\xee\x80\x80"));      // U+E000
    }
}
