#include "signaling/signaling_handler.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "handler_client.hpp"
#include "protocol/protocol.hpp"
#include "registry_helpers.hpp"
#include "signaling/user_registry.hpp"

using namespace duet;
using namespace duet::testing;
namespace proto = protocol;

TEST_CASE("signaling: login", "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    config.ice_servers = {{{"stun:stun.example.org:3478"}, {}, {}}};
    client alice(*registry, sender, config);

    SECTION("succeeds with the name, the ICE servers and a random reclaim token") {
        alice.say({{"type", "login"}, {"name", "alice"}});
        auto reply = alice.next();
        CHECK(reply["type"] == "login");
        CHECK(reply["success"] == true);
        CHECK(reply["name"] == "alice");
        CHECK(reply["iceServers"] == json::array({{{"urls", {"stun:stun.example.org:3478"}}}}));
        REQUIRE(reply["token"].is_string());
        auto token = reply["token"].get<std::string>();
        CHECK(token.size() == 32);
        CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
        CHECK(random_token() != random_token());
        CHECK(alice.quiet());
        CHECK(alice.handler().name() == "alice");
        CHECK(registry->find("alice") == alice.recipient());
    }
    SECTION("a taken name fails, the owner keeps it, the loser can pick another") {
        alice.login("alice");
        client other(*registry, sender, config);
        other.say({{"type", "login"}, {"name", "alice"}});
        auto reply = other.next();
        CHECK(reply["type"] == "login");
        CHECK(reply["success"] == false);
        CHECK(reply["code"] == "name_taken");
        CHECK_THAT(message_of(reply), Catch::Contains("\"alice\""));
        CHECK_FALSE(reply.contains("iceServers"));
        CHECK(other.handler().name().empty());
        CHECK(registry->find("alice") == alice.recipient());
        CHECK(alice.quiet());

        other.login("alice2");
        CHECK(registry->size() == 2);
    }
    SECTION("an invalid name fails with the reason, and nothing is registered") {
        for (std::string bad : {std::string(), std::string(33, 'x'), std::string(" alice"),
                                std::string("a\nb"), std::string("\xe2\x80\xa8")}) {
            INFO("name: " << json(bad).dump());
            alice.say({{"type", "login"}, {"name", bad}});
            auto reply = alice.next();
            CHECK(reply["success"] == false);
            CHECK(reply["code"] == "invalid_name");
            CHECK_FALSE(message_of(reply).empty());
        }
        // Bytes that are not UTF-8 never reach the name check: JSON itself refuses them.
        alice.say_raw("{\"type\":\"login\",\"name\":\"\xc0\xaf\"}");
        require_error(alice.next(), "invalid_json");
        CHECK(registry->size() == 0);
        alice.login("alice");  // the connection is still usable
    }
    SECTION("a second login on the same connection fails and changes nothing") {
        alice.login("alice");
        for (char const* name : {"bob", "alice"}) {
            alice.say({{"type", "login"}, {"name", name}});
            auto reply = alice.next();
            CHECK(reply["success"] == false);
            CHECK(reply["code"] == "already_logged_in");
            CHECK_THAT(message_of(reply), Catch::Contains("alice"));
        }
        CHECK(alice.handler().name() == "alice");
        CHECK(registry->find("bob") == nullptr);
        CHECK(registry->find("alice") == alice.recipient());
        CHECK(registry->size() == 1);
    }
    SECTION("a login without a name is a clear error, then login works") {
        alice.say_raw(R"({"type":"login"})");
        auto reply = alice.next();
        require_error(reply, "invalid_message");
        CHECK_THAT(message_of(reply), Catch::Contains("name"));
        alice.login("alice");
    }
}

