// The signaling rules with an identity provider configured: a bound name, a required account,
// and the caller's identity as the server (never the client) tells the callee.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "handler_client.hpp"
#include "registry_helpers.hpp"
#include "signaling/signaling_handler.hpp"

using namespace duet;
using namespace duet::testing;

namespace {

verified_identity alice_account() {
    return {"alice", "alice@example.org", "https://id.example.org", "Alice Wang",
            "alice-1@https://id.example.org"};
}

// Bindings as a map, answering at once like the local store.
auto bindings_of(std::map<std::string, std::string> const& bound) {
    return [&bound](std::string const& name, completion<name_holder> done) {
        auto it = bound.find(name);
        done.now({it == bound.end() ? std::string{} : it->second, false});
    };
}

void require_refusal(client& c, std::string const& code) {
    auto reply = c.next();
    INFO("reply: " << reply.dump());
    CHECK(reply["type"] == "login");
    CHECK(reply["success"] == false);
    CHECK(reply["code"] == code);
    require_error(c.next(), code);
    CHECK(c.quiet());
    CHECK(c.handler().name().empty());
}

}  // namespace

TEST_CASE("signaling with identity: bound names and required accounts", "[handler][identity]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    config.identity_enabled = true;
    std::map<std::string, std::string> bound{{"alice", alice_account().account}};
    config.holder_of = bindings_of(bound);

    SECTION("a name-only login of a bound name is refused with name_bound") {
        client mallory(*registry, sender, config);
        mallory.say({{"type", "login"}, {"name", "alice"}});
        require_refusal(mallory, "name_bound");
        CHECK_FALSE(registry->find("alice"));
    }
    SECTION("the account's own session signs in under its name") {
        client alice(*registry, sender, config);
        alice.handler().present_identity(alice_account());
        alice.login("alice");
    }
    SECTION("another account's session does not open a bound name") {
        client bob(*registry, sender, config);
        bob.handler().present_identity(
            {"bob", "bob@example.org", "https://id.example.org", "Bob", "bob-2@https://id.example.org"});
        bob.say({{"type", "login"}, {"name", "alice"}});
        require_refusal(bob, "name_bound");
    }
    SECTION("a session whose name is no longer bound to its account is not verified") {
        bound["alice"] = "someone-else@https://id.example.org";
        client alice(*registry, sender, config);
        alice.handler().present_identity(alice_account());
        alice.say({{"type", "login"}, {"name", "alice"}});
        require_refusal(alice, "name_bound");
    }
    SECTION("bindings out of reach: the login is refused unavailable, and nothing is claimed") {
        config.holder_of = [](std::string const&, completion<name_holder> done) {
            done.now({{}, true});
        };
        client alice(*registry, sender, config);
        alice.handler().present_identity(alice_account());
        alice.say({{"type", "login"}, {"name", "alice"}});
        auto reply = alice.next();
        CHECK(reply["success"] == false);
        CHECK(reply["code"] == "unavailable");
        CHECK(alice.quiet());
        CHECK_FALSE(registry->find("alice"));
        CHECK(alice.handler().name().empty());
    }
    SECTION("free names stay open to name-only logins unless identity is required") {
        client carol(*registry, sender, config);
        carol.login("carol");
        config.require_identity = true;
        client dave(*registry, sender, config);
        dave.say({{"type", "login"}, {"name", "dave"}});
        require_refusal(dave, "identity_required");
        client alice(*registry, sender, config);
        alice.handler().present_identity(alice_account());
        alice.login("alice");
    }
}

TEST_CASE("signaling with identity: the callee is told who calls", "[handler][identity]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    config.identity_enabled = true;
    std::map<std::string, std::string> bound{{"alice", alice_account().account}};
    config.holder_of = bindings_of(bound);
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);
    alice.handler().present_identity(alice_account());
    alice.login("alice");
    bob.login("bob");

    SECTION("a verified caller's offer carries the server's identity, even over a forged one") {
        alice.say({{"type", "offer"},
                   {"name", "bob"},
                   {"offer", sdp_offer},
                   {"identity", {{"verified", true}, {"name", "Forged"}}}});
        auto offer = bob.next();
        INFO("offer: " << offer.dump());
        CHECK(offer["identity"] == json{{"verified", true},
                                        {"name", "Alice Wang"},
                                        {"email", "alice@example.org"},
                                        {"issuer", "https://id.example.org"}});
        CHECK(offer["name"] == "alice");
        bob.say({{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}});
        CHECK_FALSE(alice.next().contains("identity"));
    }
    SECTION("a name-only caller is marked unverified, with no email") {
        bob.say({{"type", "offer"}, {"name", "alice"}, {"offer", sdp_offer}});
        CHECK(alice.next()["identity"] == json{{"verified", false}});
    }
    SECTION("a ringing callee is told too") {
        client carol(*registry, sender, config);
        carol.login("carol", {{"features", {"ring"}}});
        alice.say({{"type", "call"}, {"name", "carol"}});
        auto ring = carol.next();
        while (ring["type"] != "call") ring = carol.next();
        CHECK(ring["identity"]["verified"] == true);
        CHECK(ring["identity"]["email"] == "alice@example.org");
    }
}

TEST_CASE("signaling without identity: nothing changes on the wire", "[handler][identity]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);
    alice.handler().present_identity(alice_account());
    alice.login("alice");
    bob.login("bob");
    alice.say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
    CHECK(bob.next() == json{{"type", "offer"}, {"offer", sdp_offer}, {"name", "alice"}});
}
