#include "text/json_scan.hpp"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "decode_checks.hpp"
#include "protocol/protocol.hpp"

using namespace duet;
using json = protocol::json;
using namespace std::literals;
using text::json_kind;
using text::json_member;
using testing::hex;
using testing::repeat;

namespace {

struct scanned {
    std::optional<std::size_t> count;
    std::array<json_member, 64> members;
};

scanned scan(std::string_view text, std::size_t max_depth = 32) {
    scanned out;
    out.count = text::scan_object(text, max_depth, out.members);
    return out;
}

bool accepted(std::string_view text, std::size_t max_depth = 32) {
    return scan(text, max_depth).count.has_value();
}

std::size_t depth_of(json const& j) {
    if (!j.is_structured()) return 0;
    std::size_t inner = 0;
    for (auto const& item : j) inner = std::max(inner, depth_of(item));
    return inner + 1;
}

// What the scan must say about `text`: nlohmann parses it to an object no deeper than the
// limit.
bool nlohmann_accepts(std::string_view text, std::size_t max_depth = 32) {
    auto doc = json::parse(text, nullptr, false);
    return !doc.is_discarded() && doc.is_object() && depth_of(doc) <= max_depth;
}

// The value of `"v":VALUE` in an object, for the value-level cases below.
std::string in_object(std::string const& value) { return R"({"v":)" + value + "}"; }

}  // namespace

TEST_CASE("scan_object reports the top-level members as slices of the text", "[json_scan]") {
    SECTION("kinds, raw values, keys with their escapes, whitespace around everything") {
        std::string const text =
            " \r\n\t{ \"o\" : {\"a\": [1, {}]} ,\"a\":[ ],\"s\":\"x\\\"y\",\"n\":-1.5e+3,"
            "\"t\":true,\"f\":false,\"z\":null,\"k\\u0065y\":\"\"\n}\t ";
        auto s = scan(text);
        REQUIRE(s.count == 8u);
        auto const& m = s.members;
        CHECK(m[0].key == "o");
        CHECK(m[0].value == R"({"a": [1, {}]})");
        CHECK(m[0].kind == json_kind::object);
        CHECK(m[1].value == "[ ]");
        CHECK(m[1].kind == json_kind::array);
        CHECK(m[2].value == R"("x\"y")");
        CHECK(m[2].kind == json_kind::string);
        CHECK(m[3].value == "-1.5e+3");
        CHECK(m[3].kind == json_kind::number);
        CHECK(m[4].kind == json_kind::boolean);
        CHECK(m[5].value == "false");
        CHECK(m[6].value == "null");
        CHECK(m[6].kind == json_kind::null);
        CHECK(m[7].key == R"(k\u0065y)");
        CHECK(m[7].value == R"("")");
    }
    SECTION("an empty object has no members") {
        CHECK(scan("{}").count == 0u);
        CHECK(scan(" { } ").count == 0u);
    }
    SECTION("more members than the caller has room for are left to the parser") {
        std::array<json_member, 2> two;
        CHECK(text::scan_object(R"({"a":1,"b":2})", 32, two) == 2u);
        CHECK_FALSE(text::scan_object(R"({"a":1,"b":2,"c":3})", 32, two));
    }
}