TEST_CASE("signaling: malformed messages get an error and the connection stays usable",
          "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);

    SECTION("before login") {
        alice.say_raw("Hello server");
        require_error(alice.next(), "invalid_json");
        alice.say_raw(R"(["login","alice"])");
        require_error(alice.next(), "invalid_json");
        alice.say_raw(R"({"type":"dance"})");
        auto unknown = alice.next();
        require_error(unknown, "unknown_type");
        CHECK(message_of(unknown) == "Command not found: dance");
        CHECK(alice.quiet());
        alice.login("alice");
    }
    SECTION("after login, in a call: the call is unaffected") {
        client bob(*registry, sender, config);
        alice.login("alice");
        bob.login("bob");
        alice.say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        CHECK(bob.next()["type"] == "offer");

        alice.say_raw("{");
        require_error(alice.next(), "invalid_json");
        alice.say_raw(R"({"type":"candidate","name":"bob"})");
        require_error(alice.next(), "invalid_message");
        CHECK(bob.quiet());
        CHECK(registry->partner_of("alice") == "bob");

        alice.say({{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}});
        CHECK(bob.next()["candidate"] == ice);
    }
    SECTION("nesting deeper than the configured limit") {
        config.limits.max_depth = 4;
        alice.login("alice");
        alice.say_raw(R"({"type":"offer","name":"bob","offer":{"a":{"b":{"c":{}}}}})");
        auto reply = alice.next();
        require_error(reply, "invalid_json");
        CHECK_THAT(message_of(reply), Catch::Contains("4"));
    }
}

TEST_CASE("signaling: nothing is relayed before login", "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client bob(*registry, sender, config);
    bob.login("bob");
    client stranger(*registry, sender, config);

    for (json const& m : {json{{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}},
                          json{{"type", "answer"}, {"name", "bob"}, {"answer", sdp_answer}},
                          json{{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}},
                          json{{"type", "leave"}, {"name", "bob"}}, json{{"type", "leave"}}}) {
        INFO("sent: " << m.dump());
        stranger.say(m);
        require_error(stranger.next(), "not_logged_in");
        CHECK(stranger.quiet());
        CHECK(bob.quiet());
    }
    CHECK(registry->partner_of("bob").empty());
    CHECK(registry->size() == 1);
}

TEST_CASE("signaling: relaying a call", "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    client bob(*registry, sender, config);
    alice.login("alice");
    bob.login("bob");

    alice.say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
    CHECK(bob.next() == json{{"type", "offer"}, {"offer", sdp_offer}, {"name", "alice"}});
    CHECK(alice.quiet());
    CHECK(registry->partner_of("alice") == "bob");
    CHECK(registry->partner_of("bob") == "alice");

    bob.say({{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}});
    CHECK(alice.next() == json{{"type", "answer"}, {"answer", sdp_answer}, {"name", "bob"}});
    CHECK(bob.quiet());

    SECTION("candidates both ways, and the end-of-candidates null") {
        alice.say({{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}});
        CHECK(bob.next() == json{{"type", "candidate"}, {"candidate", ice}, {"name", "alice"}});
        bob.say({{"type", "candidate"}, {"name", "alice"}, {"candidate", ice}});
        CHECK(alice.next() == json{{"type", "candidate"}, {"candidate", ice}, {"name", "bob"}});
        bob.say({{"type", "candidate"}, {"name", "alice"}, {"candidate", nullptr}});
        CHECK(alice.next()["candidate"].is_null());
        CHECK(alice.quiet());
        CHECK(bob.quiet());
    }
    SECTION("payloads go on as the sender wrote them, spacing and escapes included") {
        std::string const payload =
            R"({ "candidate" : "caf\u00e9 \ud83d\ude00" , "sdpMid":"0", "x": [1.50, null] })";
        alice.say_raw(R"({"type":"candidate","name":"bob","candidate":)" + payload + "}");
        REQUIRE(bob.recipient()->sent.size() == 1);
        CHECK(bob.recipient()->sent.front() ==
              R"({"candidate":)" + payload + R"(,"name":"alice","type":"candidate"})");
    }
    SECTION("leave with a name ends the call on both sides") {
        alice.say({{"type", "leave"}, {"name", "bob"}});
        CHECK(bob.next() == json{{"type", "leave"}, {"name", "alice"}});
        CHECK(alice.quiet());
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("bob").empty());
    }
    SECTION("leave without a name goes to the partner") {
        bob.say({{"type", "leave"}});
        CHECK(alice.next() == json{{"type", "leave"}, {"name", "bob"}});
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("bob").empty());

        // Out of the call now: another nameless leave has nobody to go to.
        bob.say({{"type", "leave"}});
        require_error(bob.next(), "no_partner");
        CHECK(alice.quiet());
    }
    SECTION("the relayed name is the sender's login, whatever the client wrote") {
        client carol(*registry, sender, config);
        carol.login("carol");
        // Forged sender fields ride along on every relay; none may reach the receiver.
        json forged = {{"from", "carol"}, {"sender", "carol"}, {"user", "carol"}};
        auto with_forgery = [&](json m) {
            m.update(forged);
            return m;
        };
        alice.say(with_forgery({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}}));
        CHECK(bob.next() == json{{"type", "offer"}, {"offer", sdp_offer}, {"name", "alice"}});
        alice.say(with_forgery({{"type", "answer"}, {"name", "bob"}, {"answer", sdp_answer}}));
        CHECK(bob.next() == json{{"type", "answer"}, {"answer", sdp_answer}, {"name", "alice"}});
        alice.say(with_forgery({{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}}));
        CHECK(bob.next() == json{{"type", "candidate"}, {"candidate", ice}, {"name", "alice"}});
        alice.say(with_forgery({{"type", "leave"}, {"name", "bob"}}));
        CHECK(bob.next() == json{{"type", "leave"}, {"name", "alice"}});
        CHECK(carol.quiet());
    }
    SECTION("a third caller reaches bob, but does not take over his call") {
        client carol(*registry, sender, config);
        carol.login("carol");
        carol.say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        CHECK(bob.next()["name"] == "carol");
        CHECK(registry->partner_of("bob") == "alice");

        // bob's nameless leave still ends the call with alice, not carol.
        bob.say({{"type", "leave"}});
        CHECK(alice.next()["type"] == "leave");
        CHECK(carol.quiet());
    }
}

