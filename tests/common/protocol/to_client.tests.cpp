// to_client: the server's messages in the tutorial's shapes, and the login reply.
#include "protocol/to_client.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "decode_checks.hpp"
#include "protocol/protocol.hpp"

using namespace duet;
namespace proto = protocol;
using proto::error_code;
using json = proto::json;

using namespace testing;  // the shared decode checks and sample payloads

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

TEST_CASE("to_client: the caller's identity on call and offer", "[protocol]") {
    using namespace proto::to_client;
    SECTION("verified: name, email and issuer; the codec writes what it reads") {
        caller_identity alice{true, "Alice Wang", "alice@example.org", "https://id.example"};
        auto wire = json::parse(encode(call{"alice", alice}));
        CHECK(wire["identity"] == json{{"verified", true},
                                       {"name", "Alice Wang"},
                                       {"email", "alice@example.org"},
                                       {"issuer", "https://id.example"}});
        CHECK(decoded_as<call>(decode(wire.dump())).identity == alice);
        auto o = decoded_as<offer>(decode(
            R"({"type":"offer","name":"alice","offer":{"type":"offer","sdp":"v=0"},)"
            R"("identity":{"verified":true,"name":"Alice Wang","email":"a@x","issuer":"i"}})"));
        REQUIRE(o.identity);
        CHECK(o.identity->email == "a@x");
    }
    SECTION("unverified: only that, whatever else a server wrote") {
        auto c = decoded_as<call>(decode(
            R"({"type":"call","name":"zed","identity":{"verified":false,"name":"Forged"}})"));
        REQUIRE(c.identity);
        CHECK(*c.identity == caller_identity{});
        CHECK(json::parse(encode(call{"zed", caller_identity{}}))["identity"] ==
              json{{"verified", false}});
    }
    SECTION("absent or malformed: no identity, the call itself still read") {
        CHECK_FALSE(decoded_as<call>(decode(R"({"type":"call","name":"a"})")).identity);
        CHECK_FALSE(decoded_as<call>(decode(R"({"type":"call","name":"a","identity":7})")).identity);
        CHECK_FALSE(decoded_as<call>(
                        decode(R"({"type":"call","name":"a","identity":{"verified":"yes"}})"))
                        .identity);
        CHECK(json::parse(encode(call{"a"})) == json{{"type", "call"}, {"name", "a"}});
    }
}

TEST_CASE("to_client: the identity refusals decode as codes", "[protocol]") {
    using namespace proto::to_client;
    auto r = decoded_as<login_result>(decode(
        R"({"type":"login","success":false,"code":"name_bound","message":"belongs to an account"})"));
    CHECK(r.code == error_code::name_bound);
    auto e = decoded_as<error>(
        decode(R"({"type":"error","code":"identity_required","message":"sign in"})"));
    CHECK(e.code == error_code::identity_required);
}
