// Call control (docs/call_control.md) against the real duet-server over real sockets:
// ringing, accepting, reasons, busy, glare, presence, tutorial callees, TURN credentials,
// and relinking after a server restart.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "../call_messages.hpp"
#include "../temp_dir.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace duet::testing;

namespace {

using namespace call_messages;
json const sdp_offer = {{"type", "offer"}, {"sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}};

void require_error(json const& msg, std::string const& code, std::string const& user = {}) {
    INFO("message: " << msg.dump());
    REQUIRE(msg["type"] == "error");
    CHECK(msg["code"] == code);
    CHECK_FALSE(msg["message"].get<std::string>().empty());
    if (!user.empty()) CHECK(msg["user"] == user);
}

struct live_server {
    temp_dir web;
    server_process process;

    explicit live_server(std::vector<std::string> extra_args = {})
        : process((web.write("index.html", "<h1>Duet</h1>"), web.path()), std::move(extra_args)) {}
    unsigned short port() const { return process.port(); }
    void stop() { CHECK(process.stop() == 0); }
};

// A client that keeps presence apart from everything else: the protocol does not order a
// presence update against the relay that caused it.
class user {
  public:
    user(unsigned short port, std::string name) : ws_(port), name_(std::move(name)) {}

    json login(json const& extra = json::object()) { return ws_.login(name_, extra); }
    void send(json const& m) { ws_.send_json(m); }

    json next(std::chrono::milliseconds timeout = 5s) {
        while (other_.empty()) pull(timeout);
        return pop(other_);
    }
    json next_presence(std::chrono::milliseconds timeout = 5s) {
        while (presence_.empty()) pull(timeout);
        return pop(presence_);
    }
    // Nothing else arrives within `window`, presence included.
    void expect_quiet(std::chrono::milliseconds window = 150ms) {
        CHECK(other_.empty());
        CHECK(presence_.empty());
        ws_.expect_no_message(window);
    }
    ws_client& ws() { return ws_; }

  private:
    void pull(std::chrono::milliseconds timeout) {
        auto m = ws_.recv_json(timeout);
        (m["type"] == "presence" ? presence_ : other_).push_back(std::move(m));
    }
    static json pop(std::deque<json>& q) {
        auto m = std::move(q.front());
        q.pop_front();
        return m;
    }

    ws_client ws_;
    std::string name_;
    std::deque<json> other_;
    std::deque<json> presence_;
};

using status = std::map<std::string, std::string>;

status users_of(json const& presence) {
    INFO("presence: " << presence.dump());
    REQUIRE(presence["type"] == "presence");
    status out;
    for (auto const& u : presence["users"]) {
        out[u["name"].get<std::string>()] = u["status"].get<std::string>();
    }
    return out;
}

// base64(HMAC-SHA1(secret, text)), computed here independently of the server's code.
std::string expected_turn_credential(std::string const& secret, std::string const& username) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<unsigned char const*>(username.data()), username.size(), digest.data(),
         &size);
    std::array<unsigned char, 64> text{};
    int length = EVP_EncodeBlock(text.data(), digest.data(), static_cast<int>(size));
    return std::string(reinterpret_cast<char const*>(text.data()),
                       static_cast<std::size_t>(length));
}

long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

TEST_CASE("call control: ring, accept, call, decline", "[integration][call]") {
    auto threads = GENERATE(as<std::string>{}, "1", "2");
    INFO("--threads " << threads);
    live_server server({"--threads", threads, "--ring-timeout", "12", "--lost-timeout", "9"});
    user alice(server.port(), "alice");
    user bob(server.port(), "bob");
    auto reply = alice.login(ring);
    CHECK(reply["ringTimeout"] == 12);
    CHECK(reply["lostTimeout"] == 9);
    CHECK(reply["iceTransportPolicy"] == "all");
    CHECK(reply["iceTtl"] == 0);
    CHECK(reply["presence"] == false);
    bob.login(ring);

    alice.send(call_to("bob"));
    CHECK(bob.next() == json{{"type", "call"}, {"name", "alice"}});

    SECTION("accepted: the offer follows, the call ends with a plain leave") {
        bob.send(accept_to("alice"));
        CHECK(alice.next() == json{{"type", "accept"}, {"name", "bob"}});
        alice.send({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
        CHECK(bob.next()["type"] == "offer");
        bob.send(leave_to("alice"));
        CHECK(alice.next() == json{{"type", "leave"}, {"name", "bob"}});
    }
    SECTION("declined: the reason reaches the caller and both are free") {
        bob.send(leave_to("alice", "declined"));
        CHECK(alice.next() == json{{"type", "leave"}, {"name", "bob"}, {"reason", "declined"}});
        bob.send(accept_to("alice"));
        require_error(bob.next(), "not_ringing", "alice");
        bob.send(call_to("alice"));
        CHECK(alice.next() == json{{"type", "call"}, {"name", "bob"}});
    }
    SECTION("an unknown reason is refused with the field named") {
        bob.send(leave_to("alice", "bored"));
        auto e = bob.next();
        require_error(e, "invalid_message");
        CHECK_THAT(e["message"].get<std::string>(), Catch::Contains("reason"));
        alice.expect_quiet();
    }
    alice.expect_quiet(100ms);
    bob.expect_quiet(100ms);
    server.stop();
}

TEST_CASE("call control: busy and missed, already in a call, glare", "[integration][call]") {
    live_server server;
    user alice(server.port(), "alice");
    user bob(server.port(), "bob");
    user carol(server.port(), "carol");
    alice.login(ring);
    bob.login(ring);
    carol.login(ring);

    SECTION("busy at once for the caller, missed for the busy callee") {
        alice.send(call_to("bob"));
        bob.next();
        carol.send(call_to("bob"));
        auto e = carol.next(1s);  // at once, not after a ring timeout
        require_error(e, "busy", "bob");
        CHECK_THAT(e["message"].get<std::string>(), Catch::Contains("bob"));
        CHECK(bob.next() == json{{"type", "missed"}, {"name", "carol"}});
        alice.expect_quiet();

        alice.send(call_to("carol"));
        require_error(alice.next(), "already_in_call", "carol");
        carol.expect_quiet();
    }
    SECTION("glare: both rings are relayed, one accept makes the call") {
        alice.send(call_to("bob"));
        bob.send(call_to("alice"));
        CHECK(bob.next() == json{{"type", "call"}, {"name", "alice"}});
        CHECK(alice.next() == json{{"type", "call"}, {"name", "bob"}});
        // "bob" < "alice" is false: bob is polite (is_polite), gives up his ring, accepts.
        bob.send(accept_to("alice"));
        CHECK(alice.next() == json{{"type", "accept"}, {"name", "bob"}});
        carol.send(call_to("alice"));
        require_error(carol.next(), "busy", "alice");
    }
    server.stop();
}

TEST_CASE("call control: a tutorial page is accepted for at once", "[integration][call]") {
    live_server server;
    user alice(server.port(), "alice");
    ws_client tutorial(server.port());
    alice.login(ring);
    auto plain = tutorial.login("tutorial");
    for (char const* key :
         {"iceTtl", "iceTransportPolicy", "ringTimeout", "lostTimeout", "presence"}) {
        CHECK_FALSE(plain.contains(key));
    }

    alice.send(call_to("tutorial"));
    CHECK(alice.next() == json{{"type", "accept"}, {"name", "tutorial"}});
    tutorial.expect_no_message(150ms);  // never a `call` it would not understand

    alice.send({{"type", "offer"}, {"name", "tutorial"}, {"offer", sdp_offer}});
    CHECK(tutorial.recv_json()["type"] == "offer");
    tutorial.send_json({{"type", "answer"}, {"name", "alice"}, {"answer", sdp_offer}});
    CHECK(alice.next()["type"] == "answer");

    // Busy while in the call; the tutorial page is never sent `missed`.
    user carol(server.port(), "carol");
    carol.login(ring);
    carol.send(call_to("tutorial"));
    require_error(carol.next(), "busy", "tutorial");
    tutorial.expect_no_message(150ms);

    tutorial.send_json({{"type", "leave"}});
    CHECK(alice.next() == json{{"type", "leave"}, {"name", "tutorial"}});
    server.stop();
}

TEST_CASE("call control: presence lists and changes", "[integration][call]") {
    auto threads = GENERATE(as<std::string>{}, "1", "2");
    INFO("--threads " << threads);
    live_server server({"--threads", threads});
    user watcher(server.port(), "watcher");
    user alice(server.port(), "alice");
    ws_client tutorial(server.port());
    tutorial.login("tutorial");

    auto reply = watcher.login(ring_presence);
    CHECK(reply["presence"] == true);
    auto list = watcher.next_presence();
    CHECK(list["full"] == true);
    CHECK(users_of(list) == status{{"tutorial", "available"}});

    alice.login(ring);
    CHECK(users_of(watcher.next_presence()) == status{{"alice", "available"}});
    alice.send(call_to("tutorial"));
    alice.next();  // accept
    CHECK(users_of(watcher.next_presence()) == status{{"alice", "busy"}, {"tutorial", "busy"}});

    // A second watcher's full list shows the call.
    user late(server.port(), "late");
    late.login({{"features", {"presence"}}});
    CHECK(users_of(late.next_presence()) ==
          status{{"alice", "busy"}, {"tutorial", "busy"}, {"watcher", "available"}});
    CHECK(users_of(watcher.next_presence()) == status{{"late", "available"}});

    tutorial.close();
    CHECK(alice.next() == json{{"type", "leave"}, {"name", "tutorial"}});
    auto gone = status{{"alice", "available"}, {"tutorial", "offline"}};
    CHECK(users_of(watcher.next_presence()) == gone);
    CHECK(users_of(late.next_presence()) == gone);

    SECTION("a name reclaimed with its token does not flap offline") {
        auto token = reply["token"].get<std::string>();
        user again(server.port(), "watcher");
        again.login({{"features", {"ring", "presence"}}, {"token", token}});
        CHECK(users_of(again.next_presence()) ==
              status{{"alice", "available"}, {"late", "available"}});
        CHECK(watcher.next()["code"] == "replaced");
        late.expect_quiet(200ms);
        alice.expect_quiet(0ms);
    }
    SECTION("clients that did not ask are never sent presence") { alice.expect_quiet(200ms); }
    server.stop();
}

TEST_CASE("call control: --no-presence sends no lists", "[integration][call]") {
    live_server server({"--no-presence"});
    user watcher(server.port(), "watcher");
    auto reply = watcher.login(ring_presence);
    CHECK(reply["presence"] == false);
    user alice(server.port(), "alice");
    alice.login(ring);
    watcher.send(call_to("alice"));
    CHECK(alice.next()["type"] == "call");
    watcher.expect_quiet(200ms);
    server.stop();
}

TEST_CASE("call control: TURN credentials in the login and on refresh_ice", "[integration][call]") {
    std::string const secret = "integration-secret";
    live_server server({"--turn-uri", "turn:127.0.0.1:3478?transport=udp", "--turn-uri",
                        "turns:127.0.0.1:5349", "--turn-secret", secret, "--turn-ttl", "20",
                        "--ice-transport-policy", "relay"});
    user alice(server.port(), "alice");
    auto before = unix_now();
    auto reply = alice.login(ring);
    CHECK(reply["iceTtl"] == 20);
    CHECK(reply["iceTransportPolicy"] == "relay");

    auto check_turn = [&](json const& servers, long long after) {
        INFO("iceServers: " << servers.dump());
        REQUIRE(servers.size() == 1);  // --ice-server none in every test server
        auto const& turn = servers[0];
        CHECK(turn["urls"] == json{"turn:127.0.0.1:3478?transport=udp", "turns:127.0.0.1:5349"});
        auto username = turn["username"].get<std::string>();
        auto colon = username.find(':');
        REQUIRE(colon != std::string::npos);
        CHECK(username.substr(colon + 1) == "alice");
        auto expiry = std::stoll(username.substr(0, colon));
        CHECK(expiry >= after + 20);
        CHECK(expiry <= unix_now() + 20);
        CHECK(turn["credential"] == expected_turn_credential(secret, username));
        return username;
    };
    auto first = check_turn(reply["iceServers"], before);

    std::this_thread::sleep_for(1100ms);  // the next credential expires a second later
    auto asked = unix_now();
    alice.send({{"type", "refresh_ice"}});
    auto fresh = alice.next();
    CHECK(fresh["type"] == "ice_servers");
    CHECK(fresh["iceTtl"] == 20);
    CHECK(check_turn(fresh["iceServers"], asked) != first);

    ws_client stranger(server.port());
    stranger.send_json({{"type", "refresh_ice"}});
    require_error(stranger.recv_json(), "not_logged_in");
    server.stop();
}

TEST_CASE("call control: after a server restart, login.peer makes the pair busy again",
          "[integration][call]") {
    temp_dir web;
    web.write("index.html", "<h1>Duet</h1>");
    {
        server_process first(web.path());
        user alice(first.port(), "alice");
        user bob(first.port(), "bob");
        alice.login(ring);
        bob.login(ring);
        alice.send(call_to("bob"));
        bob.next();
        bob.send(accept_to("alice"));
        alice.next();
        CHECK(first.stop() == 0);  // media would go on, peer to peer
    }
    server_process second(web.path());
    user alice(second.port(), "alice");
    user bob(second.port(), "bob");
    user carol(second.port(), "carol");
    carol.login(ring);
    alice.login({{"features", {"ring"}}, {"peer", "bob"}});
    // alice alone is back: not linked yet, but her client is in a call, so she is busy.
    carol.send(call_to("alice"));
    require_error(carol.next(), "busy", "alice");
    CHECK(alice.next() == json{{"type", "missed"}, {"name", "carol"}});

    bob.login({{"features", {"ring"}}, {"peer", "alice"}});
    carol.send(call_to("alice"));
    require_error(carol.next(), "busy", "alice");
    CHECK(alice.next() == json{{"type", "missed"}, {"name", "carol"}});
    carol.send(call_to("bob"));
    require_error(carol.next(), "busy", "bob");
    CHECK(bob.next() == json{{"type", "missed"}, {"name", "carol"}});

    // The call's own messages (an ICE restart, the hang-up) flow as before.
    alice.send({{"type", "offer"}, {"name", "bob"}, {"offer", sdp_offer}});
    CHECK(bob.next()["type"] == "offer");
    bob.send({{"type", "leave"}, {"reason", "hung_up"}});
    CHECK(alice.next() == json{{"type", "leave"}, {"name", "bob"}});
    carol.send(call_to("alice"));
    CHECK(alice.next() == json{{"type", "call"}, {"name", "carol"}});
    CHECK(second.stop() == 0);
}
