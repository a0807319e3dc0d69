// Checks shared by the protocol tests: a decode that must succeed as one message type, one that
// must fail with a given code and a message a person can read, and a relay's payload.
#pragma once

#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/protocol.hpp"

namespace duet::testing {

// Payloads as a browser sends them, for the decode and encode tests of every message.
inline protocol::json const sdp_offer = {{"type", "offer"},
                                         {"sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}};
inline protocol::json const sdp_answer = {{"type", "answer"},
                                          {"sdp", "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n"}};
inline protocol::json const ice = {
    {"candidate", "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host"},
    {"sdpMid", "0"},
    {"sdpMLineIndex", 0}};

// For naming an input in a failure message: its bytes in hex.
inline std::string hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

inline std::string repeat(std::string const& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

template <class T, class Decoded>
T decoded_as(Decoded const& d) {
    INFO("decode error: " << d.error.message);
    REQUIRE(d);
    auto const* m = std::get_if<T>(&*d.value);
    REQUIRE(m != nullptr);
    return *m;
}

// A relayed payload as a tree, whether the message holds the tree or, as the server's relay
// fast path (server/signaling/relay_text.hpp) leaves it, the sender's text.
template <class M>
protocol::json payload_of(M const& m) {
    if constexpr (requires { m.sdp; }) {
        return m.sdp_text.empty() ? m.sdp : protocol::json::parse(m.sdp_text);
    } else {
        return m.candidate_text.empty() ? m.candidate : protocol::json::parse(m.candidate_text);
    }
}

template <class Decoded>
void require_error(Decoded const& d, protocol::error_code code, std::string const& mentions = {}) {
    INFO("error message: " << d.error.message);
    REQUIRE_FALSE(d);
    CHECK(d.error.code == code);
    CHECK_FALSE(d.error.message.empty());
    if (!mentions.empty()) CHECK_THAT(d.error.message, Catch::Contains(mentions));
}

}  // namespace duet::testing
