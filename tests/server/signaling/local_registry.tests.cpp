#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "signaling/user_registry.hpp"

using namespace duet;

namespace {

class fake_peer final : public peer {
  public:
    void send(std::shared_ptr<std::string const> const&) override {}
};

}  // namespace

TEST_CASE("local registry: names, identities, partners", "[registry]") {
    auto registry = make_local_registry();
    auto a = std::make_shared<fake_peer>();
    auto b = std::make_shared<fake_peer>();
    auto c = std::make_shared<fake_peer>();

    REQUIRE(registry->add("alice", a));
    REQUIRE(registry->add("bob", b));
    REQUIRE(registry->add("carol", c));

    SECTION("a name is signed in once") {
        CHECK_FALSE(registry->add("alice", c));
        CHECK(registry->find("alice") == a);
        CHECK(registry->size() == 3);
        CHECK(registry->find("dave") == nullptr);
        CHECK(registry->partner_of("dave").empty());
    }
    SECTION("only the connection that owns a name can remove it") {
        CHECK(registry->remove("alice", b.get(), nullptr) == nullptr);
        CHECK(registry->find("alice") == a);
        CHECK(registry->remove("alice", a.get(), nullptr) == nullptr);  // no partner
        CHECK(registry->find("alice") == nullptr);
        CHECK(registry->size() == 2);
        CHECK(registry->remove("alice", a.get(), nullptr) == nullptr);  // twice is harmless
        CHECK(registry->add("alice", c));
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
        std::string partner_name;
        auto partner = registry->remove("alice", a.get(), &partner_name);
        CHECK(partner == b);
        CHECK(partner_name == "bob");
        CHECK(registry->partner_of("bob").empty());
    }
    SECTION("remove hands back nobody when the partner's call is with someone else") {
        registry->link("alice", "bob");
        registry->link("carol", "bob");
        std::string partner_name;
        CHECK(registry->remove("carol", c.get(), &partner_name) == nullptr);
        CHECK(partner_name.empty());
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("remove after the partner already left hands back nobody") {
        registry->link("alice", "bob");
        CHECK(registry->remove("bob", b.get(), nullptr) == a);
        std::string partner_name;
        CHECK(registry->remove("alice", a.get(), &partner_name) == nullptr);
        CHECK(partner_name.empty());
        CHECK(registry->size() == 1);
    }
}

TEST_CASE("local registry: reclaiming a name with its token", "[registry]") {
    auto registry = make_local_registry();
    auto old_alice = std::make_shared<fake_peer>();
    auto new_alice = std::make_shared<fake_peer>();
    auto bob = std::make_shared<fake_peer>();
    REQUIRE(registry->claim("alice", "", "secret-1", old_alice, {}).ok);
    REQUIRE(registry->add("bob", bob));
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
        CHECK(registry->remove("alice", old_alice.get(), nullptr) == nullptr);
        CHECK(registry->find("alice") == new_alice);
        CHECK_FALSE(registry->claim("alice", "secret-1", "x", old_alice, {}).ok);
        CHECK(registry->claim("alice", "secret-2", "secret-3", old_alice, {}).ok);
    }
}

TEST_CASE("local registry: a stale link never reaches the next holder of a name", "[registry]") {
    auto registry = make_local_registry();
    auto alice = std::make_shared<fake_peer>();
    auto bob = std::make_shared<fake_peer>();
    auto carol = std::make_shared<fake_peer>();
    auto new_bob = std::make_shared<fake_peer>();
    REQUIRE(registry->add("alice", alice));
    REQUIRE(registry->add("bob", bob));
    REQUIRE(registry->add("carol", carol));
    registry->link("alice", "bob");  // bob's call is with alice
    registry->link("carol", "bob");  // carol calls bob too, unanswered

    std::string partner_name;
    CHECK(registry->remove("bob", bob.get(), &partner_name) == alice);
    CHECK(partner_name == "alice");
    REQUIRE(registry->add("bob", new_bob));

    // carol's old link named the bob who left, not this one.
    CHECK(registry->partner_of("carol").empty());
    CHECK(registry->remove("carol", carol.get(), nullptr) == nullptr);
    CHECK(registry->partner_of("bob").empty());
}
