// Relay frames written around a payload kept as text: byte for byte what the tree would write.
#include "protocol/payload_text.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "decode_checks.hpp"
#include "protocol/protocol.hpp"

using namespace duet;
namespace proto = protocol;
using json = proto::json;
using namespace std::literals;
using testing::hex;

TEST_CASE("relayed frames name the sender as nlohmann would write the name", "[protocol]") {
    namespace tc = proto::to_client;
    json const payload = {{"sdp", "v=0"}};
    for (std::string name :
         {"alice"s, "\xe5\xbc\xa0\xe4\xbc\x9f"s, "a\"b\\c/d"s, "tab\there"s, "nl\n cr\r bs\b ff\f"s,
          "\x01\x1f\x7f"s, "nul\0"s, "\xf4\x8f\xbf\xbf"s}) {
        INFO("name bytes: " << hex(name));
        CHECK(tc::encode(tc::offer{name, {}, payload.dump()}) ==
              tc::encode(tc::offer{name, payload}));
        CHECK(tc::encode(tc::answer{name, {}, payload.dump()}) ==
              tc::encode(tc::answer{name, payload}));
        CHECK(tc::encode(tc::candidate{name, {}, "null"}) ==
              tc::encode(tc::candidate{name, nullptr}));
        namespace ts = proto::to_server;
        CHECK(ts::encode(ts::offer{name, {}, payload.dump()}) ==
              ts::encode(ts::offer{name, payload}));
        CHECK(ts::encode(ts::candidate{name, {}, payload.dump()}) ==
              ts::encode(ts::candidate{name, payload}));
    }
    SECTION("a name that is not UTF-8 fails as the tree fails") {
        CHECK_THROWS_AS(tc::encode(tc::offer{"\xff", payload}), json::type_error);
        CHECK_THROWS_AS(tc::encode(tc::offer{"\xff", {}, payload.dump()}), json::type_error);
    }
    SECTION("the exact frame") {
        CHECK(tc::encode(tc::candidate{"bob", {}, R"({ "a" : 1 })"}) ==
              R"({"candidate":{ "a" : 1 },"name":"bob","type":"candidate"})");
        CHECK(tc::encode(tc::offer{"bob", {}, "{}"}) ==
              R"({"name":"bob","offer":{},"type":"offer"})");
        CHECK(proto::encode_with_payload_text("answer", "bob", "{}") ==
              R"({"answer":{},"name":"bob","type":"answer"})");
        CHECK_FALSE(proto::encode_with_payload_text("answer", "bob", ""));
    }
}
