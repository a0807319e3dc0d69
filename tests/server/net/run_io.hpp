// For tests that drive real sockets on one io_context: run it until a condition holds, and
// fail (rather than hang) if it never does.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>

#include "net/beast.hpp"

namespace duet::testing {

template <class Done>
void run_until(net::io_context& ioc, Done done) {
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        ioc.run_for(std::chrono::milliseconds(5));
        if (ioc.stopped()) ioc.restart();
    }
    REQUIRE(done());
}

}  // namespace duet::testing
