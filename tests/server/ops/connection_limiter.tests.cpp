// Connection places: in total and per address, held by a ticket that moves with the
// connection from session to session and gives its place back when it goes.
#include "ops/connection_limiter.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <utility>

using namespace duet;
using boost::asio::ip::make_address;

TEST_CASE("connection limiter: totals, per address, tickets give places back", "[limiter]") {
    auto limiter = std::make_shared<connection_limiter>(3, 2);
    connection_limiter::refusal why{};
    auto const home = make_address("192.0.2.1");

    auto a = limiter->acquire(home, why);
    REQUIRE(a);
    auto b = limiter->acquire(home, why);
    REQUIRE(b);
    CHECK(limiter->total() == 2);

    SECTION("an address over its share is refused, others are not") {
        CHECK_FALSE(limiter->acquire(home, why));
        CHECK(why == connection_limiter::refusal::per_address);
        auto c = limiter->acquire(make_address("192.0.2.2"), why);
        CHECK(c);
        CHECK(why == connection_limiter::refusal::none);
    }
    SECTION("the total is a bound of its own") {
        auto c = limiter->acquire(make_address("192.0.2.2"), why);
        REQUIRE(c);
        CHECK_FALSE(limiter->acquire(make_address("192.0.2.3"), why));
        CHECK(why == connection_limiter::refusal::total);
    }
    SECTION("IPv4 and the same address seen through a dual-stack socket are one client") {
        CHECK_FALSE(limiter->acquire(make_address("::ffff:192.0.2.1"), why));
        CHECK(why == connection_limiter::refusal::per_address);
    }
    SECTION("a moved ticket keeps its place once; the last holder gives it back") {
        connection_ticket moved = std::move(a);
        CHECK_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from tickets are empty
        CHECK(limiter->total() == 2);
        moved = connection_ticket{};
        CHECK(limiter->total() == 1);
        CHECK(limiter->acquire(home, why));
    }
    SECTION("the peak is remembered until taken") {
        b = connection_ticket{};
        CHECK(limiter->take_peak() == 2);
        CHECK(limiter->take_peak() == 1);
    }
}