TEST_CASE("scan_object accepts what nlohmann accepts, and nothing else", "[json_scan]") {
    SECTION("valid values") {
        std::vector<std::string> const values{
            // numbers
            "0", "-0", "1", "-1", "10", "123456789012345678901234567890", "0.5", "-0.0e0", "1E5",
            "1e-400", "2.5E+10", "9.99e307",
            // literals
            "true", "false", "null",
            // strings: escapes, surrogate pairs, UTF-8 of every length, DEL
            "\"\"", "\"plain\"", R"("\"\\\/\b\f\n\r\t")", R"("\u0000\u001f\u00e9\uFFFF")",
            R"("\ud83d\ude00")", R"("\uD800\uDC00\uDBFF\uDFFF")", "\"caf\xc3\xa9\"",
            "\"\xe5\xbc\xa0\"", "\"\xf0\x9f\x98\x80\"", "\"\xf4\x8f\xbf\xbf\"",
            "\"\xed\x9f\xbf\xee\x80\x80\"", "\"\x7f\"",
            // containers
            "[]", "[1,[2,[3]],{\"a\":{}}]", "{\"\":\"\",\"a\":{\"b\":null}}", "[ 1 , 2 ]"};
        for (auto const& value : values) {
            std::string const text = in_object(value);
            INFO("text: " << text);
            REQUIRE(nlohmann_accepts(text));
            CHECK(accepted(text));
        }
    }
    SECTION("invalid text") {
        std::vector<std::string> const texts{
            // not an object
            ""s, " ", "[]", "null", "\"a\"", "42",
            // broken structure
            "{", "}", "{}}", "{} x", "{},", "{}{}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}",
            "{'a':1}", "{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}", "{\"a\":[1,]}", "{\"a\":[,1]}",
            "{\"a\":[1 2]}", "{\"a\":[}", "{\"a\":{]}", "{\"a\":\"x}", "{\"a\":\"x\\\"}",
            // trailing bytes, comments, a broken byte order mark, whitespace JSON does not allow
            "{\"a\":1}/", "{\"a\":1/*c*/}", "\xef\xbb{}", "{\"a\":1}\v", "\f{}"};
        for (auto const& text : texts) {
            INFO("text bytes: " << hex(text));
            REQUIRE_FALSE(nlohmann_accepts(text));
            CHECK_FALSE(accepted(text));
        }
    }
    SECTION("invalid values") {
        std::vector<std::string> const values{
            // numbers
            "01", "-", "+1", "1.", ".5", "1e", "1e+", "1E-", "-a", "0x1", "1.5.2", "NaN",
            "Infinity", "--1", "1e999", "-1e400", std::string(400, '9'),
            // literals
            "tru", "True", "nul", "nulll", "falsey", "f",
            // escapes
            R"("\a")", R"("\x41")", R"("\u12")", R"("\u12G4")", R"("\U0041")", "\"\\",
            // lone or misordered surrogates
            R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\ud800x")", R"("\ud800\ud800")",
            R"("\udfff\ud800")", R"("\ud83d\\ude00")", R"("\uDBFF")",
            // raw control characters
            "\"a\tb\"", "\"a\nb\"", std::string("\"a\0b\"", 5), "\"\x1f\"",
            // UTF-8
            "\"\xc0\xaf\"", "\"\xc1\xbf\"", "\"\xe0\x80\xaf\"", "\"\xf0\x80\x80\xaf\"",
            "\"\xed\xa0\x80\"", "\"\xed\xbf\xbf\"", "\"\xf4\x90\x80\x80\"", "\"\xe5\xbc\"",
            "\"\x80\"", "\"a\xbf\"", "\"\xff\"", "\"\xfe\xff\"", "\"\xf8\x88\x80\x80\x80\"",
            "\"\xe5"
            "a\xbc\"",
            "\"\xc3\"",
            // UTF-8 outside strings
            "\xc3\xa9"};
        for (auto const& value : values) {
            std::string const text = in_object(value);
            INFO("text bytes: " << hex(text));
            REQUIRE_FALSE(nlohmann_accepts(text));
            CHECK_FALSE(accepted(text));
        }
    }
    SECTION("valid text the scan leaves to the parser") {
        // A byte order mark, which nlohmann skips; a NUL, which it takes for the end of the
        // text; numbers near or past the largest double, which only strtod can tell apart.
        for (std::string text : {"\xef\xbb\xbf{}"s, "{\"a\":1}\0"s, "{} \0 x"s, in_object("1e308"),
                                 in_object("1.7976931348623157e308"),
                                 in_object("1" + std::string(308, '0')), in_object("0.1e309")}) {
            INFO("text bytes: " << hex(text));
            REQUIRE(nlohmann_accepts(text));
            CHECK_FALSE(accepted(text));
        }
    }
    SECTION("nesting: the object is level 1; the limit is accepted, one more is not") {
        auto nested = [](std::size_t depth) {
            return repeat("{\"a\":", depth - 1) + "[]" + repeat("}", depth - 1);
        };
        CHECK(accepted(nested(32), 32));
        CHECK_FALSE(accepted(nested(33), 32));
        CHECK(accepted(nested(3), 3));
        CHECK_FALSE(accepted(nested(4), 3));
        CHECK_FALSE(accepted("{}", 0));
        CHECK_FALSE(accepted(repeat("[", 100'000)));
        // A limit past what SDP needs is honoured as given, as the tree's check honours it.
        CHECK(accepted(nested(200), 200));
        CHECK_FALSE(accepted(nested(201), 200));
        // Brackets inside strings are text.
        CHECK(accepted(in_object("\"" + repeat("[{", 100) + "\""), 2));
    }
}

TEST_CASE("scan_object agrees with nlohmann on mutated documents", "[json_scan]") {
    std::vector<std::string> const seeds{
        R"({"type":"offer","name":"bob","offer":{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}})",
        R"({ "a" : [ 1, -2.5e-3, true, false, null, "x\u00e9\ud83d\ude00" ], "b" : { "c" : {} } })",
        "{\"name\":\"\xe5\xbc\xa0\xe4\xbc\x9f \xf0\x9f\x98\x80\",\"n\":[0,10,-0.25,1E2]}",
        R"({"candidate":{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host","sdpMid":"0","sdpMLineIndex":0},"name":"alice","type":"candidate"})",
    };
    // Each byte replaced by bytes that matter to JSON, removed, or the text cut there.
    std::string_view const replacements =
        "\"\\{}[],: \t0159-+.eEtfnulx/\x00\x01\x1f\x7f\x80\xbf\xc3\xed\xf0\xff"sv;
    std::size_t agreed = 0;
    for (auto const& seed : seeds) {
        REQUIRE(accepted(seed));
        std::vector<std::string> inputs;
        for (std::size_t at = 0; at < seed.size(); ++at) {
            for (char c : replacements) {
                std::string s = seed;
                s[at] = c;
                inputs.push_back(std::move(s));
            }
            inputs.push_back(seed.substr(0, at) + seed.substr(at + 1));
            inputs.push_back(seed.substr(0, at));
        }
        for (auto const& input : inputs) {
            bool const expected = nlohmann_accepts(input);
            auto s = scan(input);
            if (s.count.has_value() != expected) {
                INFO("input bytes: " << hex(input));
                CHECK(s.count.has_value() == expected);
                continue;
            }
            ++agreed;
            if (!expected) continue;
            // The slices are the members: parsed one by one they are the document.
            auto doc = json::parse(input);
            json rebuilt = json::object();
            for (std::size_t i = 0; i < *s.count; ++i) {
                auto const& m = s.members[i];
                rebuilt[json::parse("\"" + std::string(m.key) + "\"").get<std::string>()] =
                    json::parse(m.value);
            }
            INFO("input: " << input);
            CHECK(rebuilt == doc);
        }
    }
    CHECK(agreed > 10'000);
}

