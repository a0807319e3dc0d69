// to_server: every client message decoded, its faults named, and encoded back.
#include "protocol/to_server.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "decode_checks.hpp"
#include "protocol/protocol.hpp"

using namespace duet;
namespace proto = protocol;
using proto::error_code;
using json = proto::json;

using namespace testing;  // the shared decode checks and sample payloads

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
