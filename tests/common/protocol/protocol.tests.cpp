#include "protocol/protocol.hpp"
#include "decode_checks.hpp"
#include "protocol/names.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using namespace duet;
namespace proto = protocol;
using proto::error_code;
using json = proto::json;

namespace {

using testing::decoded_as;
using testing::payload_of;
using testing::require_error;
using testing::hex;
using testing::repeat;

json const sdp_offer = {{"type", "offer"}, {"sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}};
json const sdp_answer = {{"type", "answer"}, {"sdp", "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n"}};
json const ice = {{"candidate", "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host"},
                  {"sdpMid", "0"},
                  {"sdpMLineIndex", 0}};

// A message whose total nesting (the outer object counts as 1) is exactly `depth`.
std::string nested_offer(std::size_t depth) {
    REQUIRE(depth >= 2);
    std::string inner = "{}";
    for (std::size_t i = 2; i < depth; ++i) inner = "{\"a\":" + inner + "}";
    return R"({"type":"offer","name":"bob","offer":)" + inner + "}";
}

}  // namespace

TEST_CASE("to_server::decode reads every client message", "[protocol]") {
    using namespace proto::to_server;

    SECTION("login") {
        auto m = decoded_as<login>(decode(R"({"type":"login","name":"alice"})"));
        CHECK(m.name == "alice");
        CHECK(m.token.empty());
    }
    SECTION("login with the token that reclaims a name") {
        auto m = decoded_as<login>(decode(R"({"type":"login","name":"alice","token":"0f1e"})"));
        CHECK(m.name == "alice");
        CHECK(m.token == "0f1e");
        CHECK(
            decoded_as<login>(decode(R"({"type":"login","name":"a","token":null})")).token.empty());
    }
    SECTION("offer") {
        auto m = decoded_as<offer>(
            decode(json{{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}}.dump()));
        CHECK(m.to == "bob");
        CHECK(payload_of(m) == sdp_offer);
    }
    SECTION("answer") {
        auto m = decoded_as<answer>(
            decode(json{{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}}.dump()));
        CHECK(m.to == "alice");
        CHECK(payload_of(m) == sdp_answer);
    }
    SECTION("candidate") {
        auto m = decoded_as<candidate>(
            decode(json{{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}}.dump()));
        CHECK(m.to == "bob");
        CHECK(payload_of(m) == ice);
    }
    SECTION("candidate null is end-of-candidates") {
        auto m =
            decoded_as<candidate>(decode(R"({"type":"candidate","name":"bob","candidate":null})"));
        CHECK(m.to == "bob");
        CHECK(payload_of(m).is_null());
    }
    SECTION("leave with a name") {
        CHECK(decoded_as<leave>(decode(R"({"type":"leave","name":"bob"})")).to == "bob");
    }
    SECTION("leave without a name, as the tutorial's client sends it") {
        CHECK(decoded_as<leave>(decode(R"({"type":"leave"})")).to.empty());
        CHECK(decoded_as<leave>(decode(R"({"type":"leave","name":null})")).to.empty());
    }
    SECTION("extra fields are ignored") {
        auto m = decoded_as<login>(decode(R"({"type":"login","name":"alice","x":[1,{"y":2}]})"));
        CHECK(m.name == "alice");
    }
    SECTION("surrounding whitespace is fine") {
        auto m = decoded_as<login>(decode(" \n{\"type\":\"login\",\"name\":\"alice\"}\t "));
        CHECK(m.name == "alice");
    }
}

TEST_CASE("to_server::decode names the missing or mistyped field", "[protocol]") {
    using proto::to_server::decode;

    SECTION("type") {
        require_error(decode(R"({"name":"alice"})"), error_code::invalid_message, "\"type\"");
        require_error(decode(R"({"type":7,"name":"alice"})"), error_code::invalid_message,
                      "\"type\"");
        require_error(decode(R"({"type":null})"), error_code::invalid_message, "\"type\"");
    }
    SECTION("login name") {
        require_error(decode(R"({"type":"login"})"), error_code::invalid_message,
                      "Missing field \"name\"");
        require_error(decode(R"({"type":"login","name":42})"), error_code::invalid_message,
                      "\"name\" must be a string");
        require_error(decode(R"({"type":"login","name":null})"), error_code::invalid_message,
                      "\"name\"");
        require_error(decode(R"({"type":"login","name":["alice"]})"), error_code::invalid_message,
                      "\"name\"");
        require_error(decode(R"({"type":"login","name":"alice","token":12})"),
                      error_code::invalid_message, "\"token\" must be a string");
    }
    SECTION("offer") {
        require_error(decode(json{{"type", "offer"}, {"offer", sdp_offer}}.dump()),
                      error_code::invalid_message, "\"name\"");
        require_error(decode(json{{"type", "offer"}, {"name", 1}, {"offer", sdp_offer}}.dump()),
                      error_code::invalid_message, "\"name\"");
        require_error(decode(R"({"type":"offer","name":"bob"})"), error_code::invalid_message,
                      "Missing field \"offer\"");
        require_error(decode(R"({"type":"offer","name":"bob","offer":"v=0"})"),
                      error_code::invalid_message, "\"offer\" must be an object");
        // Only a candidate may be null.
        require_error(decode(R"({"type":"offer","name":"bob","offer":null})"),
                      error_code::invalid_message, "\"offer\"");
    }
    SECTION("answer") {
        require_error(decode(json{{"type", "answer"}, {"answer", sdp_answer}}.dump()),
                      error_code::invalid_message, "\"name\"");
        require_error(decode(R"({"type":"answer","name":"alice"})"), error_code::invalid_message,
                      "Missing field \"answer\"");
        require_error(decode(R"({"type":"answer","name":"alice","answer":[]})"),
                      error_code::invalid_message, "\"answer\" must be an object");
        // An answer carried under the offer's key is not an answer.
        require_error(decode(json{{"type", "answer"}, {"name", "a"}, {"offer", sdp_answer}}.dump()),
                      error_code::invalid_message, "\"answer\"");
    }
    SECTION("candidate") {
        require_error(decode(json{{"type", "candidate"}, {"candidate", ice}}.dump()),
                      error_code::invalid_message, "\"name\"");
        require_error(decode(R"({"type":"candidate","name":"bob"})"), error_code::invalid_message,
                      "Missing field \"candidate\"");
        require_error(decode(R"({"type":"candidate","name":"bob","candidate":"candidate:1"})"),
                      error_code::invalid_message, "must be an object or null");
    }
    SECTION("leave") {
        require_error(decode(R"({"type":"leave","name":5})"), error_code::invalid_message,
                      "\"name\" must be a string");
        require_error(decode(R"({"type":"leave","name":{}})"), error_code::invalid_message,
                      "\"name\"");
    }
}

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

TEST_CASE("to_server messages survive encode then decode", "[protocol]") {
    using namespace proto::to_server;

    SECTION("login, with and without a token") {
        CHECK(decoded_as<login>(decode(encode(login{"张伟", {}}))).name == "张伟");
        CHECK_FALSE(json::parse(encode(login{"a", {}})).contains("token"));
        auto m = decoded_as<login>(decode(encode(login{"alice", "c0ffee"})));
        CHECK(m.name == "alice");
        CHECK(m.token == "c0ffee");
    }
    SECTION("offer") {
        auto m = decoded_as<offer>(decode(encode(offer{"bob", sdp_offer})));
        CHECK(m.to == "bob");
        CHECK(payload_of(m) == sdp_offer);
    }
    SECTION("answer") {
        auto m = decoded_as<answer>(decode(encode(answer{"alice", sdp_answer})));
        CHECK(m.to == "alice");
        CHECK(payload_of(m) == sdp_answer);
    }
    SECTION("candidate, and its null") {
        auto m = decoded_as<candidate>(decode(encode(candidate{"bob", ice})));
        CHECK(payload_of(m) == ice);
        auto end = decoded_as<candidate>(decode(encode(candidate{"bob", nullptr})));
        CHECK(end.to == "bob");
        CHECK(payload_of(end).is_null());
    }
    SECTION("leave, named or not") {
        CHECK(decoded_as<leave>(decode(encode(leave{"bob"}))).to == "bob");
        auto wire = json::parse(encode(leave{}));
        CHECK_FALSE(wire.contains("name"));  // the tutorial's own shape
        CHECK(decoded_as<leave>(decode(encode(leave{}))).to.empty());
    }
}

TEST_CASE("to_client messages keep the tutorial's shapes", "[protocol]") {
    using namespace proto::to_client;

    SECTION("offer carries the SDP under \"offer\" and the caller as \"name\"") {
        auto wire = json::parse(encode(offer{"alice", sdp_offer}));
        CHECK(wire == json{{"type", "offer"}, {"offer", sdp_offer}, {"name", "alice"}});
        auto m = decoded_as<offer>(decode(wire.dump()));
        CHECK(m.from == "alice");
        CHECK(m.sdp == sdp_offer);
    }
    SECTION("answer") {
        auto wire = json::parse(encode(answer{"bob", sdp_answer}));
        CHECK(wire == json{{"type", "answer"}, {"answer", sdp_answer}, {"name", "bob"}});
        auto m = decoded_as<answer>(decode(wire.dump()));
        CHECK(m.from == "bob");
        CHECK(m.sdp == sdp_answer);
    }
    SECTION("candidate, and its null") {
        auto wire = json::parse(encode(candidate{"bob", ice}));
        CHECK(wire == json{{"type", "candidate"}, {"candidate", ice}, {"name", "bob"}});
        CHECK(decoded_as<candidate>(decode(wire.dump())).candidate == ice);
        auto end = decoded_as<candidate>(decode(encode(candidate{"bob", nullptr})));
        CHECK(end.from == "bob");
        CHECK(end.candidate.is_null());
    }
    SECTION("leave") {
        CHECK(json::parse(encode(leave{"alice"})) == json{{"type", "leave"}, {"name", "alice"}});
        CHECK(decoded_as<leave>(decode(encode(leave{"alice"}))).from == "alice");
        // The tutorial's server sends a bare {type:leave}; a Duet client must take it.
        CHECK(decoded_as<leave>(decode(R"({"type":"leave"})")).from.empty());
    }
    SECTION("error") {
        auto e = make_error(error_code::not_online, "User \"bob\" is not online", "bob");
        auto wire = json::parse(encode(e));
        CHECK(wire == json{{"type", "error"},
                           {"code", "not_online"},
                           {"message", "User \"bob\" is not online"},
                           {"user", "bob"}});
        auto m = decoded_as<error>(decode(wire.dump()));
        CHECK(m.code == error_code::not_online);
        CHECK(m.message == e.message);
        CHECK(m.user == "bob");

        auto no_user = json::parse(encode(make_error(error_code::invalid_json, "Bad")));
        CHECK_FALSE(no_user.contains("user"));
    }
    SECTION("the tutorial's error without a code decodes as invalid_message") {
        auto m = decoded_as<error>(decode(R"({"type":"error","message":"Command not found: x"})"));
        CHECK(m.code == error_code::invalid_message);
        CHECK(m.message == "Command not found: x");
    }
    SECTION("decode failures") {
        require_error(decode(R"({"type":"login"})"), error_code::invalid_message, "\"success\"");
        require_error(decode(R"({"type":"login","success":"true"})"), error_code::invalid_message,
                      "\"success\"");
        require_error(decode(R"({"type":"offer","name":"a"})"), error_code::invalid_message,
                      "\"offer\"");
        require_error(decode(R"({"type":"candidate","name":"a","candidate":1})"),
                      error_code::invalid_message, "\"candidate\"");
        require_error(decode(R"({"type":"ring"})"), error_code::unknown_type, "ring");
        require_error(decode("Hello world"), error_code::invalid_json);
    }
}

TEST_CASE("login_result encoding", "[protocol]") {
    using namespace proto::to_client;

    SECTION("success carries the name and iceServers as RTCIceServer objects") {
        login_result r;
        r.success = true;
        r.name = "张伟";
        r.ice_servers = {{{"stun:stun.example.org:3478"}, {}, {}},
                         {{"turn:turn.example.org:3478?transport=udp", "turns:turn.example.org"},
                          "user",
                          "secret"}};
        auto wire = json::parse(encode(r));
        CHECK(wire["type"] == "login");
        CHECK(wire["success"] == true);
        CHECK(wire["name"] == "张伟");
        CHECK_FALSE(wire.contains("code"));
        CHECK_FALSE(wire.contains("message"));
        REQUIRE(wire["iceServers"].is_array());
        REQUIRE(wire["iceServers"].size() == 2);
        for (auto const& server : wire["iceServers"]) {
            REQUIRE(server["urls"].is_array());
            for (auto const& url : server["urls"]) CHECK(url.is_string());
        }
        CHECK(wire["iceServers"][0] == json{{"urls", {"stun:stun.example.org:3478"}}});
        CHECK_FALSE(wire.contains("token"));  // none given, none sent
        CHECK(wire["iceServers"][1] ==
              json{{"urls", {"turn:turn.example.org:3478?transport=udp", "turns:turn.example.org"}},
                   {"username", "user"},
                   {"credential", "secret"}});

        auto back = decoded_as<login_result>(decode(wire.dump()));
        CHECK(back.success);
        CHECK(back.name == "张伟");
        REQUIRE(back.ice_servers.size() == 2);
        CHECK(back.ice_servers[1].urls.size() == 2);
        CHECK(back.ice_servers[1].username == "user");
        CHECK(back.ice_servers[1].credential == "secret");
    }
    SECTION("success carries the reclaim token when there is one") {
        login_result r;
        r.success = true;
        r.name = "alice";
        r.token = "00112233445566778899aabbccddeeff";
        auto wire = json::parse(encode(r));
        CHECK(wire["token"] == r.token);
        CHECK(decoded_as<login_result>(decode(wire.dump())).token == r.token);
    }
    SECTION("failure never carries a token") {
        login_result r;
        r.success = false;
        r.code = error_code::name_taken;
        r.message = "taken";
        r.token = "leaked";
        CHECK_FALSE(json::parse(encode(r)).contains("token"));
    }
    SECTION("success with no ICE servers still sends an empty array") {
        login_result r;
        r.success = true;
        r.name = "alice";
        auto wire = json::parse(encode(r));
        CHECK(wire["iceServers"] == json::array());
    }
    SECTION("failure carries code and message, and nothing of a success") {
        login_result r;
        r.success = false;
        r.code = error_code::name_taken;
        r.message = "Name \"alice\" is already taken";
        auto wire = json::parse(encode(r));
        CHECK(wire == json{{"type", "login"},
                           {"success", false},
                           {"code", "name_taken"},
                           {"message", "Name \"alice\" is already taken"}});
        auto back = decoded_as<login_result>(decode(wire.dump()));
        CHECK_FALSE(back.success);
        REQUIRE(back.code.has_value());
        CHECK(*back.code == error_code::name_taken);
        CHECK(back.message == r.message);
    }
    SECTION("decoding is lenient with iceServers shapes the browser also accepts") {
        auto back = decoded_as<login_result>(decode(R"({"type":"login","success":true,
            "iceServers":[{"urls":"stun:a"},{"urls":[]},{"nourls":1},"stun:b",
                          {"urls":["turn:c",5]}]})"));
        REQUIRE(back.ice_servers.size() == 2);
        CHECK(back.ice_servers[0].urls == std::vector<std::string>{"stun:a"});
        CHECK(back.ice_servers[1].urls == std::vector<std::string>{"turn:c"});
    }
    SECTION("the tutorial's bare reply decodes") {
        auto back = decoded_as<login_result>(decode(R"({"type":"login","success":false})"));
        CHECK_FALSE(back.success);
        CHECK_FALSE(back.code.has_value());
    }
}

TEST_CASE("error codes have stable wire names", "[protocol]") {
    std::vector<std::pair<error_code, std::string>> const all{
        {error_code::invalid_json, "invalid_json"},
        {error_code::invalid_message, "invalid_message"},
        {error_code::unknown_type, "unknown_type"},
        {error_code::invalid_name, "invalid_name"},
        {error_code::name_taken, "name_taken"},
        {error_code::already_logged_in, "already_logged_in"},
        {error_code::not_logged_in, "not_logged_in"},
        {error_code::not_online, "not_online"},
        {error_code::self_call, "self_call"},
        {error_code::no_partner, "no_partner"},
        {error_code::rate_limited, "rate_limited"},
        {error_code::login_timeout, "login_timeout"},
        {error_code::replaced, "replaced"},
        {error_code::busy, "busy"},
        {error_code::already_in_call, "already_in_call"},
        {error_code::not_ringing, "not_ringing"},
    };
    for (auto const& [code, name] : all) {
        CHECK(proto::to_string(code) == name);
        auto back = proto::error_code_from_string(name);
        REQUIRE(back.has_value());
        CHECK(*back == code);
    }
    CHECK_FALSE(proto::error_code_from_string("").has_value());
    CHECK_FALSE(proto::error_code_from_string("Name_Taken").has_value());
}

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
        CHECK_THAT(refusal("\xc2\xa0" "alice"), Catch::Contains("space"));      // U+00A0
        CHECK_THAT(refusal("alice" "\xe3\x80\x80"), Catch::Contains("space"));  // U+3000
        CHECK_THAT(refusal("\xef\xbb\xbf" "alice"), Catch::Contains("space"));  // U+FEFF
        CHECK(valid("a\xc2\xa0" "b"));  // inside is fine
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