TEST_CASE("signaling: messages to users who are not there", "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    client alice(*registry, sender, config);
    alice.login("alice");

    SECTION("offline: an immediate error naming the user, for every relayed type") {
        for (json const& m : {json{{"type", "offer"}, {"name", "carol"}, {"offer", sdp_offer}},
                              json{{"type", "answer"}, {"name", "carol"}, {"answer", sdp_answer}},
                              json{{"type", "candidate"}, {"name", "carol"}, {"candidate", ice}},
                              json{{"type", "leave"}, {"name", "carol"}}}) {
            INFO("sent: " << m.dump());
            alice.say(m);
            auto reply = alice.next();  // already there: no waiting for a timeout
            require_error(reply, "not_online");
            CHECK(reply["user"] == "carol");
            CHECK_THAT(message_of(reply), Catch::Contains("\"carol\""));
            CHECK(alice.quiet());
        }
        CHECK(registry->partner_of("alice").empty());
    }
    SECTION("an empty target name is not online either") {
        alice.say({{"type", "offer"}, {"name", ""}, {"offer", sdp_offer}});
        require_error(alice.next(), "not_online");
    }
    SECTION("a connection already gone, not yet signed out, counts as offline") {
        add(*registry, "ghost", std::make_shared<fake_recipient>());  // its only owner is gone
        alice.say({{"type", "offer"}, {"name", "ghost"}, {"offer", sdp_offer}});
        auto reply = alice.next();
        require_error(reply, "not_online");
        CHECK(reply["user"] == "ghost");
    }
    SECTION("calling yourself") {
        alice.say({{"type", "offer"}, {"name", "alice"}, {"offer", sdp_offer}});
        auto reply = alice.next();
        require_error(reply, "self_call");
        CHECK(reply["user"] == "alice");
        alice.say({{"type", "candidate"}, {"name", "alice"}, {"candidate", ice}});
        require_error(alice.next(), "self_call");
        alice.say({{"type", "leave"}, {"name", "alice"}});
        require_error(alice.next(), "self_call");
        CHECK(alice.quiet());
        CHECK(registry->partner_of("alice").empty());
    }
    SECTION("leave to an unknown user (the tutorial's first crash) errors, serving goes on") {
        alice.say({{"type", "leave"}, {"name", "nobody"}});
        auto reply = alice.next();
        require_error(reply, "not_online");
        CHECK(reply["user"] == "nobody");

        client bob(*registry, sender, config);
        bob.login("bob");
        alice.say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        CHECK(bob.next()["type"] == "offer");
    }
    SECTION("leave to a partner whose connection is already gone ends our side of the call") {
        auto bob = std::make_unique<client>(*registry, sender, config);
        bob->login("bob");
        alice.say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        CHECK(bob->next()["type"] == "offer");
        bob.reset();  // gone, before its session told the registry

        alice.say({{"type", "leave"}, {"name", "bob"}});
        auto reply = alice.next();
        require_error(reply, "not_online");
        CHECK(reply["user"] == "bob");
        CHECK(registry->partner_of("alice").empty());
        alice.say({{"type", "leave"}});
        require_error(alice.next(), "no_partner");
    }
}

