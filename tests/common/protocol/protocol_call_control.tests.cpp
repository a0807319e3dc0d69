// The messages of docs/call_control.md: ringing, accepting, reasons, presence, ICE refresh.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "decode_checks.hpp"
#include "protocol/protocol.hpp"

using namespace duet;
namespace proto = protocol;
using proto::error_code;
using json = proto::json;

using testing::decoded_as;
using testing::require_error;

TEST_CASE("to_server call-control messages", "[protocol]") {
    using namespace proto::to_server;

    SECTION("login with features and peer, round trip") {
        auto m = decoded_as<login>(
            decode(R"({"type":"login","name":"alice","features":["ring","presence","x"],)"
                   R"("peer":"bob","token":"t"})"));
        CHECK(m.name == "alice");
        CHECK(m.token == "t");
        CHECK(m.features == std::vector<std::string>{"ring", "presence", "x"});
        CHECK(m.partner == "bob");

        auto back = decoded_as<login>(decode(encode(m)));
        CHECK(back.features == m.features);
        CHECK(back.partner == "bob");
        CHECK(back.token == "t");
    }
    SECTION("a tutorial login has no features and no peer, and encodes as before") {
        auto m = decoded_as<login>(decode(R"({"type":"login","name":"alice"})"));
        CHECK(m.features.empty());
        CHECK(m.partner.empty());
        CHECK(json::parse(encode(login{"alice", {}, {}, {}})) ==
              json{{"type", "login"}, {"name", "alice"}});
        auto nulls =
            decoded_as<login>(decode(R"({"type":"login","name":"a","features":null,"peer":null})"));
        CHECK(nulls.features.empty());
        CHECK(nulls.partner.empty());
        CHECK(decoded_as<login>(decode(R"({"type":"login","name":"a","features":[]})"))
                  .features.empty());
    }
    SECTION("login with bad features or peer names the field") {
        for (char const* text : {R"({"type":"login","name":"a","features":"ring"})",
                                 R"({"type":"login","name":"a","features":["ring",1]})",
                                 R"({"type":"login","name":"a","features":{"ring":true}})",
                                 R"({"type":"login","name":"a","features":[null]})"}) {
            INFO("input: " << text);
            require_error(decode(text), error_code::invalid_message, "\"features\"");
        }
        require_error(decode(R"({"type":"login","name":"a","peer":5})"),
                      error_code::invalid_message, "\"peer\" must be a string");
        require_error(decode(R"({"type":"login","name":"a","peer":["b"]})"),
                      error_code::invalid_message, "\"peer\"");
    }
    SECTION("call and accept carry the other user as name") {
        auto c = decoded_as<call>(decode(R"({"type":"call","name":"bob"})"));
        CHECK(c.to == "bob");
        CHECK(json::parse(encode(call{"bob"})) == json{{"type", "call"}, {"name", "bob"}});
        CHECK(decoded_as<call>(decode(encode(call{"张伟"}))).to == "张伟");

        auto a = decoded_as<accept>(decode(R"({"type":"accept","name":"alice"})"));
        CHECK(a.to == "alice");
        CHECK(json::parse(encode(accept{"alice"})) == json{{"type", "accept"}, {"name", "alice"}});
        CHECK(decoded_as<accept>(decode(encode(accept{"alice"}))).to == "alice");
    }
    SECTION("call and accept without a string name") {
        for (char const* type : {"call", "accept"}) {
            INFO("type: " << type);
            require_error(decode(json{{"type", type}}.dump()), error_code::invalid_message,
                          "Missing field \"name\"");
            require_error(decode(json{{"type", type}, {"name", 7}}.dump()),
                          error_code::invalid_message, "\"name\" must be a string");
            require_error(decode(json{{"type", type}, {"name", nullptr}}.dump()),
                          error_code::invalid_message, "\"name\"");
        }
    }
    SECTION("leave reasons, hung_up by default and left off the wire") {
        CHECK(decoded_as<leave>(decode(R"({"type":"leave","name":"bob"})")).reason ==
              proto::end_reason::hung_up);
        CHECK(decoded_as<leave>(decode(R"({"type":"leave","reason":null})")).reason ==
              proto::end_reason::hung_up);
        for (auto reason : {proto::end_reason::declined, proto::end_reason::cancelled,
                            proto::end_reason::no_answer, proto::end_reason::busy,
                            proto::end_reason::connection_lost, proto::end_reason::hung_up}) {
            INFO("reason: " << proto::to_string(reason));
            auto back = decoded_as<leave>(decode(encode(leave{"bob", reason})));
            CHECK(back.to == "bob");
            CHECK(back.reason == reason);
            auto nameless = decoded_as<leave>(decode(encode(leave{{}, reason})));
            CHECK(nameless.to.empty());
            CHECK(nameless.reason == reason);
        }
        CHECK(json::parse(encode(leave{"bob", proto::end_reason::declined})) ==
              json{{"type", "leave"}, {"name", "bob"}, {"reason", "declined"}});
        // The tutorial's shapes, byte for byte.
        CHECK(encode(leave{"bob", proto::end_reason::hung_up}) ==
              R"({"name":"bob","type":"leave"})");
        CHECK(encode(leave{}) == R"({"type":"leave"})");
    }
    SECTION("an unknown or mistyped leave reason is refused, naming the field") {
        auto unknown = decode(R"({"type":"leave","name":"bob","reason":"bored"})");
        require_error(unknown, error_code::invalid_message, "\"reason\"");
        CHECK_THAT(unknown.error.message, Catch::Contains("bored"));
        CHECK_THAT(unknown.error.message, Catch::Contains("declined"));
        require_error(decode(R"({"type":"leave","reason":"Declined"})"),
                      error_code::invalid_message, "\"reason\"");
        require_error(decode(R"({"type":"leave","reason":3})"), error_code::invalid_message,
                      "\"reason\" must be a string");
        require_error(decode(R"({"type":"leave","reason":["declined"]})"),
                      error_code::invalid_message, "\"reason\"");
    }
    SECTION("refresh_ice has no fields and ignores extra ones") {
        decoded_as<refresh_ice>(decode(R"({"type":"refresh_ice"})"));
        decoded_as<refresh_ice>(decode(R"({"type":"refresh_ice","name":"x","n":[1]})"));
        CHECK(encode(refresh_ice{}) == R"({"type":"refresh_ice"})");
        decoded_as<refresh_ice>(decode(encode(refresh_ice{})));
    }
}

