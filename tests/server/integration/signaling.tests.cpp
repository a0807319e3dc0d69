// The real duet-server, driven over loopback by real WebSocket clients.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <thread>

#include "../temp_dir.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace duet::testing;

namespace {

json const sdp_offer = {{"type", "offer"}, {"sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}};
json const sdp_answer = {{"type", "answer"}, {"sdp", "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n"}};
json const ice = {{"candidate", "candidate:1 1 udp 2122260223 127.0.0.1 54400 typ host"},
                  {"sdpMid", "0"},
                  {"sdpMLineIndex", 0}};

json offer_to(std::string const& name) {
    return {{"type", "offer"}, {"name", name}, {"offer", sdp_offer}};
}
json answer_to(std::string const& name) {
    return {{"type", "answer"}, {"name", name}, {"answer", sdp_answer}};
}
json candidate_to(std::string const& name, json const& candidate = ice) {
    return {{"type", "candidate"}, {"name", name}, {"candidate", candidate}};
}
json leave_to(std::string const& name) { return {{"type", "leave"}, {"name", name}}; }

void require_error(json const& msg, std::string const& code) {
    INFO("message: " << msg.dump());
    REQUIRE(msg["type"] == "error");
    CHECK(msg["code"] == code);
    REQUIRE(msg["message"].is_string());
    CHECK_FALSE(msg["message"].get<std::string>().empty());
}

// A server on a web root of its own; stop() checks a clean exit.
struct live_server {
    temp_dir web;
    server_process process;

    explicit live_server(std::vector<std::string> extra_args = {})
        : process((web.write("index.html", "<h1>Duet</h1>"), web.path()), std::move(extra_args)) {}

    unsigned short port() const { return process.port(); }

    // The server is still up and serving: a fresh client can sign in as `name`. A name
    // whose owner just closed is freed when the server reads the close, a moment after the
    // client saw its close handshake finish, so a taken name is retried briefly.
    void require_serving(std::string const& name = "probe") {
        REQUIRE(process.running());
        ws_client probe(port());
        auto deadline = std::chrono::steady_clock::now() + 2s;
        for (;;) {
            probe.send_json({{"type", "login"}, {"name", name}});
            auto reply = probe.recv_json();
            INFO("login reply: " << reply.dump());
            if (reply["success"] == true) break;
            REQUIRE(reply["code"] == "name_taken");
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(20ms);
        }
        probe.close();
    }

    void stop() { CHECK(process.stop() == 0); }
};

// The caller calls, the callee answers: the usual start of every call test.
void start_call(ws_client& caller, ws_client& callee, std::string const& caller_name = "alice",
                std::string const& callee_name = "bob") {
    caller.send_json(offer_to(callee_name));
    CHECK(callee.recv_json() ==
          json{{"type", "offer"}, {"offer", sdp_offer}, {"name", caller_name}});
    callee.send_json(answer_to(caller_name));
    CHECK(caller.recv_json() ==
          json{{"type", "answer"}, {"answer", sdp_answer}, {"name", callee_name}});
}

}  // namespace

TEST_CASE("a call is relayed end to end between two clients", "[integration]") {
    auto const target = GENERATE(as<std::string>{}, "/", "/ws", "/ws?v=1");
    INFO("signaling at " << target);
    live_server server;
    ws_client alice(server.port(), target);
    ws_client bob(server.port(), target);

    auto reply = alice.login("alice");
    CHECK(reply["name"] == "alice");
    CHECK(reply["iceServers"] == json::array());  // --ice-server none
    CHECK(reply["token"].is_string());
    bob.login("bob");

    start_call(alice, bob);

    alice.send_json(candidate_to("bob"));
    CHECK(bob.recv_json() == json{{"type", "candidate"}, {"candidate", ice}, {"name", "alice"}});
    bob.send_json(candidate_to("alice"));
    CHECK(alice.recv_json() == json{{"type", "candidate"}, {"candidate", ice}, {"name", "bob"}});
    bob.send_json(candidate_to("alice", nullptr));
    CHECK(alice.recv_json() ==
          json{{"type", "candidate"}, {"candidate", nullptr}, {"name", "bob"}});

    alice.send_json(leave_to("bob"));
    CHECK(bob.recv_json() == json{{"type", "leave"}, {"name", "alice"}});

    // Nothing was echoed or duplicated to either side.
    alice.expect_no_message(100ms);
    bob.expect_no_message(100ms);

    // After the call, bob can call alice back.
    bob.send_json(offer_to("alice"));
    CHECK(alice.recv_json()["name"] == "bob");

    alice.close();
    bob.close();
    server.stop();
}

TEST_CASE("a burst of candidates arrives whole and in order", "[integration]") {
    live_server server({"--threads", "2"});
    ws_client alice(server.port());
    ws_client bob(server.port(), "/ws");
    alice.login("alice");
    bob.login("bob");
    start_call(alice, bob);

    constexpr int count = 60;
    for (int i = 0; i < count; ++i) {
        alice.send_json(candidate_to(
            "bob", {{"candidate", "candidate:" + std::to_string(i)}, {"sdpMid", "0"}}));
    }
    for (int i = 0; i < count; ++i) {
        auto m = bob.recv_json();
        REQUIRE(m["candidate"]["candidate"] == "candidate:" + std::to_string(i));
    }
    bob.expect_no_message(100ms);
    server.stop();
}

TEST_CASE("no greeting: the first frame is the reply to our login", "[integration]") {
    live_server server;
    ws_client client(server.port());
    client.expect_no_message(300ms);
    client.send_json({{"type", "login"}, {"name", "alice"}});
    auto first = client.recv_frame();
    REQUIRE(first.text);
    auto reply = json::parse(first.data, nullptr, false);
    INFO("first frame: " << first.data);
    REQUIRE(reply.is_object());
    CHECK(reply["type"] == "login");
    CHECK(reply["success"] == true);
    client.expect_no_message(100ms);
    server.stop();
}

TEST_CASE("bad requests get clear errors and the connection stays usable", "[integration]") {
    live_server server;
    ws_client alice(server.port());
    ws_client bob(server.port());
    bob.login("bob");

    SECTION("before login") {
        alice.send_text("hello, server");
        require_error(alice.recv_json(), "invalid_json");

        alice.send_json({{"type", "login"}});
        auto missing = alice.recv_json();
        require_error(missing, "invalid_message");
        CHECK_THAT(missing["message"].get<std::string>(), Catch::Contains("name"));

        alice.send_json({{"type", "login"}, {"name", 7}});
        require_error(alice.recv_json(), "invalid_message");

        alice.send_json({{"type", "dance"}});
        auto unknown = alice.recv_json();
        require_error(unknown, "unknown_type");
        CHECK(unknown["message"] == "Command not found: dance");

        for (std::string const& bad : {std::string(), std::string(33, 'n'), std::string(" x")}) {
            alice.send_json({{"type", "login"}, {"name", bad}});
            auto reply = alice.recv_json();
            CHECK(reply["type"] == "login");
            CHECK(reply["success"] == false);
            CHECK(reply["code"] == "invalid_name");
            CHECK_FALSE(reply["message"].get<std::string>().empty());
        }

        alice.send_json({{"type", "login"}, {"name", "bob"}});
        auto taken = alice.recv_json();
        CHECK(taken["success"] == false);
        CHECK(taken["code"] == "name_taken");
        CHECK_THAT(taken["message"].get<std::string>(), Catch::Contains("bob"));

        alice.login("alice");  // all of the above left the connection usable
    }
    SECTION("after login, with a call going") {
        alice.login("alice");
        start_call(alice, bob);

        alice.send_json({{"type", "login"}, {"name", "alice2"}});
        auto second = alice.recv_json();
        CHECK(second["success"] == false);
        CHECK(second["code"] == "already_logged_in");

        alice.send_text("{\"type\":\"candidate\",");
        require_error(alice.recv_json(), "invalid_json");
        alice.send_json({{"type", "candidate"}, {"name", "bob"}});
        require_error(alice.recv_json(), "invalid_message");
        alice.send_json({{"type", "offer"}, {"name", "bob"}, {"offer", "v=0"}});
        require_error(alice.recv_json(), "invalid_message");

        std::string deep = R"({"type":"candidate","name":"bob","candidate":)";
        for (int i = 0; i < 40; ++i) deep += "{\"a\":";
        deep += "1";
        for (int i = 0; i < 41; ++i) deep += "}";
        alice.send_text(deep);
        require_error(alice.recv_json(), "invalid_json");

        bob.expect_no_message(100ms);  // none of it reached bob

        alice.send_json(candidate_to("bob"));
        CHECK(bob.recv_json()["name"] == "alice");
        // alice2 was never signed in.
        bob.send_json(offer_to("alice2"));
        require_error(bob.recv_json(), "not_online");
    }
    SECTION("a binary frame") {
        alice.login("alice");
        alice.send_binary(std::string("\x00\x01{\"type\":\"login\"}", 18));
        auto reply = alice.recv_json();
        require_error(reply, "invalid_json");
        CHECK_THAT(reply["message"].get<std::string>(), Catch::Contains("Binary"));
        alice.send_json(offer_to("bob"));
        CHECK(bob.recv_json()["name"] == "alice");
    }
    server.stop();
}

TEST_CASE("only signed-in connections may relay", "[integration]") {
    live_server server;
    ws_client stranger(server.port());
    ws_client bob(server.port());
    bob.login("bob");

    for (json const& m : {offer_to("bob"), answer_to("bob"), candidate_to("bob"), leave_to("bob"),
                          json{{"type", "leave"}}}) {
        INFO("sent: " << m.dump());
        stranger.send_json(m);
        require_error(stranger.recv_json(), "not_logged_in");
    }
    bob.expect_no_message(150ms);
    server.stop();
}

TEST_CASE("the relayed sender name is the sender's own login", "[integration]") {
    live_server server;
    ws_client alice(server.port());
    ws_client bob(server.port());
    ws_client carol(server.port());
    alice.login("alice");
    bob.login("bob");
    carol.login("carol");

    json forged = offer_to("bob");
    forged["from"] = "carol";
    forged["sender"] = "carol";
    alice.send_json(forged);
    CHECK(bob.recv_json() == json{{"type", "offer"}, {"offer", sdp_offer}, {"name", "alice"}});

    json forged_leave = leave_to("bob");
    forged_leave["from"] = "carol";
    alice.send_json(forged_leave);
    CHECK(bob.recv_json() == json{{"type", "leave"}, {"name", "alice"}});
    carol.expect_no_message(100ms);
    server.stop();
}

TEST_CASE("a message to someone not online fails at once, naming them", "[integration]") {
    live_server server;
    ws_client alice(server.port());
    alice.login("alice");

    for (json const& m : {offer_to("dave"), answer_to("dave"), candidate_to("dave")}) {
        INFO("sent: " << m.dump());
        alice.send_json(m);
        auto reply = alice.recv_json(1s);  // immediate, not after some timeout
        require_error(reply, "not_online");
        CHECK(reply["user"] == "dave");
        CHECK_THAT(reply["message"].get<std::string>(), Catch::Contains("dave"));
    }

    alice.send_json(offer_to("alice"));
    auto self = alice.recv_json(1s);
    require_error(self, "self_call");
    CHECK(self["user"] == "alice");
    server.stop();
}

TEST_CASE("tutorial crash 1: a leave naming a user who is not online", "[integration]") {
    live_server server;
    ws_client alice(server.port());
    alice.login("alice");
    alice.send_json(leave_to("nobody"));
    auto reply = alice.recv_json();
    require_error(reply, "not_online");
    CHECK(reply["user"] == "nobody");

    // The server and alice's connection both carry on.
    ws_client bob(server.port());
    bob.login("bob");
    alice.send_json(offer_to("bob"));
    CHECK(bob.recv_json()["name"] == "alice");
    server.require_serving();
    server.stop();
}

TEST_CASE("tutorial crash 2: closing after the partner already disconnected", "[integration]") {
    live_server server;
    {
        ws_client alice(server.port());
        ws_client bob(server.port());
        alice.login("alice");
        bob.login("bob");

        SECTION("caller hangs up, callee closes its page, then the caller closes") {
            start_call(alice, bob);
            alice.send_json(leave_to("bob"));
            CHECK(bob.recv_json()["type"] == "leave");
            bob.close();
            alice.expect_no_message(150ms);  // the call was over: no second leave
            alice.close();
        }
        SECTION("callee closes its page without answering, then the caller closes") {
            alice.send_json(offer_to("bob"));
            CHECK(bob.recv_json()["type"] == "offer");
            bob.close();
            CHECK(alice.recv_json() == json{{"type", "leave"}, {"name", "bob"}});
            alice.close();
        }
        SECTION("the same with connections cut, not closed") {
            alice.send_json(offer_to("bob"));
            CHECK(bob.recv_json()["type"] == "offer");
            bob.drop();
            CHECK(alice.recv_json() == json{{"type", "leave"}, {"name", "bob"}});
            alice.drop();
        }
    }
    // Still serving, and both names are free again.
    server.require_serving("alice");
    server.require_serving("bob");
    ws_client carol(server.port());
    ws_client dave(server.port());
    carol.login("carol");
    dave.login("dave");
    start_call(carol, dave, "carol", "dave");
    server.stop();
}

TEST_CASE("a partner who disconnects mid-call is announced with leave", "[integration]") {
    live_server server;
    ws_client alice(server.port());
    auto bob = std::make_unique<ws_client>(server.port(), "/ws");
    alice.login("alice");
    bob->login("bob");
    start_call(alice, *bob);

    SECTION("closing cleanly") { bob->close(); }
    SECTION("the TCP connection cut") { bob->drop(); }

    CHECK(alice.recv_json() == json{{"type", "leave"}, {"name", "bob"}});
    alice.expect_no_message(100ms);
    alice.send_json(candidate_to("bob"));
    require_error(alice.recv_json(), "not_online");
    server.stop();
}

TEST_CASE("a reconnecting client reclaims its name with its token", "[integration]") {
    live_server server;
    ws_client old_alice(server.port());
    ws_client bob(server.port());
    auto token = old_alice.login("alice")["token"].get<std::string>();
    bob.login("bob");
    start_call(old_alice, bob);

    ws_client new_alice(server.port());
    new_alice.send_json({{"type", "login"}, {"name", "alice"}});
    CHECK(new_alice.recv_json()["code"] == "name_taken");
    new_alice.send_json({{"type", "login"}, {"name", "alice"}, {"token", token}});
    CHECK(new_alice.recv_json()["success"] == true);

    auto told = old_alice.recv_json();
    require_error(told, "replaced");
    CHECK(old_alice.wait_closed());

    bob.expect_no_message(150ms);  // no leave: alice is still there
    bob.send_json(candidate_to("alice"));
    CHECK(new_alice.recv_json()["name"] == "bob");
    server.stop();
}

TEST_CASE("a page from another origin cannot open a signaling socket", "[integration]") {
    live_server server;
    auto const own = "http://127.0.0.1:" + std::to_string(server.port());
    CHECK(ws_client::upgrade_status(server.port(), "/", "http://evil.example") == 403);
    CHECK(ws_client::upgrade_status(server.port(), "/ws", "null") == 403);
    ws_client same_origin(server.port(), "/", own);
    same_origin.login("alice");
    server.stop();
}

TEST_CASE("frames the WebSocket layer refuses close only that connection", "[integration]") {
    live_server server;
    ws_client alice(server.port());
    ws_client bob(server.port());
    alice.login("alice");
    bob.login("bob");
    start_call(alice, bob);

    SECTION("a message over the size limit: close code 1009") {
        json big = candidate_to("bob", {{"candidate", std::string(70'000, 'x')}});  // > 64 KiB
        bob.send_json(big);
        REQUIRE(bob.wait_closed());
        CHECK(bob.close_reason().code == boost::beast::websocket::close_code::too_big);
    }
    SECTION("text that is not UTF-8: close code 1007") {
        bob.send_text("{\"type\":\"login\",\"name\":\"\xc0\xaf\"}");
        REQUIRE(bob.wait_closed());
        CHECK(bob.close_reason().code == boost::beast::websocket::close_code::bad_payload);
    }
    CHECK(alice.recv_json() == json{{"type", "leave"}, {"name", "bob"}});
    server.require_serving("bob");
    server.stop();
}
