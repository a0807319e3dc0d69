// The signaling rules over a registry that answers later, as a shared one does: one message at
// a time per connection, replies in order, nothing sent after the connection closed.
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "handler_client.hpp"
#include "registry_helpers.hpp"
#include "signaling/signaling_handler.hpp"

using namespace duet;
using namespace duet::testing;

TEST_CASE("signaling: a registry that answers later", "[handler][async]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client bob(*registry, sender, config);
    bob.login("bob");
    client alice(*registry, sender, config);
    registry->hold(true);

    SECTION("messages read while an operation is in flight wait for it, in order") {
        alice.say({{"type", "login"}, {"name", "alice"}});
        alice.say({{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}});
        alice.say({{"type", "nonsense"}});
        CHECK(alice.quiet());
        CHECK(registry->held() == 1);  // only the claim went out
        registry->release_one();
        // The login reply; the candidate's lookup is the next operation, and the invalid
        // message still waits behind it.
        CHECK(alice.next()["success"] == true);
        CHECK(alice.quiet());
        CHECK(registry->held() == 1);
        registry->release();
        auto relayed = bob.next();
        CHECK(relayed["type"] == "candidate");
        CHECK(relayed["name"] == "alice");
        require_error(alice.next(), "unknown_type");
        CHECK(alice.quiet());
    }
    SECTION("an operation's reply is sent before anything a later message causes") {
        registry->hold(false);
        alice.login("alice");
        registry->hold(true);
        alice.say({{"type", "call"}, {"name", "nobody"}});
        alice.say({{"type", "refresh_ice"}});  // answered without the registry
        CHECK(alice.quiet());
        registry->release();
        require_error(alice.next(), "not_online");
        CHECK(alice.next()["type"] == "ice_servers");
    }
    SECTION("a connection that closes while its sign-in is in flight gives the name back") {
        alice.say({{"type", "login"}, {"name", "alice"}});
        alice.say({{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}});
        alice.disconnect();
        registry->release();
        CHECK(alice.quiet());
        CHECK(bob.quiet());
        registry->hold(false);
        CHECK(registry->find("alice") == nullptr);
        CHECK(registry->size() == 1);
        client again(*registry, sender, config);
        again.login("alice");
    }
    SECTION("a closed connection's completions send nothing") {
        registry->hold(false);
        alice.login("alice");
        registry->hold(true);
        alice.say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        alice.disconnect();
        registry->release();
        CHECK(bob.quiet());
        CHECK(alice.quiet());
        CHECK(registry->find("alice") == nullptr);
    }
    SECTION("too many messages waiting closes the connection") {
        config.message_burst = 1e6;
        config.messages_per_second = 1e6;
        client flood(*registry, sender, config);
        flood.say({{"type", "login"}, {"name", "flood"}});
        for (std::size_t i = 0; i < signaling_handler::max_waiting_messages; ++i) {
            REQUIRE(flood.say_at({{"type", "refresh_ice"}}, signaling_handler::clock::now()));
        }
        CHECK_FALSE(flood.say_at({{"type", "refresh_ice"}}, signaling_handler::clock::now()));
        // While the handler is alive: a session's completions hold it, a test's do not.
        registry->release();
    }
    registry->hold(false);
    registry->release();
}
