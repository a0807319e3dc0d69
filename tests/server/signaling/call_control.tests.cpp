// The signaling rules of docs/call_control.md ("Server rules"), one connection per fake
// client, no sockets.
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "call_messages.hpp"
#include "handler_client.hpp"
#include "protocol/protocol.hpp"
#include "registry_helpers.hpp"
#include "signaling/signaling_handler.hpp"
#include "signaling/user_registry.hpp"

using namespace duet;
using namespace duet::testing;
namespace proto = protocol;

namespace {

using namespace call_messages;
json const presence_only = {{"features", {"presence"}}};

json offer_to(std::string const& name) {
    return {{"type", "offer"}, {"name", name}, {"offer", sdp_offer}};
}

// name -> status of one presence message.
std::map<std::string, std::string> users_of(json const& presence) {
    INFO("message: " << presence.dump());
    REQUIRE(presence["type"] == "presence");
    std::map<std::string, std::string> out;
    for (auto const& u : presence["users"]) {
        out[u["name"].get<std::string>()] = u["status"].get<std::string>();
    }
    return out;
}

json delta(client& c) {
    auto m = c.next();
    CHECK(m["full"] == false);
    return m;
}

using status = std::map<std::string, std::string>;

}  // namespace

TEST_CASE("call control: features declared at login", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);

    SECTION("a ringing client gets the call settings") {
        auto reply = alice.login("alice", ring);
        CHECK(reply["iceTtl"] == 0);  // no TURN: nothing expires
        CHECK(reply["iceTransportPolicy"] == "all");
        CHECK(reply["ringTimeout"] == 30);
        CHECK(reply["lostTimeout"] == 30);
        CHECK(reply["presence"] == false);  // not asked for
        CHECK(alice.quiet());
    }
    SECTION("the settings come from the configuration") {
        config.ring_timeout = 12;
        config.lost_timeout = 7;
        config.ice_transport_policy = "relay";
        auto reply = alice.login("alice", ring_presence);
        CHECK(reply["ringTimeout"] == 12);
        CHECK(reply["lostTimeout"] == 7);
        CHECK(reply["iceTransportPolicy"] == "relay");
        CHECK(reply["presence"] == true);
        auto list = alice.next();
        CHECK(list["full"] == true);
    }
    SECTION("a tutorial client's reply is exactly as before") {
        auto reply = alice.login("alice");
        for (char const* key :
             {"iceTtl", "iceTransportPolicy", "ringTimeout", "lostTimeout", "presence"}) {
            CHECK_FALSE(reply.contains(key));
        }
        CHECK(alice.quiet());
    }
    SECTION("unknown features are ignored") {
        auto reply = alice.login("alice", {{"features", {"teleport", "ring"}}});
        CHECK(reply["ringTimeout"] == 30);
    }
    SECTION("features of the wrong shape are refused, and the name stays free") {
        alice.say({{"type", "login"}, {"name", "alice"}, {"features", "ring"}});
        auto reply = alice.next();
        require_error(reply, "invalid_message");
        CHECK_THAT(message_of(reply), Catch::Contains("features"));
        CHECK(registry->size() == 0);
    }
}