TEST_CASE("to_client call-control messages", "[protocol]") {
    using namespace proto::to_client;

    SECTION("call, accept and missed carry the other user as name") {
        CHECK(json::parse(encode(call{"alice"})) == json{{"type", "call"}, {"name", "alice"}});
        CHECK(json::parse(encode(accept{"bob"})) == json{{"type", "accept"}, {"name", "bob"}});
        CHECK(json::parse(encode(missed{"carol"})) == json{{"type", "missed"}, {"name", "carol"}});
        CHECK(decoded_as<call>(decode(encode(call{"alice"}))).from == "alice");
        CHECK(decoded_as<accept>(decode(encode(accept{"bob"}))).from == "bob");
        CHECK(decoded_as<missed>(decode(encode(missed{"carol"}))).from == "carol");
        for (char const* type : {"call", "accept", "missed"}) {
            INFO("type: " << type);
            require_error(decode(json{{"type", type}}.dump()), error_code::invalid_message,
                          "\"name\"");
            require_error(decode(json{{"type", type}, {"name", false}}.dump()),
                          error_code::invalid_message, "\"name\"");
        }
    }
    SECTION("leave carries a reason unless it is a plain hang-up") {
        CHECK(encode(leave{"alice", proto::end_reason::hung_up}) ==
              R"({"name":"alice","type":"leave"})");  // the tutorial's bytes
        CHECK(json::parse(encode(leave{"alice", proto::end_reason::no_answer})) ==
              json{{"type", "leave"}, {"name", "alice"}, {"reason", "no_answer"}});
        for (auto reason : {proto::end_reason::declined, proto::end_reason::cancelled,
                            proto::end_reason::connection_lost, proto::end_reason::busy}) {
            auto back = decoded_as<leave>(decode(encode(leave{"alice", reason})));
            CHECK(back.from == "alice");
            CHECK(back.reason == reason);
        }
    }
    SECTION("a leave reason this client does not know still ends the call") {
        auto m = decoded_as<leave>(decode(R"({"type":"leave","name":"a","reason":"eclipse"})"));
        CHECK(m.from == "a");
        CHECK(m.reason == proto::end_reason::hung_up);
        CHECK(decoded_as<leave>(decode(R"({"type":"leave","reason":7})")).reason ==
              proto::end_reason::hung_up);
    }
    SECTION("presence, full and delta") {
        presence full{true,
                      {{"alice", availability::available},
                       {"bob", availability::busy},
                       {"张伟", availability::available}}};
        auto wire = json::parse(encode(full));
        CHECK(wire == json{{"type", "presence"},
                           {"full", true},
                           {"users",
                            {{{"name", "alice"}, {"status", "available"}},
                             {{"name", "bob"}, {"status", "busy"}},
                             {{"name", "张伟"}, {"status", "available"}}}}});
        auto back = decoded_as<presence>(decode(wire.dump()));
        CHECK(back.full);
        REQUIRE(back.users.size() == 3);
        CHECK(back.users[1].name == "bob");
        CHECK(back.users[1].status == availability::busy);

        auto delta =
            decoded_as<presence>(decode(encode(presence{false, {{"bob", availability::offline}}})));
        CHECK_FALSE(delta.full);
        REQUIRE(delta.users.size() == 1);
        CHECK(delta.users[0].status == availability::offline);

        auto empty = json::parse(encode(presence{true, {}}));
        CHECK(empty["users"] == json::array());
        CHECK(decoded_as<presence>(decode(empty.dump())).users.empty());
    }
    SECTION("presence that does not fit is refused, naming the field") {
        require_error(decode(R"({"type":"presence","full":true})"), error_code::invalid_message,
                      "\"users\"");
        require_error(decode(R"({"type":"presence","full":"yes","users":[]})"),
                      error_code::invalid_message, "\"full\"");
        for (char const* users : {R"([1])", R"([{"name":"a"}])", R"([{"status":"busy"}])",
                                  R"([{"name":"a","status":"away"}])",
                                  R"([{"name":2,"status":"busy"}])", R"({"a":"busy"})"}) {
            INFO("users: " << users);
            require_error(
                decode(std::string(R"({"type":"presence","full":false,"users":)") + users + "}"),
                error_code::invalid_message, "\"users\"");
        }
        CHECK_FALSE(decoded_as<presence>(decode(R"({"type":"presence","users":[]})")).full);
    }
    SECTION("ice_servers") {
        ice_servers m{{{{"stun:127.0.0.1:3478"}, {}, {}},
                       {{"turn:127.0.0.1:3478?transport=udp"}, "1700000000:alice", "c3Vw"}},
                      600};
        auto wire = json::parse(encode(m));
        CHECK(wire["type"] == "ice_servers");
        CHECK(wire["iceTtl"] == 600);
        CHECK(wire["iceServers"] == json{{{"urls", {"stun:127.0.0.1:3478"}}},
                                         {{"urls", {"turn:127.0.0.1:3478?transport=udp"}},
                                          {"username", "1700000000:alice"},
                                          {"credential", "c3Vw"}}});
        auto back = decoded_as<ice_servers>(decode(wire.dump()));
        CHECK(back.ttl == 600);
        REQUIRE(back.servers.size() == 2);
        CHECK(back.servers[1].username == "1700000000:alice");
        CHECK(back.servers[1].credential == "c3Vw");
        require_error(decode(R"({"type":"ice_servers","iceServers":[],"iceTtl":"600"})"),
                      error_code::invalid_message, "\"iceTtl\"");
        require_error(decode(R"({"type":"ice_servers","iceServers":[],"iceTtl":-1})"),
                      error_code::invalid_message, "\"iceTtl\"");
        require_error(decode(R"({"type":"ice_servers","iceServers":[],"iceTtl":1.5})"),
                      error_code::invalid_message, "\"iceTtl\"");
    }
    SECTION("the new error codes") {
        for (auto code : {error_code::busy, error_code::already_in_call, error_code::not_ringing}) {
            auto wire = json::parse(encode(make_error(code, "why", "bob")));
            CHECK(wire["code"] == proto::to_string(code));
            auto back = decoded_as<error>(decode(wire.dump()));
            CHECK(back.code == code);
            CHECK(back.user == "bob");
        }
    }
}

