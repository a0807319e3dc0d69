// What every decode checks first (fields.cpp): JSON, an object, not too deep; and that no bytes
// whatever make either decoder throw.
#include "protocol/fields.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "decode_checks.hpp"
#include "protocol/protocol.hpp"

using namespace duet;
namespace proto = protocol;
using proto::error_code;
using json = proto::json;

namespace {

using namespace testing;  // the shared decode checks and sample payloads

// A message whose total nesting (the outer object counts as 1) is exactly `depth`.
std::string nested_offer(std::size_t depth) {
    REQUIRE(depth >= 2);
    std::string inner = "{}";
    for (std::size_t i = 2; i < depth; ++i) inner = "{\"a\":" + inner + "}";
    return R"({"type":"offer","name":"bob","offer":)" + inner + "}";
}

}  // namespace

TEST_CASE("to_server::decode refuses what is not a JSON object", "[protocol]") {
    using proto::to_server::decode;

    SECTION("invalid JSON") {
        for (char const* text :
             {"", " ", "{", "}", "not json", R"({"type":"login",})", R"({'type':'login'})",
              R"({"type":"login" "name":"a"})", "{\"type\":\"login\",\"name\":\"a\"}}",
              "\xff\xfe{}", R"({"type":"login","name":"a"} trailing)"}) {
            INFO("input: " << text);
            require_error(decode(text), error_code::invalid_json, "not valid JSON");
        }
    }
    SECTION("JSON that is not an object") {
        for (char const* text :
             {"[]", R"(["login","alice"])", R"("login")", "42", "null", "true"}) {
            INFO("input: " << text);
            require_error(decode(text), error_code::invalid_json, "must be a JSON object");
        }
    }
    SECTION("unknown type") {
        require_error(decode(R"({"type":"dance","name":"bob"})"), error_code::unknown_type,
                      "Command not found: dance");
        // Types are case-sensitive, as in the tutorial.
        require_error(decode(R"({"type":"LOGIN","name":"bob"})"), error_code::unknown_type,
                      "Command not found");
        require_error(decode(R"({"type":""})"), error_code::unknown_type, "Command not found");
    }
}

TEST_CASE("to_server::decode refuses deep nesting before building a tree", "[protocol]") {
    using proto::to_server::decode;
    proto::limits const lim{};

    SECTION("the limit itself is accepted, one more is refused") {
        CHECK(decode(nested_offer(lim.max_depth), lim));
        require_error(decode(nested_offer(lim.max_depth + 1), lim), error_code::invalid_json,
                      "nested deeper than " + std::to_string(lim.max_depth));
    }
    SECTION("a custom limit applies") {
        proto::limits tight{3};
        CHECK(decode(nested_offer(3), tight));
        require_error(decode(nested_offer(4), tight), error_code::invalid_json, "nested");
    }
    SECTION("arrays count as nesting too") {
        std::string text = R"({"type":"offer","name":"b","offer":{"x":)" +
                           repeat("[", lim.max_depth) + repeat("]", lim.max_depth) + "}}";
        require_error(decode(text, lim), error_code::invalid_json, "nested");
    }
    SECTION("a hostile document of a million brackets is refused, not recursed into") {
        std::string text = repeat("[", 1'000'000);
        require_error(decode(text), error_code::invalid_json, "nested");
        require_error(proto::to_client::decode(text), error_code::invalid_json, "nested");
    }
    SECTION("brackets inside strings are not nesting") {
        std::string name = repeat("{[", 100) + "\\\"]}";
        auto m = decoded_as<proto::to_server::login>(
            decode(R"({"type":"login","name":")" + name + "\"}"));
        CHECK(m.name == repeat("{[", 100) + "\"]}");
    }
}