TEST_CASE("call control: ringing, accepting, ending", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);
    alice.login("alice", ring);
    bob.login("bob", ring);

    alice.say(call_to("bob"));
    CHECK(bob.next() == json{{"type", "call"}, {"name", "alice"}});
    CHECK(alice.quiet());
    CHECK(registry->partner_of("alice") == "bob");
    CHECK(registry->partner_of("bob") == "alice");

    SECTION("accept goes to the caller, then the call runs as before") {
        bob.say(accept_to("alice"));
        CHECK(alice.next() == json{{"type", "accept"}, {"name", "bob"}});
        CHECK(bob.quiet());
        alice.say(offer_to("bob"));
        CHECK(bob.next()["type"] == "offer");
        bob.say({{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}});
        CHECK(alice.next()["type"] == "answer");
        alice.say(leave_to("bob"));
        CHECK(bob.next() == json{{"type", "leave"}, {"name", "alice"}});  // hung_up: no reason
        CHECK(registry->partner_of("bob").empty());
    }
    SECTION("the callee declines: the reason reaches the caller, both are free") {
        bob.say(leave_to("alice", "declined"));
        CHECK(alice.next() == json{{"type", "leave"}, {"name", "bob"}, {"reason", "declined"}});
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("bob").empty());
        bob.say(accept_to("alice"));  // too late
        require_error(bob.next(), "not_ringing");
    }
    SECTION("the caller cancels, or gives up; a nameless leave reaches the partner") {
        for (char const* reason : {"cancelled", "no_answer"}) {
            alice.say({{"type", "leave"}, {"reason", reason}});
            CHECK(bob.next() == json{{"type", "leave"}, {"name", "alice"}, {"reason", reason}});
            CHECK(registry->partner_of("bob").empty());
            alice.say(call_to("bob"));
            CHECK(bob.next()["type"] == "call");
        }
    }
    SECTION("every reason is relayed as sent") {
        for (char const* reason : {"busy", "connection_lost", "hung_up"}) {
            alice.say(leave_to("bob", reason));
            auto got = bob.next();
            CHECK(got["type"] == "leave");
            if (std::string(reason) == "hung_up") {
                CHECK_FALSE(got.contains("reason"));
            } else {
                CHECK(got["reason"] == reason);
            }
            alice.say(call_to("bob"));
            bob.next();
        }
    }
    SECTION("an unknown reason is refused and the call stays") {
        alice.say(leave_to("bob", "bored"));
        auto reply = alice.next();
        require_error(reply, "invalid_message");
        CHECK_THAT(message_of(reply), Catch::Contains("reason"));
        CHECK(bob.quiet());
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("glare: bob rings alice back while she rings him; both rings are relayed") {
        bob.say(call_to("alice"));
        CHECK(alice.next() == json{{"type", "call"}, {"name", "bob"}});
        CHECK(bob.quiet());
        // The polite side gives up its ring and accepts the other's: exactly one call.
        alice.say(accept_to("bob"));
        CHECK(bob.next() == json{{"type", "accept"}, {"name", "alice"}});
        CHECK(registry->partner_of("alice") == "bob");
    }
    SECTION("the callee disconnects while ringing: the caller is told and free") {
        bob.disconnect();
        CHECK(alice.next() == json{{"type", "leave"}, {"name", "bob"}});
        CHECK(registry->partner_of("alice").empty());
        client carol(*registry, sender, config);
        carol.login("carol", ring);
        alice.say(call_to("carol"));
        CHECK(carol.next()["type"] == "call");
    }
}

TEST_CASE("call control: accept needs a ring", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);
    client carol(*registry, sender, config);
    alice.login("alice", ring);
    bob.login("bob", ring);
    carol.login("carol", ring);

    SECTION("nobody rang") {
        bob.say(accept_to("alice"));
        auto reply = bob.next();
        require_error(reply, "not_ringing");
        CHECK(reply["user"] == "alice");
        CHECK_THAT(message_of(reply), Catch::Contains("\"alice\""));
        CHECK(alice.quiet());
    }
    SECTION("someone else rang") {
        alice.say(call_to("bob"));
        bob.next();
        carol.say(accept_to("alice"));
        require_error(carol.next(), "not_ringing");
        carol.say(accept_to("bob"));
        require_error(carol.next(), "not_ringing");
        CHECK(alice.quiet());
        CHECK(bob.quiet());
    }
    SECTION("the caller cannot accept its own ring") {
        alice.say(call_to("bob"));
        bob.next();
        // Linked both ways, so this is relayed: bob's client ignores an accept it never asked
        // for while ringing in. What matters is that nobody else is reached.
        alice.say(accept_to("bob"));
        CHECK(bob.next()["type"] == "accept");
        CHECK(carol.quiet());
    }
    SECTION("offline, yourself, or before login") {
        alice.say(accept_to("dave"));
        require_error(alice.next(), "not_online");
        alice.say(accept_to("alice"));
        require_error(alice.next(), "self_call");
        client stranger(*registry, sender, config);
        stranger.say(accept_to("alice"));
        require_error(stranger.next(), "not_logged_in");
        stranger.say(call_to("alice"));
        require_error(stranger.next(), "not_logged_in");
        stranger.say({{"type", "refresh_ice"}});
        require_error(stranger.next(), "not_logged_in");
        CHECK(alice.quiet());
    }
    SECTION("calling yourself or someone offline") {
        alice.say(call_to("alice"));
        require_error(alice.next(), "self_call");
        alice.say(call_to("dave"));
        auto reply = alice.next();
        require_error(reply, "not_online");
        CHECK(reply["user"] == "dave");
        CHECK(registry->partner_of("alice").empty());
    }
}