TEST_CASE("login_result carries call-control settings only for a ringing client", "[protocol]") {
    using namespace proto::to_client;
    login_result r;
    r.success = true;
    r.name = "alice";
    r.token = "00ff";

    SECTION("without an ICE transport policy the tutorial's reply is unchanged") {
        r.ice_ttl = 600;  // set, but not for this client
        r.presence = true;
        auto wire = json::parse(encode(r));
        CHECK(wire == json{{"type", "login"},
                           {"success", true},
                           {"name", "alice"},
                           {"iceServers", json::array()},
                           {"token", "00ff"}});
        auto back = decoded_as<login_result>(decode(wire.dump()));
        CHECK(back.ice_transport_policy.empty());  // no call control from this server
        CHECK(back.ring_timeout == 30);
        CHECK(back.lost_timeout == 30);
        CHECK(back.ice_ttl == 0);
        CHECK_FALSE(back.presence);
    }
    SECTION("with one, every setting, and back") {
        r.ice_ttl = 600;
        r.ice_transport_policy = "relay";
        r.ring_timeout = 45;
        r.lost_timeout = 20;
        r.presence = true;
        auto wire = json::parse(encode(r));
        CHECK(wire["iceTtl"] == 600);
        CHECK(wire["iceTransportPolicy"] == "relay");
        CHECK(wire["ringTimeout"] == 45);
        CHECK(wire["lostTimeout"] == 20);
        CHECK(wire["presence"] == true);
        auto back = decoded_as<login_result>(decode(wire.dump()));
        CHECK(back.ice_ttl == 600);
        CHECK(back.ice_transport_policy == "relay");
        CHECK(back.ring_timeout == 45);
        CHECK(back.lost_timeout == 20);
        CHECK(back.presence);
    }
    SECTION("a failure never carries them") {
        r.success = false;
        r.code = error_code::name_taken;
        r.message = "taken";
        r.ice_transport_policy = "all";
        auto wire = json::parse(encode(r));
        for (char const* key :
             {"iceTtl", "iceTransportPolicy", "ringTimeout", "lostTimeout", "presence"}) {
            CHECK_FALSE(wire.contains(key));
        }
    }
    SECTION("mistyped settings are refused, naming the field") {
        for (auto const& [key, value] :
             std::vector<std::pair<std::string, json>>{{"iceTtl", "600"},
                                                       {"ringTimeout", -5},
                                                       {"lostTimeout", 2.5},
                                                       {"presence", "true"},
                                                       {"iceTransportPolicy", 1}}) {
            json doc = {{"type", "login"}, {"success", true}, {"name", "a"}};
            doc[key] = value;
            INFO("input: " << doc.dump());
            require_error(decode(doc.dump()), error_code::invalid_message, "\"" + key + "\"");
        }
    }
}

