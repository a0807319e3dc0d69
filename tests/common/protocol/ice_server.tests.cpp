// The ICE server list's one JSON form: what the server sends and the client hands the browser.
#include "protocol/ice_server.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace duet;
namespace proto = protocol;
using json = proto::json;

TEST_CASE("ice_servers_to_json writes RTCIceServer objects", "[protocol]") {
    SECTION("urls always as an array; credentials only when there are some") {
        std::vector<proto::ice_server> const servers{
            {{"stun:stun.example.org:3478"}, {}, {}},
            {{"turn:t.example.org:3478?transport=udp", "turns:t.example.org"}, "user", "secret"},
            {{"turn:u.example.org"}, "only-user", {}},
        };
        CHECK(proto::ice_servers_to_json(servers) == json::parse(R"([
                  {"urls":["stun:stun.example.org:3478"]},
                  {"urls":["turn:t.example.org:3478?transport=udp","turns:t.example.org"],
                   "username":"user","credential":"secret"},
                  {"urls":["turn:u.example.org"],"username":"only-user"}])"));
    }
    SECTION("no servers is an empty array, not null") {
        CHECK(proto::ice_servers_to_json({}) == json::array());
    }
}

TEST_CASE("ice_servers_from_json reads what it writes, and what the browser accepts",
          "[protocol]") {
    SECTION("round trip") {
        std::vector<proto::ice_server> const servers{{{"stun:a"}, {}, {}},
                                                     {{"turn:b", "turns:c"}, "u", "p"}};
        auto const back = proto::ice_servers_from_json(proto::ice_servers_to_json(servers));
        REQUIRE(back.size() == 2);
        CHECK(back[0].urls == servers[0].urls);
        CHECK(back[0].username.empty());
        CHECK(back[1].urls == servers[1].urls);
        CHECK(back[1].username == "u");
        CHECK(back[1].credential == "p");
    }
    SECTION("lenient shapes: a url as a string, bad entries and bad urls skipped") {
        auto const back = proto::ice_servers_from_json(json::parse(R"([
            {"urls":"stun:a"}, {"urls":[]}, {"nourls":1}, "stun:b", 7, null,
            {"urls":["turn:c",5], "username":3, "credential":"k"}])"));
        REQUIRE(back.size() == 2);
        CHECK(back[0].urls == std::vector<std::string>{"stun:a"});
        CHECK(back[1].urls == std::vector<std::string>{"turn:c"});
        CHECK(back[1].username.empty());
        CHECK(back[1].credential == "k");
    }
    SECTION("not an array: no servers") {
        CHECK(proto::ice_servers_from_json(json()).empty());
        CHECK(proto::ice_servers_from_json(json::parse(R"({"urls":"stun:a"})")).empty());
        CHECK(proto::ice_servers_from_json(json("stun:a")).empty());
    }
}