TEST_CASE("call control: busy, missed, already in a call", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);
    client carol(*registry, sender, config);
    client tutorial(*registry, sender, config);
    alice.login("alice", ring);
    bob.login("bob", ring);
    carol.login("carol", ring);
    tutorial.login("tutorial");

    alice.say(call_to("bob"));
    bob.next();

    SECTION("ringing someone who is being rung: busy at once, and the callee hears of it") {
        carol.say(call_to("bob"));
        auto reply = carol.next();
        require_error(reply, "busy");
        CHECK(reply["user"] == "bob");
        CHECK_THAT(message_of(reply), Catch::Contains("\"bob\" is busy"));
        CHECK(bob.next() == json{{"type", "missed"}, {"name", "carol"}});
        CHECK(alice.quiet());
        CHECK(registry->partner_of("carol").empty());
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("ringing the caller while it rings out is busy too") {
        carol.say(call_to("alice"));
        require_error(carol.next(), "busy");
        CHECK(alice.next() == json{{"type", "missed"}, {"name", "carol"}});
    }
    SECTION("a busy tutorial client is never sent missed, a type it does not know") {
        carol.say(offer_to("tutorial"));  // the tutorial's way of calling
        CHECK(tutorial.next()["type"] == "offer");
        bob.say(leave_to("alice", "declined"));
        alice.next();
        alice.say(call_to("tutorial"));
        require_error(alice.next(), "busy");
        CHECK(tutorial.quiet());
    }
    SECTION("a caller already in a call cannot ring another") {
        bob.say(accept_to("alice"));
        alice.next();
        alice.say(call_to("carol"));
        auto reply = alice.next();
        require_error(reply, "already_in_call");
        CHECK(reply["user"] == "carol");
        CHECK_THAT(message_of(reply), Catch::Contains("\"bob\""));
        CHECK(carol.quiet());
        CHECK(registry->partner_of("alice") == "bob");
    }
    SECTION("after the call, both can be rung again") {
        alice.say(leave_to("bob", "cancelled"));
        bob.next();
        carol.say(call_to("bob"));
        CHECK(bob.next() == json{{"type", "call"}, {"name", "carol"}});
    }
}

TEST_CASE("call control: a tutorial callee accepts at once", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    client tutorial(*registry, sender, config);
    alice.login("alice", ring);
    tutorial.login("tutorial");

    alice.say(call_to("tutorial"));
    // The server accepts on the tutorial page's behalf: it answers any offer by itself.
    CHECK(alice.next() == json{{"type", "accept"}, {"name", "tutorial"}});
    CHECK(tutorial.quiet());
    CHECK(registry->partner_of("tutorial") == "alice");

    alice.say(offer_to("tutorial"));
    CHECK(tutorial.next() == json{{"type", "offer"}, {"offer", sdp_offer}, {"name", "alice"}});
    tutorial.say({{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}});
    CHECK(alice.next()["type"] == "answer");

    SECTION("the tutorial page hangs up the tutorial's way") {
        tutorial.say({{"type", "leave"}, {"name", "alice"}});
        CHECK(alice.next() == json{{"type", "leave"}, {"name", "tutorial"}});
    }
    SECTION("a reason sent to the tutorial page is only an extra field on leave") {
        alice.say(leave_to("tutorial", "connection_lost"));
        auto got = tutorial.next();
        CHECK(got["type"] == "leave");
        CHECK(got["name"] == "alice");
    }
}

TEST_CASE("call control: login.peer after a reconnect", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);

    SECTION("both back after a server restart: busy again, the call's messages flow") {
        alice.login("alice", {{"features", {"ring"}}, {"peer", "bob"}});
        CHECK(registry->partner_of("alice").empty());
        bob.login("bob", {{"features", {"ring"}}, {"peer", "alice"}});
        CHECK(registry->partner_of("alice") == "bob");
        CHECK(registry->partner_of("bob") == "alice");
        client carol(*registry, sender, config);
        carol.login("carol", ring);
        carol.say(call_to("alice"));
        require_error(carol.next(), "busy");
        // An ICE restart offer (a Duet client in a call) is relayed as usual.
        alice.say(offer_to("bob"));
        CHECK(bob.next()["type"] == "offer");
    }
    SECTION("the partner stayed and saw us go: no link, it may take calls") {
        bob.login("bob", ring);
        alice.login("alice", {{"features", {"ring"}}, {"peer", "bob"}});
        CHECK(registry->partner_of("bob").empty());
        client carol(*registry, sender, config);
        carol.login("carol", ring);
        carol.say(call_to("bob"));
        CHECK(bob.next()["type"] == "call");
        // alice still believes in her call until its media gives up: she is busy till then.
        client dave(*registry, sender, config);
        dave.login("dave", ring);
        dave.say(call_to("alice"));
        require_error(dave.next(), "busy");
        CHECK(alice.next() == json{{"type", "missed"}, {"name", "dave"}});
        alice.say(leave_to("bob", "connection_lost"));
        CHECK(bob.next()["reason"] == "connection_lost");  // bob ignores it: he is elsewhere
        dave.say(call_to("alice"));
        CHECK(alice.next()["type"] == "call");
    }
}