TEST_CASE("decoding never throws, whatever the bytes", "[protocol]") {
    std::mt19937 rng(20240611);  // fixed: a failure must reproduce
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> length(0, 160);

    std::vector<std::string> inputs;
    SECTION("random bytes") {
        for (int i = 0; i < 300; ++i) {
            std::string s(length(rng), '\0');
            for (auto& c : s) c = static_cast<char>(byte(rng));
            inputs.push_back(std::move(s));
        }
    }
    SECTION("random bytes from JSON's alphabet") {
        static constexpr std::string_view alphabet = "{}[]\":,\\ 0123456789.eE+-tfnul\"typename";
        std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
        for (int i = 0; i < 300; ++i) {
            std::string s(length(rng), ' ');
            for (auto& c : s) c = alphabet[pick(rng)];
            inputs.push_back(std::move(s));
        }
    }
    SECTION("valid messages, truncated or with one byte changed") {
        std::vector<std::string> const seeds{
            json{{"type", "login"}, {"name", "张伟"}}.dump(),
            json{{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}}.dump(),
            json{{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}}.dump(),
            json{{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}}.dump(),
            R"({"type":"leave"})",
            proto::to_client::encode(proto::to_client::login_result{
                true, "alice", std::nullopt, {}, {{{"stun:a", "turn:b"}, "u", "p"}}, "0a1b"}),
            proto::to_client::encode(
                proto::to_client::make_error(error_code::not_online, "User is not online", "bob")),
        };
        for (auto const& seed : seeds) {
            for (std::size_t cut = 0; cut < seed.size(); cut += 3) {
                inputs.push_back(seed.substr(0, cut));
            }
            std::uniform_int_distribution<std::size_t> at(0, seed.size() - 1);
            for (int i = 0; i < 40; ++i) {
                std::string s = seed;
                s[at(rng)] = static_cast<char>(byte(rng));
                inputs.push_back(std::move(s));
            }
        }
    }

    REQUIRE(inputs.size() >= 250);
    for (auto const& input : inputs) {
        INFO("input bytes: " << hex(input));
        proto::decoded<proto::to_server::message> s;
        REQUIRE_NOTHROW(s = proto::to_server::decode(input));
        // Every failure explains itself.
        CHECK((s || !s.error.message.empty()));
        proto::decoded<proto::to_client::message> c;
        REQUIRE_NOTHROW(c = proto::to_client::decode(input));
        CHECK((c || !c.error.message.empty()));
    }
}

TEST_CASE("field readers name the field and what it must be", "[protocol]") {
    namespace f = proto::fields;
    json doc = json::parse(
        R"({"s":"x","n":7,"neg":-1,"big":4294967296,"b":true,"z":null,"o":{"k":1},"a":[1]})");
    proto::decode_error err;

    SECTION("a required string") {
        CHECK(f::string_field(doc, "s", err) == "x");
        CHECK_FALSE(f::string_field(doc, "missing", err));
        CHECK(err.message == "Missing field \"missing\"");
        CHECK_FALSE(f::string_field(doc, "n", err));
        CHECK(err.message == "Field \"n\" must be a string");
        CHECK(err.code == error_code::invalid_message);
    }
    SECTION("optional strings: absent and null read as empty") {
        CHECK(f::optional_string_field(doc, "missing", err) == "");
        CHECK(f::optional_string_field(doc, "z", err) == "");
        CHECK_FALSE(f::optional_string_field(doc, "b", err));
        CHECK(err.message == "Field \"b\" must be a string");
        CHECK(f::optional_string(doc, "s") == "x");
        CHECK(f::optional_string(doc, "n").empty());
    }
    SECTION("counts from 0 to INT_MAX; absent keeps the value") {
        int out = 30;
        CHECK(f::optional_count_field(doc, "missing", out, err));
        CHECK(out == 30);
        CHECK(f::optional_count_field(doc, "n", out, err));
        CHECK(out == 7);
        for (char const* bad : {"neg", "big", "s", "z"}) {
            INFO("field " << bad);
            CHECK_FALSE(f::optional_count_field(doc, bad, out, err));
            CHECK_THAT(err.message, Catch::Contains("whole number of seconds"));
        }
        CHECK(out == 7);
    }
    SECTION("booleans") {
        bool out = false;
        CHECK(f::optional_bool_field(doc, "b", out, err));
        CHECK(out);
        CHECK_FALSE(f::optional_bool_field(doc, "n", out, err));
        CHECK(err.message == "Field \"n\" must be a boolean");
    }
    SECTION("payloads: objects, and null where allowed; taken out of the document") {
        CHECK(f::payload_field(doc, "o", false, err).value() == json{{"k", 1}});
        CHECK(doc["o"].is_null());
        CHECK(f::payload_field(doc, "z", true, err).value().is_null());
        CHECK_FALSE(f::payload_field(doc, "z", false, err));
        CHECK(err.message == "Field \"z\" must be an object");
        CHECK_FALSE(f::payload_field(doc, "a", true, err));
        CHECK(err.message == "Field \"a\" must be an object or null");
    }
    SECTION("a payload tree from the text when there is text") {
        CHECK(f::payload_tree(json{{"t", 1}}, "") == json{{"t", 1}});
        CHECK(f::payload_tree(json{{"t", 1}}, R"({ "u" : 2 })") == json{{"u", 2}});
    }
    SECTION("parse_object: an object with a string type, or the reason why not") {
        auto ok = f::parse_object(R"({"type":"x","v":1})", {});
        REQUIRE(ok);
        CHECK((*ok.value)["v"] == 1);
        CHECK(f::parse_object("[]", {}).error.message == "Message must be a JSON object");
        CHECK(f::parse_object("{", {}).error.message == "Message is not valid JSON");
        CHECK(f::parse_object("{}", {}).error.message == "Message has no \"type\" field");
        CHECK(f::parse_object(R"({"type":1})", {}).error.message ==
              "Field \"type\" must be a string");
        CHECK(f::parse_object(R"({"type":"x","v":[[]]})", proto::limits{2}).error.message ==
              "Message nested deeper than 2 levels");
    }
}
