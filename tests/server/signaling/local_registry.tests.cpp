// The registry's names, identities and links, as the signaling rules use them.
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "registry_helpers.hpp"
#include "signaling/user_registry.hpp"

using namespace duet;
using duet::testing::add;
using duet::testing::make_test_registry;
using duet::testing::silent_recipient;

TEST_CASE("local registry: names, identities, partners", "[registry]") {
    auto registry = make_test_registry();
    auto a = std::make_shared<silent_recipient>();
    auto b = std::make_shared<silent_recipient>();
    auto c = std::make_shared<silent_recipient>();

    REQUIRE(add(*registry, "alice", a));
    REQUIRE(add(*registry, "bob", b));
    REQUIRE(add(*registry, "carol", c));

    SECTION("a name is signed in once") {
        CHECK_FALSE(add(*registry, "alice", c));
        CHECK(registry->find("alice") == a);
        CHECK(registry->size() == 3);
        CHECK(registry->find("dave") == nullptr);
        CHECK(registry->partner_of("dave").empty());
    }
    SECTION("only the connection that owns a name can remove it") {
        CHECK(registry->remove("alice", b.get()).partner == nullptr);
        CHECK(registry->find("alice") == a);
        CHECK(registry->remove("alice", a.get()).partner == nullptr);  // no partner
        CHECK(registry->find("alice") == nullptr);
        CHECK(registry->size() == 2);
        CHECK(registry->remove("alice", a.get()).partner == nullptr);  // twice is harmless
        CHECK(add(*registry, "alice", c));
    }
    SECTION("a connection that is gone is not found") {
        b.reset();
        CHECK(registry->find("bob") == nullptr);
    }
    SECTION("link makes the callee's partner the caller, unless it has one") {
        registry->link("alice", "bob");
        CHECK(registry->partner_of("alice") == "bob");
        CHECK(registry->partner_of("bob") == "alice");

        registry->link("carol", "bob");  // a third caller cannot take bob over
        CHECK(registry->partner_of("carol") == "bob");
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("link to or from someone offline changes nothing") {
        registry->link("alice", "dave");
        registry->link("dave", "alice");
        CHECK(registry->partner_of("alice").empty());
    }
    SECTION("unlink clears each side only where it points at the other") {
        registry->link("alice", "bob");
        registry->link("carol", "bob");
        registry->unlink("carol", "bob");
        CHECK(registry->partner_of("carol").empty());
        CHECK(registry->partner_of("bob") == "alice");
        registry->unlink("bob", "alice");
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("bob").empty());
    }
    SECTION("remove hands back a partner in a call with the removed user, now cleared") {
        registry->link("alice", "bob");
        auto gone = registry->remove("alice", a.get());
        CHECK(gone.partner == b);
        CHECK(gone.partner_name == "bob");
        CHECK(registry->partner_of("bob").empty());
    }
    SECTION("remove hands back nobody when the partner's call is with someone else") {
        registry->link("alice", "bob");
        registry->link("carol", "bob");
        auto gone = registry->remove("carol", c.get());
        CHECK(gone.partner == nullptr);
        CHECK(gone.partner_name.empty());
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("remove after the partner already left hands back nobody") {
        registry->link("alice", "bob");
        CHECK(registry->remove("bob", b.get()).partner == a);
        auto gone = registry->remove("alice", a.get());
        CHECK(gone.partner == nullptr);
        CHECK(gone.partner_name.empty());
        CHECK(registry->size() == 1);
    }
}

TEST_CASE("local registry: reclaiming a name with its token", "[registry]") {
    auto registry = make_test_registry();
    auto old_alice = std::make_shared<silent_recipient>();
    auto new_alice = std::make_shared<silent_recipient>();
    auto bob = std::make_shared<silent_recipient>();
    REQUIRE(registry->claim("alice", "", "secret-1", old_alice, {}).ok);
    REQUIRE(add(*registry, "bob", bob));
    registry->link("bob", "alice");

    SECTION("a wrong or missing token claims nothing") {
        for (char const* token : {"", "secret-2", "secret-", "secret-1x"}) {
            INFO("token: " << token);
            auto r = registry->claim("alice", token, "secret-2", new_alice, {});
            CHECK_FALSE(r.ok);
            CHECK(r.replaced == nullptr);
        }
        CHECK(registry->find("alice") == old_alice);
    }
    SECTION("the right token hands over the name and the call, and is spent") {
        auto r = registry->claim("alice", "secret-1", "secret-2", new_alice, {});
        CHECK(r.ok);
        CHECK(r.replaced == old_alice);
        CHECK(registry->find("alice") == new_alice);
        CHECK(registry->partner_of("bob") == "alice");
        CHECK(registry->partner_of("alice") == "bob");
        CHECK(registry->remove("alice", old_alice.get()).partner == nullptr);
        CHECK(registry->find("alice") == new_alice);
        CHECK_FALSE(registry->claim("alice", "secret-1", "x", old_alice, {}).ok);
        CHECK(registry->claim("alice", "secret-2", "secret-3", old_alice, {}).ok);
    }
}

TEST_CASE("local registry: a stale link never reaches the next holder of a name", "[registry]") {
    auto registry = make_test_registry();
    auto alice = std::make_shared<silent_recipient>();
    auto bob = std::make_shared<silent_recipient>();
    auto carol = std::make_shared<silent_recipient>();
    auto new_bob = std::make_shared<silent_recipient>();
    REQUIRE(add(*registry, "alice", alice));
    REQUIRE(add(*registry, "bob", bob));
    REQUIRE(add(*registry, "carol", carol));
    registry->link("alice", "bob");  // bob's call is with alice
    registry->link("carol", "bob");  // carol calls bob too, unanswered

    auto gone = registry->remove("bob", bob.get());
    CHECK(gone.partner == alice);
    CHECK(gone.partner_name == "alice");
    REQUIRE(add(*registry, "bob", new_bob));

    // carol's old link named the bob who left, not this one.
    CHECK(registry->partner_of("carol").empty());
    CHECK(registry->remove("carol", carol.get()).partner == nullptr);
    CHECK(registry->partner_of("bob").empty());
}