TEST_CASE("call control: presence", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    int issued = 0;
    config.make_token = [&] { return "token-" + std::to_string(++issued); };
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);
    client tutorial(*registry, sender, config);
    tutorial.login("tutorial");

    auto alice_token = alice.login("alice", ring_presence)["token"].get<std::string>();
    auto first = alice.next();
    CHECK(first["full"] == true);
    CHECK(users_of(first) == status{{"tutorial", "available"}});  // never alice herself

    bob.login("bob", ring);  // no presence for bob
    CHECK(users_of(delta(alice)) == status{{"bob", "available"}});
    CHECK(bob.quiet());

    SECTION("a later subscriber gets everyone, then changes") {
        client carol(*registry, sender, config);
        carol.login("carol", presence_only);
        auto list = carol.next();
        CHECK(list["full"] == true);
        CHECK(users_of(list) ==
              status{{"alice", "available"}, {"bob", "available"}, {"tutorial", "available"}});
        CHECK(users_of(delta(alice)) == status{{"carol", "available"}});

        alice.say(call_to("bob"));
        bob.next();
        CHECK(users_of(delta(alice)) == status{{"bob", "busy"}});  // not herself
        CHECK(users_of(delta(carol)) == status{{"alice", "busy"}, {"bob", "busy"}});
        bob.say(leave_to("alice", "declined"));
        // Presence first here: the presence component delivers inline (the server posts it, so
        // there the relay goes first).
        CHECK(users_of(delta(alice)) == status{{"bob", "available"}});
        CHECK(alice.next()["type"] == "leave");
        CHECK(users_of(delta(carol)) == status{{"alice", "available"}, {"bob", "available"}});
        CHECK(tutorial.quiet());
        CHECK(bob.quiet());
    }
    SECTION("a tutorial call counts as busy too") {
        tutorial.say(offer_to("bob"));
        bob.next();
        CHECK(users_of(delta(alice)) == status{{"bob", "busy"}, {"tutorial", "busy"}});
    }
    SECTION("a disconnect: offline, and the partner is available again") {
        alice.say(call_to("bob"));
        bob.next();
        delta(alice);
        client carol(*registry, sender, config);
        carol.login("carol", presence_only);
        carol.next();
        alice.next();
        bob.disconnect();
        CHECK(users_of(delta(alice)) == status{{"bob", "offline"}});
        CHECK(alice.next() == json{{"type", "leave"}, {"name", "bob"}});
        CHECK(users_of(delta(carol)) == status{{"alice", "available"}, {"bob", "offline"}});
    }
    SECTION("a name reclaimed with its token never shows offline") {
        client carol(*registry, sender, config);
        carol.login("carol", presence_only);
        carol.next();
        delta(alice);
        client new_alice(*registry, sender, config);
        new_alice.login("alice", {{"features", {"ring", "presence"}}, {"token", alice_token}});
        CHECK(users_of(new_alice.next()) ==
              status{{"bob", "available"}, {"carol", "available"}, {"tutorial", "available"}});
        require_error(alice.next(), "replaced");
        alice.handler().forget_name();  // as the session does
        alice.disconnect();
        CHECK(carol.quiet());
        // The old connection's subscription ended with it; the new one carries on.
        bob.disconnect();
        CHECK(users_of(delta(new_alice)) == status{{"bob", "offline"}});
        CHECK(users_of(delta(carol)) == status{{"bob", "offline"}});
        CHECK(alice.quiet());
    }
    SECTION("--no-presence: nobody gets lists, and the login says so") {
        signaling_config off;
        off.presence = false;
        client dave(*registry, sender, off);
        auto reply = dave.login("dave", ring_presence);
        CHECK(reply["presence"] == false);
        CHECK(dave.quiet());
        delta(alice);  // alice's handler still has presence on
        client erin(*registry, sender, off);
        erin.login("erin", ring_presence);
        CHECK(dave.quiet());
    }
}

