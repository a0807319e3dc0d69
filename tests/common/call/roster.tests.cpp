// The presence list: through the machine, and the roster on its own.
#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

TEST_CASE("call machine: presence", "[roster]") {
    using proto::to_client::availability;
    auto r = login_reply("alice");
    r.presence = true;
    call_machine m;
    m.signed_in(r);
    CHECK(m.presence_enabled());

    m.on_presence({true,
                   {{"carol", availability::available},
                    {"alice", availability::available},
                    {"bob", availability::busy}}});
    REQUIRE(m.roster().size() == 2);  // not ourselves, sorted by name
    CHECK(m.roster()[0].name == "bob");
    CHECK(m.roster()[0].status == availability::busy);
    CHECK(m.roster()[1].name == "carol");

    m.on_presence({false, {{"bob", availability::available}, {"dave", availability::busy}}});
    REQUIRE(m.roster().size() == 3);
    CHECK(m.roster()[0].status == availability::available);
    CHECK(m.roster()[2].name == "dave");

    m.on_presence({false, {{"carol", availability::offline}, {"zed", availability::offline}}});
    REQUIRE(m.roster().size() == 2);
    CHECK(m.roster()[1].name == "dave");

    m.on_presence({true, {{"erin", availability::available}}});
    REQUIRE(m.roster().size() == 1);
    CHECK(m.roster()[0].name == "erin");
}

TEST_CASE("roster: on its own", "[roster]") {
    using proto::to_client::availability;
    call::roster r;
    r.apply({false, {{"", availability::available}, {"me", availability::busy}}}, "me");
    CHECK(r.entries().empty());  // no empty names, never ourselves
    r.apply({false, {{"b", availability::available}, {"a", availability::available}}}, "me");
    REQUIRE(r.entries().size() == 2);
    CHECK(r.entries()[0].name == "a");
    r.clear();
    CHECK(r.entries().empty());

    SECTION("bounded") {
        proto::to_client::presence many;
        many.full = true;
        for (std::size_t i = 0; i < call::max_roster + 5; ++i) {
            many.users.push_back({"u" + std::to_string(100000 + i), availability::available});
        }
        r.apply(many, "me");
        CHECK(r.entries().size() == call::max_roster);
    }
    SECTION("signing out empties it") {
        auto m = signed_machine();
        m.on_presence({true, {{"bob", availability::available}}});
        REQUIRE(m.roster().size() == 1);
        m.signed_out({});
        CHECK(m.roster().empty());
    }
}
