// duet-server as a program: its command line, its first line, its shutdown.
#include <catch2/catch.hpp>
#include <string>

#include "../temp_dir.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace duet::testing;

TEST_CASE("duet-server --help prints the usage and exits 0", "[integration]") {
    auto run = run_server_to_exit({"--help"});
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::StartsWith("Usage: duet-server"));
    CHECK_THAT(run.out, Catch::Contains("--web-root"));
    CHECK(run.err.empty());
}

TEST_CASE("duet-server refuses a bad command line with status 2", "[integration]") {
    temp_dir web;
    struct bad_run {
        std::vector<std::string> args;
        char const* says;
    };
    for (auto const& bad :
         {bad_run{{"--frobnicate"}, "Unknown option: --frobnicate"},
          bad_run{{"--port", "70000"}, "--port"}, bad_run{{"--threads", "0"}, "--threads"},
          bad_run{{"--ice-server", "http://x"}, "--ice-server"},
          bad_run{{"--web-root", (web.path() / "missing").string()}, "is not a folder"},
          bad_run{{"--web-root", web.path().string(), "--host", "localhost"},
                  "is not an IP address"}}) {
        INFO("args: " << bad.args.front());
        auto run = run_server_to_exit(bad.args);
        CHECK(run.exit_code == 2);
        CHECK_THAT(run.err, Catch::Contains(bad.says));
        CHECK(run.out.empty());
    }
}

TEST_CASE("duet-server prints its URL, then SIGTERM ends it cleanly", "[integration]") {
    temp_dir web;
    server_process server(web.path());
    CHECK_THAT(server.first_line(), Catch::EndsWith("/ (web root " + web.path().string() + ")"));

    SECTION("with nobody connected") { CHECK(server.stop(2s) == 0); }
    SECTION("with clients signed in and in a call: they are told the server is going away") {
        ws_client alice(server.port());
        ws_client bob(server.port());
        alice.login("alice");
        bob.login("bob");
        alice.send_json({{"type", "offer"}, {"name", "bob"}, {"offer", {{"sdp", "v=0"}}}});
        CHECK(bob.recv_json()["type"] == "offer");
        ws_client lurker(server.port());  // connected, never signed in

        CHECK(server.stop(3s) == 0);
        for (auto* c : {&alice, &bob, &lurker}) {
            REQUIRE(c->wait_closed(1s));
            CHECK(c->close_reason().code == boost::beast::websocket::close_code::going_away);
        }
    }
}