TEST_CASE("signaling: disconnects", "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    auto alice = std::make_unique<client>(*registry, sender, config);
    auto bob = std::make_unique<client>(*registry, sender, config);
    alice->login("alice");
    bob->login("bob");

    SECTION("mid-call: the partner gets leave naming who went") {
        alice->say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        bob->next();
        bob->say({{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}});
        alice->next();

        alice->disconnect();
        CHECK(bob->next() == json{{"type", "leave"}, {"name", "alice"}});
        CHECK(bob->quiet());
        CHECK(registry->find("alice") == nullptr);
        CHECK(registry->partner_of("bob").empty());
        CHECK(registry->size() == 1);
    }
    SECTION("callee closes without answering: the caller gets leave") {
        alice->say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        bob->next();
        bob->disconnect();
        CHECK(alice->next() == json{{"type", "leave"}, {"name", "bob"}});
        // The tutorial crashed here, when the caller then closed.
        alice->disconnect();
        CHECK(registry->size() == 0);
    }
    SECTION("caller hangs up, callee closes, then caller closes (the tutorial's crash)") {
        alice->say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        bob->next();
        bob->say({{"type", "answer"}, {"name", "alice"}, {"answer", sdp_answer}});
        alice->next();
        alice->say({{"type", "leave"}, {"name", "bob"}});
        CHECK(bob->next()["type"] == "leave");

        bob->disconnect();
        CHECK(alice->quiet());  // the call was already over
        bob.reset();
        alice->disconnect();
        CHECK(registry->size() == 0);

        client carol(*registry, sender, config);
        carol.login("carol");
    }
    SECTION("a partner whose connection object is already destroyed is skipped") {
        alice->say({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        bob->next();
        bob.reset();  // the handler and peer die without on_disconnect
        alice->disconnect();
        CHECK(registry->find("alice") == nullptr);
    }
    SECTION("the name is freed and can be used again") {
        alice->disconnect();
        CHECK(alice->handler().name().empty());
        client again(*registry, sender, config);
        again.login("alice");
        CHECK(registry->find("alice") == again.recipient());

        // A late second disconnect from the old connection must not sign out the new one.
        alice->disconnect();
        CHECK(registry->find("alice") == again.recipient());
    }
    SECTION("an old connection cannot remove a name that now belongs to another") {
        sender.publish(registry->remove("alice", alice->recipient().get()).presence);
        client again(*registry, sender, config);
        again.login("alice");
        alice->disconnect();
        CHECK(registry->find("alice") == again.recipient());
    }
    SECTION("a connection that never logged in leaves no trace") {
        client stranger(*registry, sender, config);
        stranger.disconnect();
        CHECK(registry->size() == 2);
        CHECK(alice->quiet());
        CHECK(bob->quiet());
    }
}

TEST_CASE("signaling: a taken name is reclaimed only with its token", "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    int issued = 0;
    config.make_token = [&] { return "token-" + std::to_string(++issued); };
    client old_alice(*registry, sender, config);
    client bob(*registry, sender, config);
    old_alice.say({{"type", "login"}, {"name", "alice"}});
    CHECK(old_alice.next()["token"] == "token-1");
    bob.login("bob");
    bob.say({{"type", "offer"}, {"name", "alice"}, {"offer", sdp_offer}});
    CHECK(old_alice.next()["type"] == "offer");
    old_alice.say({{"type", "answer"}, {"name", "bob"}, {"answer", sdp_answer}});
    CHECK(bob.next()["type"] == "answer");

    client new_alice(*registry, sender, config);

    SECTION("without the token, or with a wrong one, the name stays taken") {
        for (char const* token : {"", "token-2", "token-", "token-11", "TOKEN-1"}) {
            INFO("token: " << token);
            new_alice.say({{"type", "login"}, {"name", "alice"}, {"token", token}});
            auto reply = new_alice.next();
            CHECK(reply["success"] == false);
            CHECK(reply["code"] == "name_taken");
        }
        CHECK(registry->find("alice") == old_alice.recipient());
        CHECK(old_alice.quiet());
        CHECK(old_alice.recipient()->disconnects == 0);
    }
    SECTION("with the token: the old connection is told and let go, the call carries over") {
        new_alice.say({{"type", "login"}, {"name", "alice"}, {"token", "token-1"}});
        auto reply = new_alice.next();
        CHECK(reply["success"] == true);
        CHECK(reply["token"] == "token-3");  // a fresh secret (bob got token-2)
        CHECK(registry->find("alice") == new_alice.recipient());

        auto told = old_alice.next();
        require_error(told, "replaced");
        CHECK(told["user"] == "alice");
        CHECK(old_alice.recipient()->disconnects == 1);

        // bob's call goes on with the new connection.
        CHECK(registry->partner_of("bob") == "alice");
        bob.say({{"type", "candidate"}, {"name", "alice"}, {"candidate", ice}});
        CHECK(new_alice.next()["name"] == "bob");
        CHECK(old_alice.quiet());

        // The old connection going away neither signs out the new one nor ends the call.
        old_alice.disconnect();
        CHECK(registry->find("alice") == new_alice.recipient());
        CHECK(bob.quiet());

        // A spent token reclaims nothing.
        client third(*registry, sender, config);
        third.say({{"type", "login"}, {"name", "alice"}, {"token", "token-1"}});
        CHECK(third.next()["code"] == "name_taken");
    }
}

TEST_CASE("signaling: a flooding connection is slowed, then let go", "[handler]") {
    auto registry = make_test_registry();
    presence sender;
    signaling_config config;
    config.messages_per_second = 1;
    config.message_burst = 3;
    auto const t0 = signaling_handler::clock::time_point{} + std::chrono::hours(1);
    client alice(*registry, sender, config, t0);
    client bob(*registry, sender, config, t0);
    REQUIRE(bob.say_at({{"type", "login"}, {"name", "bob"}}, t0));
    CHECK(bob.next()["success"] == true);

    json const candidate = {{"type", "candidate"}, {"name", "bob"}, {"candidate", ice}};
    REQUIRE(alice.say_at({{"type", "login"}, {"name", "alice"}}, t0));
    CHECK(alice.next()["success"] == true);
    REQUIRE(alice.say_at(candidate, t0));
    REQUIRE(alice.say_at(candidate, t0));  // the burst of 3 is spent
    CHECK(bob.next()["type"] == "candidate");
    CHECK(bob.next()["type"] == "candidate");

    SECTION("one error for the first refused message, then silence, nothing relayed") {
        REQUIRE(alice.say_at(candidate, t0));
        auto reply = alice.next();
        require_error(reply, "rate_limited");
        REQUIRE(alice.say_at(candidate, t0));
        CHECK(alice.quiet());
        CHECK(bob.quiet());
    }
    SECTION("the rate refills the bucket") {
        REQUIRE(alice.say_at(candidate, t0));
        alice.next();
        REQUIRE(alice.say_at(candidate, t0 + std::chrono::seconds(1)));
        CHECK(bob.next()["type"] == "candidate");
        REQUIRE(alice.say_at(candidate, t0 + std::chrono::seconds(1)));
        require_error(alice.next(), "rate_limited");  // told again after a pause
    }
    SECTION("a flood as long again as a burst is closed") {
        CHECK(alice.say_at(candidate, t0));
        CHECK(alice.say_at(candidate, t0));
        CHECK_FALSE(alice.say_at(candidate, t0));
        CHECK(bob.quiet());
    }
}
