// The registry's call-control operations: ringing links and relinking after a reconnect.
// The presence changes they return are tested with the presence component (presence.tests.cpp).
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "registry_helpers.hpp"
#include "signaling/user_registry.hpp"

using namespace duet;
using duet::testing::add;
using duet::testing::make_test_registry;
using duet::testing::silent_recipient;
using outcome = user_registry::call_result::outcome;

namespace {

user_registry::sign_in rings() { return {true, {}}; }
user_registry::sign_in asking_for(std::string partner) { return {true, std::move(partner)}; }

}  // namespace

TEST_CASE("local registry: call links both ways unless either is taken", "[registry]") {
    auto registry = make_test_registry();
    auto a = std::make_shared<silent_recipient>();
    auto b = std::make_shared<silent_recipient>();
    auto c = std::make_shared<silent_recipient>();
    auto t = std::make_shared<silent_recipient>();
    REQUIRE(registry->claim("alice", {}, {}, a, rings()).ok);
    REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
    REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
    REQUIRE(add(*registry, "tutorial", t));

    auto r = registry->call("alice", "bob");
    CHECK(r.result == outcome::ringing);
    CHECK(r.callee == b);
    CHECK(r.callee_rings);
    CHECK(registry->partner_of("alice") == "bob");
    CHECK(registry->partner_of("bob") == "alice");
    CHECK(registry->linked_recipient("bob", "alice") == a);
    CHECK(registry->linked_recipient("alice", "bob") == b);
    CHECK(registry->linked_recipient("carol", "alice") == nullptr);

    SECTION("a third caller finds the callee busy, and the callee is handed back") {
        auto busy = registry->call("carol", "bob");
        CHECK(busy.result == outcome::busy);
        CHECK(busy.callee == b);
        CHECK(registry->partner_of("carol").empty());
        CHECK(registry->partner_of("bob") == "alice");
        CHECK(registry->call("carol", "alice").result == outcome::busy);
    }
    SECTION("a caller in a call cannot ring another") {
        auto again = registry->call("alice", "carol");
        CHECK(again.result == outcome::already_in_call);
        CHECK(again.partner == "bob");
        CHECK(registry->partner_of("carol").empty());
    }
    SECTION("glare: the callee ringing back keeps the link") {
        CHECK(registry->call("bob", "alice").result == outcome::ringing);
        CHECK(registry->partner_of("alice") == "bob");
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("a callee that does not ring is said so") {
        auto tut = registry->call("carol", "tutorial");
        CHECK(tut.result == outcome::ringing);
        CHECK_FALSE(tut.callee_rings);
    }
    SECTION("offline, gone, or from nobody") {
        CHECK(registry->call("carol", "dave").result == outcome::not_online);
        CHECK(registry->call("carol", "carol").result == outcome::not_online);
        CHECK(registry->call("dave", "carol").result == outcome::not_signed_in);
        t.reset();
        CHECK(registry->call("carol", "tutorial").result == outcome::not_online);
    }
    SECTION("unlink frees both; remove frees the partner and anyone still pointing at us") {
        registry->unlink("bob", "alice");
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("bob").empty());
        CHECK(registry->linked_recipient("bob", "alice") == nullptr);

        CHECK(registry->call("alice", "bob").result == outcome::ringing);
        registry->link("carol", "bob");  // a tutorial offer to a busy user: one-sided
        CHECK(registry->partner_of("carol") == "bob");
        auto gone = registry->remove("bob", b.get());
        CHECK(gone.partner == a);
        CHECK(gone.partner_name == "alice");
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("carol").empty());
        CHECK(registry->call("carol", "alice").result == outcome::ringing);
    }
}

TEST_CASE("local registry: login.peer relinks only when both ask", "[registry]") {
    auto registry = make_test_registry();
    auto a = std::make_shared<silent_recipient>();
    auto b = std::make_shared<silent_recipient>();
    auto c = std::make_shared<silent_recipient>();

    SECTION("after a restart, both come back naming each other") {
        auto first = registry->claim("alice", {}, {}, a, asking_for("bob"));
        CHECK(first.ok);
        CHECK_FALSE(first.relinked);  // bob is not back yet
        CHECK(registry->partner_of("alice").empty());
        auto second = registry->claim("bob", {}, {}, b, asking_for("alice"));
        CHECK(second.relinked);
        CHECK(registry->partner_of("alice") == "bob");
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("a partner who never asked (it saw us leave) stays free; we wait, busy") {
        REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
        REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
        auto r = registry->claim("alice", {}, {}, a, asking_for("bob"));
        CHECK_FALSE(r.relinked);
        CHECK(registry->partner_of("bob").empty());
        CHECK(registry->partner_of("alice").empty());
        // alice's client is still in its call: nobody else rings her, she rings nobody else.
        CHECK(registry->call("carol", "alice").result == outcome::busy);
        auto mine = registry->call("alice", "carol");
        CHECK(mine.result == outcome::already_in_call);
        CHECK(mine.partner == "bob");
        CHECK(registry->call("carol", "bob").result == outcome::ringing);
        registry->unlink("carol", "bob");
        // Her leave (connection_lost, once media gave up) frees her.
        registry->unlink("alice", "bob");
        CHECK(registry->call("carol", "alice").result == outcome::ringing);
    }
    SECTION("while the first one back waits, the other's return links them") {
        REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
        REQUIRE(registry->claim("alice", {}, {}, a, asking_for("bob")).ok);
        CHECK(registry->call("carol", "alice").result == outcome::busy);  // no ring in between
        CHECK(registry->claim("bob", {}, {}, b, asking_for("alice")).relinked);
        CHECK(registry->linked_recipient("alice", "bob") == b);
    }
    SECTION("a tutorial offer from the awaited partner links the pair; from others, not") {
        REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
        REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
        REQUIRE(registry->claim("alice", {}, {}, a, asking_for("bob")).ok);
        registry->link("carol", "alice");
        CHECK(registry->partner_of("alice").empty());
        registry->link("bob", "alice");  // an ICE restart offer
        CHECK(registry->linked_recipient("bob", "alice") == a);
    }
    SECTION("a partner who asked, then ended the call with us, stays free") {
        REQUIRE(registry->claim("bob", {}, {}, b, asking_for("alice")).ok);
        registry->unlink("bob", "alice");  // bob's leave{connection_lost} while alice was away
        CHECK_FALSE(registry->claim("alice", {}, {}, a, asking_for("bob")).relinked);
    }
    SECTION("a reclaimed name still linked to its peer reports the link") {
        REQUIRE(registry->claim("alice", {}, "t1", a, rings()).ok);
        REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
        REQUIRE(registry->call("alice", "bob").result == outcome::ringing);
        auto again = registry->claim("alice", "t1", "t2", c, asking_for("bob"));
        CHECK(again.ok);
        CHECK(again.replaced == a);
        CHECK(again.relinked);
        CHECK(registry->linked_recipient("bob", "alice") == c);
    }
    SECTION("asking for yourself does nothing") {
        CHECK_FALSE(registry->claim("alice", {}, {}, a, asking_for("alice")).relinked);
        CHECK(registry->partner_of("alice").empty());
    }
}