TEST_CASE("nests_deeper_than measures the tree nlohmann would build", "[json_scan]") {
    using text::nests_deeper_than;

    SECTION("any value at the top, the outermost counting as 1") {
        CHECK_FALSE(nests_deeper_than("42", 0));
        CHECK_FALSE(nests_deeper_than("\"[[[[\"", 0));
        CHECK(nests_deeper_than("[]", 0));
        CHECK_FALSE(nests_deeper_than("[]", 1));
        CHECK(nests_deeper_than("[[]]", 1));
        CHECK_FALSE(nests_deeper_than(R"({"a":[{"b":{}}]})", 4));
        CHECK(nests_deeper_than(R"({"a":[{"b":{}}]})", 3));
        CHECK_FALSE(nests_deeper_than(R"([[], [], {"a": []}])", 3));
    }
    SECTION("brackets inside strings and escapes are text") {
        CHECK_FALSE(nests_deeper_than(R"({"a":"[[[[{{{{\"[["})", 1));
        CHECK_FALSE(nests_deeper_than(in_object("\"" + repeat("[{", 100) + "\""), 1));
    }
    SECTION("read as nlohmann reads: a byte order mark skipped, nothing after a NUL") {
        CHECK(nests_deeper_than("\xef\xbb\xbf[[[]]]", 2));
        CHECK_FALSE(nests_deeper_than("\xef\xbb\xbf[[[]]]", 3));
        CHECK_FALSE(nests_deeper_than("[[]]\0[[[[[[", 2));
        CHECK(nests_deeper_than("[1e999,[[]]]", 2));
    }
    SECTION("the first fault ends the reading; depth met before it still counts") {
        CHECK(nests_deeper_than(repeat("[", 1'000'000), 32));
        CHECK(nests_deeper_than(repeat("{\"a\":", 40), 32));
        CHECK(nests_deeper_than("[[[ x", 2));
        CHECK_FALSE(nests_deeper_than("[x [[[[", 2));
        CHECK_FALSE(nests_deeper_than("", 0));
    }
}

// How deep the brackets of `text` nest outside strings, whatever else it holds: the linear
// pre-scan the protocol used before the scanner enforced the depth. The reference for texts
// nlohmann accepts; on others the scanner stops at the first fault, so it may only say less.
std::size_t bracket_depth(std::string_view text) {
    std::size_t depth = 0;
    std::size_t deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

TEST_CASE("nests_deeper_than agrees with the old bracket count on mutated documents",
          "[json_scan]") {
    std::vector<std::string> const seeds{
        R"({"type":"offer","name":"bob","offer":{"type":"offer","sdp":"v=0\r\n"}})",
        R"([[1,[2,[3,[4]]]],{"a":{"b":{"c":[{}]}}},"[{\"",-1.5e3,true,null])",
        // A duplicate key: nlohmann builds the first tree, then drops it; it still counts.
        "{\"name\":\"\xe5\xbc\xa0\",\"n\":[[0],[[10]],[[[-0.25]]]],\"n\":[{},[]]}",
    };
    std::string_view const replacements = "\"\\{}[],: 0e-\x00\x80\xff"sv;
    std::size_t valid = 0;
    for (auto const& seed : seeds) {
        std::vector<std::string> inputs{seed};
        for (std::size_t at = 0; at < seed.size(); ++at) {
            for (char c : replacements) {
                std::string s = seed;
                s[at] = c;
                inputs.push_back(std::move(s));
            }
            inputs.push_back(seed.substr(0, at) + seed.substr(at + 1));
        }
        for (auto const& input : inputs) {
            bool const json_text = !json::parse(input, nullptr, false).is_discarded();
            // Cut at a NUL as nlohmann cuts: what follows is not read.
            auto const read = std::string_view(input).substr(0, input.find('\0'));
            auto const depth = bracket_depth(json_text ? read : std::string_view(input));
            valid += json_text ? 1 : 0;
            for (std::size_t limit : {0u, 1u, 2u, 3u, 4u, 6u}) {
                bool const deeper = text::nests_deeper_than(input, limit);
                if (json_text ? deeper != (depth > limit) : deeper && depth <= limit) {
                    INFO("input bytes: " << hex(input) << ", limit " << limit);
                    CHECK(deeper == (depth > limit));
                }
            }
        }
    }
    CHECK(valid > 200);
}
