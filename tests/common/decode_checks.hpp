// Checks shared by the protocol tests: a decode that must succeed as one message type, and one
// that must fail with a given code and a message a person can read.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "protocol.hpp"

namespace duet::testing {

template <class T, class Decoded>
T decoded_as(Decoded const& d) {
    INFO("decode error: " << d.error.message);
    REQUIRE(d);
    auto const* m = std::get_if<T>(&*d.value);
    REQUIRE(m != nullptr);
    return *m;
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
