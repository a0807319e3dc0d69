// The server's relay fast path held to the protocol's own decode: the same messages, the
// same errors in the same words, on hand-picked and on mutated relays.
#include "signaling/relay_text.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "../../common/decode_checks.hpp"
#include "protocol/protocol.hpp"

using namespace duet;
namespace proto = protocol;
using json = proto::json;
using namespace std::literals;
using testing::decoded_as;
using testing::payload_of;
using testing::hex;
using testing::repeat;

namespace {

// What a client would receive for a decoded relay, sent on under `from`.
std::string relayed(proto::to_server::message const& m, std::string const& from) {
    return std::visit(
        [&](auto const& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            namespace tc = proto::to_client;
            if constexpr (std::is_same_v<T, proto::to_server::offer>) {
                return tc::encode(tc::offer{from, x.sdp, x.sdp_text});
            } else if constexpr (std::is_same_v<T, proto::to_server::answer>) {
                return tc::encode(tc::answer{from, x.sdp, x.sdp_text});
            } else if constexpr (std::is_same_v<T, proto::to_server::candidate>) {
                return tc::encode(tc::candidate{from, x.candidate, x.candidate_text});
            } else {
                return {};
            }
        },
        m);
}

std::string reencoded(proto::to_server::message const& m) {
    return std::visit([](auto const& x) { return proto::to_server::encode(x); }, m);
}

std::string target_of(proto::to_server::message const& m) {
    return std::visit(
        [](auto const& x) -> std::string {
            if constexpr (requires { x.to; }) {
                return x.to;
            } else {
                return {};
            }
        },
        m);
}

// relay_text::decode() must give what the protocol's to_server::decode() gives: the same
// error, code and words; or the same message, whose payload means the same and whose frames,
// to the client and back to the server, parse to the same JSON.
void require_same_as_tree(std::string_view text, proto::limits const& lim = {}) {
    INFO("input bytes: " << hex(text));
    auto fast = relay_text::decode(text, lim);
    auto tree = proto::to_server::decode(text, lim);
    REQUIRE(fast.value.has_value() == tree.value.has_value());
    if (!tree) {
        CHECK(fast.error.code == tree.error.code);
        CHECK(fast.error.message == tree.error.message);
        return;
    }
    REQUIRE(fast.value->index() == tree.value->index());
    CHECK(target_of(*fast.value) == target_of(*tree.value));
    auto const to_client = relayed(*fast.value, "alice");
    if (to_client.empty()) return;  // not a relay: both came from the tree
    INFO("fast frame: " << to_client);
    CHECK(json::parse(to_client) == json::parse(relayed(*tree.value, "alice")));
    CHECK(json::parse(reencoded(*fast.value)) == json::parse(reencoded(*tree.value)));
}

// Relays as clients send them; each one takes the fast path.
std::vector<std::string> const relays{
    R"({"type":"offer","name":"bob","offer":{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}})",
    R"({"type":"answer","name":"alice","answer":{"type":"answer","sdp":"v=0\r\n"}})",
    R"({"type":"candidate","name":"bob","candidate":{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host","sdpMid":"0","sdpMLineIndex":0}})",
    R"({"type":"candidate","name":"bob","candidate":null})",
    // The tutorial's key order, and whitespace everywhere JSON allows it.
    " \t\r\n{ \"candidate\" :\n{ \"candidate\" : \"c\" , \"sdpMLineIndex\" : 0 } ,\r\n\"name\""
    " : \"bob\" , \"type\" : \"candidate\" }\n ",
    R"({"name":"bob","offer":{},"type":"offer"})",
    // Unicode as UTF-8 and as escapes, in the payload and in the name.
    "{\"type\":\"offer\",\"name\":\"\xe5\xbc\xa0\xe4\xbc\x9f \xf0\x9f\x98\x80\",\"offer\":"
    "{\"sdp\":\"caf\xc3\xa9 \\u00e9 \\ud83d\\ude00 \\u0000 \\/ \\\" \\\\ \\b\\f\\n\\r\\t\"}}",
    // Nested payloads, every kind of value, numbers of every shape.
    R"({"type":"answer","name":"b","answer":{"a":[1,-0,0.5,-2.5e-3,1E2,12345678901234567890,1e-400],"b":{"c":{"d":[true,false,null,[],{}]}}}})",
    // Members a relay does not need, before and after the ones it does.
    R"({"id":7,"type":"candidate","x":[1,{"y":2}],"name":"bob","candidate":{},"z":null})",
    // Duplicate keys inside the payload: nlohmann keeps the last, as JavaScript does.
    R"({"type":"candidate","name":"bob","candidate":{"a":1,"a":2}})",
    // The other relays' payload keys, which an offer ignores.
    R"({"type":"offer","name":"bob","offer":{"sdp":"x"},"answer":5,"candidate":"c"})",
    // Brackets inside strings are not nesting.
    R"({"type":"candidate","name":"bob","candidate":{"c":")" + repeat("[{", 50) + R"("}})",
};

}  // namespace

TEST_CASE("relay_text::decode keeps a relay's payload as the sender's text", "[relay_text]") {
    using namespace proto::to_server;
    auto const decode = [](std::string_view text) { return relay_text::decode(text); };

    SECTION("offer, answer and candidate") {
        auto o =
            decoded_as<offer>(decode(R"({"type":"offer","name":"bob","offer": {"sdp" : "v=0"} })"));
        CHECK(o.to == "bob");
        CHECK(o.sdp_text == R"({"sdp" : "v=0"})");
        CHECK(o.sdp.is_null());
        auto a = decoded_as<answer>(
            decode(R"({"answer":{"sdp":"\u0076=0"},"name":"al","type":"answer"})"));
        CHECK(a.to == "al");
        CHECK(a.sdp_text == R"({"sdp":"\u0076=0"})");
        auto c =
            decoded_as<candidate>(decode(R"({"type":"candidate","name":"bob","candidate":null})"));
        CHECK(c.candidate_text == "null");
        CHECK(c.candidate.is_null());
    }
    SECTION("every relay in the corpus takes the fast path and means what the tree says") {
        for (auto const& text : relays) {
            INFO("input: " << text);
            CHECK(relay_text::scan(text, {}).has_value());
            require_same_as_tree(text);
        }
    }
    SECTION("a payload as nlohmann writes it makes the tree's frame, byte for byte") {
        for (auto const& text : relays) {
            auto const tree = proto::to_server::decode(text);
            REQUIRE(tree);
            auto const canonical = std::visit(
                [](auto const& x) -> std::string {
                    if constexpr (
                        requires { x.sdp; } || requires { x.candidate; }) {
                        return payload_of(x).dump();
                    } else {
                        return {};
                    }
                },
                *tree.value);
            // The same message with its payload as nlohmann writes it.
            auto const name_and_type = json::parse(text);
            auto key = name_and_type["type"].get<std::string>();
            std::string const message = R"({"type":")" + key + R"(","name":)" +
                                        name_and_type["name"].dump() + ",\"" + key +
                                        "\":" + canonical + "}";
            INFO("message: " << message);
            auto const fast = decode(message);
            REQUIRE(fast);
            CHECK(relayed(*fast.value, "alice") == relayed(*tree.value, "alice"));
            CHECK(reencoded(*fast.value) == reencoded(*tree.value));
        }
    }
}

TEST_CASE("relay_text::decode leaves to the tree what the scan cannot vouch for", "[relay_text]") {
    for (
        std::string text : {
            // Keys spelled with escapes, and escaped type or name.
            R"({"typ\u0065":"offer","name":"bob","offer":{}})"s,
            R"({"type":"offer","nam\u0065":"bob","offer":{}})"s,
            R"({"type":"offer","name":"bob","\u006fffer":{}})"s,
            R"({"type":"offer","name":"bob","type":"answer","answer":{},"typ\u0065":"candidate","candidate":null})"s,
            R"({"type":"\u006ffer","name":"bob","offer":{}})"s,
            R"({"type":"offer","name":"b\u006fb","offer":{}})"s,
            R"({"type":"offer","name":"a\"b","offer":{}})"s,
            // Duplicate keys: nlohmann keeps the last.
            R"({"type":"offer","type":"answer","name":"bob","answer":{}})"s,
            R"({"type":"offer","name":"bob","name":"carol","offer":{}})"s,
            R"({"type":"offer","name":"bob","offer":{"a":1},"offer":{"b":2}})"s,
            // Too many members for the scan to keep.
            R"({"type":"offer","name":"bob","offer":{},"a":1,"b":2,"c":3,"d":4,"e":5,"f":6})"s,
            // A byte order mark.
            "\xef\xbb\xbf{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}"s,
            // A number near the largest double.
            R"({"type":"offer","name":"bob","offer":{"n":1e308}})"s,
            // Not a relay.
            R"({"type":"login","name":"alice"})"s,
            R"({"type":"leave","name":"bob"})"s,
        }) {
        INFO("input: " << text);
        CHECK_FALSE(relay_text::scan(text, {}).has_value());
        require_same_as_tree(text);
    }
}