TEST_CASE("call-control messages never make decoding throw", "[protocol]") {
    std::vector<std::string> const seeds{
        R"({"type":"login","name":"a","features":["ring","presence"],"peer":"b","token":"t"})",
        R"({"type":"call","name":"bob"})",
        R"({"type":"accept","name":"alice"})",
        R"({"type":"leave","name":"bob","reason":"declined"})",
        R"({"type":"refresh_ice"})",
        R"({"type":"presence","full":true,"users":[{"name":"a","status":"busy"}]})",
        R"({"type":"ice_servers","iceServers":[{"urls":["turn:x"],"username":"1:a"}],"iceTtl":5})",
        R"({"type":"missed","name":"carol"})",
        R"({"type":"login","success":true,"iceTtl":1,"iceTransportPolicy":"all","ringTimeout":2,)"
        R"("lostTimeout":3,"presence":false})",
    };
    for (auto const& seed : seeds) {
        for (std::size_t cut = 0; cut <= seed.size(); ++cut) {
            auto input = seed.substr(0, cut);
            INFO("input: " << input);
            proto::decoded<proto::to_server::message> s;
            REQUIRE_NOTHROW(s = proto::to_server::decode(input));
            CHECK((s || !s.error.message.empty()));
            proto::decoded<proto::to_client::message> c;
            REQUIRE_NOTHROW(c = proto::to_client::decode(input));
            CHECK((c || !c.error.message.empty()));
        }
    }
}