TEST_CASE("call control: ICE servers and TURN credentials", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    config.ice_servers = {{{"stun:127.0.0.1:3478"}, {}, {}}};
    client alice(*registry, sender, config);

    SECTION("without TURN: the configured servers, nothing expires") {
        auto reply = alice.login("alice", ring);
        CHECK(reply["iceServers"] == json::array({{{"urls", {"stun:127.0.0.1:3478"}}}}));
        alice.say({{"type", "refresh_ice"}});
        CHECK(alice.next() ==
              json{{"type", "ice_servers"}, {"iceServers", reply["iceServers"]}, {"iceTtl", 0}});
    }
    SECTION("with TURN: a fresh entry for this user in the login and every refresh") {
        int minted = 0;
        config.make_turn_server = [&](std::string const& name) {
            ++minted;
            return proto::ice_server{
                {"turn:127.0.0.1:3478"}, std::to_string(minted) + ":" + name, "cred"};
        };
        config.ice_ttl = 600;
        auto reply = alice.login("alice", ring);
        CHECK(reply["iceTtl"] == 600);
        REQUIRE(reply["iceServers"].size() == 2);
        CHECK(reply["iceServers"][1]["username"] == "1:alice");
        alice.say({{"type", "refresh_ice"}});
        auto fresh = alice.next();
        CHECK(fresh["type"] == "ice_servers");
        CHECK(fresh["iceTtl"] == 600);
        REQUIRE(fresh["iceServers"].size() == 2);
        CHECK(fresh["iceServers"][1] == json{{"urls", {"turn:127.0.0.1:3478"}},
                                             {"username", "2:alice"},
                                             {"credential", "cred"}});
        // A tutorial client gets the TURN entry too, but no expiry it would not read.
        client tutorial(*registry, sender, config);
        auto plain = tutorial.login("tutorial");
        CHECK(plain["iceServers"][1]["username"] == "3:tutorial");
        CHECK_FALSE(plain.contains("iceTtl"));
    }
}

TEST_CASE("call control: a dropped connection keeps its call for lost_timeout", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    config.lost_timeout = 9;
    std::vector<std::pair<std::chrono::seconds, std::function<void()>>> deferred;
    config.defer = [&deferred](std::chrono::seconds delay, std::function<void()> job) {
        deferred.emplace_back(delay, std::move(job));
    };
    auto alice = std::make_unique<client>(*registry, sender, config);
    client bob(*registry, sender, config);
    auto token = alice->login("alice", ring)["token"].get<std::string>();
    bob.login("bob", ring);
    alice->say(call_to("bob"));
    CHECK(bob.next()["type"] == "call");
    bob.say(accept_to("alice"));
    CHECK(alice->next()["type"] == "accept");

    alice->disconnect();
    alice.reset();
    REQUIRE(deferred.size() == 1);
    CHECK(deferred[0].first == std::chrono::seconds(9));
    CHECK(bob.quiet());  // no leave yet: alice may come back
    CHECK(registry->partner_of("bob") == "alice");

    SECTION("alice comes back with her token: the call is kept, the timer does nothing") {
        client again(*registry, sender, config);
        again.login("alice", {{"features", {"ring"}}, {"token", token}, {"peer", "bob"}});
        deferred[0].second();
        CHECK(bob.quiet());
        CHECK(registry->partner_of("bob") == "alice");
        again.say(leave_to("bob"));
        CHECK(bob.next() == json{{"type", "leave"}, {"name", "alice"}});
    }
    SECTION("alice never comes back: bob is told the connection was lost") {
        deferred[0].second();
        CHECK(bob.next() ==
              json{{"type", "leave"}, {"name", "alice"}, {"reason", "connection_lost"}});
        CHECK(registry->partner_of("bob").empty());
        client other(*registry, sender, config);
        other.login("alice", ring);  // the name is free again
    }
    SECTION("nobody else can take the name meanwhile") {
        client other(*registry, sender, config);
        other.say({{"type", "login"}, {"name", "alice"}});
        CHECK(other.next()["success"] == false);
    }
}

TEST_CASE("call control: a tutorial client's partner is told at once", "[handler][call]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    int deferred = 0;
    config.defer = [&deferred](std::chrono::seconds, std::function<void()>) { ++deferred; };
    client tut(*registry, sender, config);
    client bob(*registry, sender, config);
    tut.login("tut");
    bob.login("bob", ring);
    tut.say(offer_to("bob"));
    CHECK(bob.next()["type"] == "offer");
    tut.disconnect();
    CHECK(deferred == 0);
    CHECK(bob.next() == json{{"type", "leave"}, {"name", "tut"}});
}