TEST_CASE("relay_text::decode fails a malformed relay exactly as the tree does", "[relay_text]") {
    std::string const deep_offer =
        R"({"type":"offer","name":"b","offer":)" + repeat("[", 40) + repeat("]", 40) + "}";
    for (std::string text : {
             // Truncated, trailing garbage, not an object.
             R"({"type":"offer","name":"bob","offer":{})"s,
             R"({"type":"offer","name":"bob","offer":{}} x)"s,
             R"({"type":"offer","name":"bob","offer":{}}})"s,
             R"([{"type":"offer","name":"bob","offer":{}}])"s,
             R"({"type":"offer","name":"bob","offer":{},})"s,
             // Bad UTF-8, lone surrogates and raw control characters in a payload or the name.
             "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"sdp\":\"\xc0\xaf\"}}"s,
             "{\"type\":\"offer\",\"name\":\"b\xed\xa0\x80\",\"offer\":{}}"s,
             R"({"type":"offer","name":"bob","offer":{"sdp":"\ud800"}})"s,
             R"({"type":"offer","name":"bob","offer":{"sdp":"\udc00\ud800"}})"s,
             "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"sdp\":\"v=0\r\n\"}}"s,
             "{\"type\":\"candidate\",\"name\":\"b\tb\",\"candidate\":null}"s,
             // Numbers nlohmann refuses.
             R"({"type":"offer","name":"bob","offer":{"n":1e999}})"s,
             R"({"type":"offer","name":"bob","offer":{"n":01}})"s,
             // Too deep.
             deep_offer,
             // Missing or mistyped fields.
             R"({"type":"offer","name":"bob"})"s,
             R"({"type":"offer","offer":{}})"s,
             R"({"type":"offer","name":7,"offer":{}})"s,
             R"({"type":"offer","name":null,"offer":{}})"s,
             R"({"type":"offer","name":"bob","offer":null})"s,
             R"({"type":"offer","name":"bob","offer":[]})"s,
             R"({"type":"answer","name":"bob","offer":{}})"s,
             R"({"type":"candidate","name":"bob","candidate":"c"})"s,
             R"({"type":"candidate","name":"bob","candidate":0})"s,
             R"({"type":"candidate","name":"bob","candidate":false})"s,
             R"({"type":["offer"],"name":"bob","offer":{}})"s,
             R"({"type":"Offer","name":"bob","offer":{}})"s,
             R"({"name":"bob","offer":{}})"s,
         }) {
        require_same_as_tree(text);
        CHECK_FALSE(relay_text::decode(text));
    }
    SECTION("a custom depth limit applies to the fast path too") {
        proto::limits const tight{3};
        require_same_as_tree(R"({"type":"offer","name":"b","offer":{"a":{}}})", tight);
        CHECK(relay_text::decode(R"({"type":"offer","name":"b","offer":{"a":{}}})", tight));
        require_same_as_tree(R"({"type":"offer","name":"b","offer":{"a":{"b":{}}}})", tight);
        CHECK_FALSE(relay_text::decode(R"({"type":"offer","name":"b","offer":{"a":{"b":{}}}})",
                                       tight));
    }
}

TEST_CASE("relay_text::decode agrees with the tree on mutated relays", "[relay_text]") {
    // Each byte replaced by bytes that matter to JSON, removed, or the text cut there.
    std::string_view const replacements =
        "\"\\{}[],: \t0159-+.eEtfnulx/\x00\x01\x1f\x7f\x80\xbf\xc3\xed\xf0\xff"sv;
    std::size_t inputs = 0;
    std::size_t fast = 0;
    auto const check = [&](std::string const& text) {
        require_same_as_tree(text);
        ++inputs;
        if (relay_text::scan(text, {})) ++fast;
    };
    for (auto const& seed : relays) {
        for (std::size_t at = 0; at < seed.size(); ++at) {
            for (char c : replacements) {
                std::string s = seed;
                s[at] = c;
                check(s);
            }
            check(seed.substr(0, at) + seed.substr(at + 1));
            check(seed.substr(0, at));
        }
    }
    CHECK(inputs > 40'000);
    // Most changes inside strings leave a valid relay: the fast path was tried, not skipped.
    CHECK(fast > 5'000);
}

