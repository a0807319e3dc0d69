// The Redis client against a real redis-server: replies as values, pipelining, pub/sub, and
// what happens when Redis goes away mid-command and comes back.
#include "redis/connection.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "net/run_io.hpp"
#include "redis_process.hpp"

using namespace duet;
using namespace duet::testing;
using namespace std::chrono_literals;

namespace {

redis::endpoint at(unsigned short port, int database = 0) { return {"127.0.0.1", port, database}; }

// Runs one command to completion.
redis::command_result run(net::io_context& ioc, redis::connection& c,
                          std::vector<std::string> args) {
    std::optional<redis::command_result> out;
    c.command(std::move(args), [&](redis::command_result r) { out = std::move(r); });
    run_until(ioc, [&] { return out.has_value(); });
    return std::move(*out);
}

}  // namespace

TEST_CASE("redis: commands and replies as values", "[redis]") {
    redis_process server;
    net::io_context ioc;
    auto c = redis::connection::create(ioc.get_executor(), at(server.port(), 3));
    c->start();
    run_until(ioc, [&] { return c->connected(); });

    SECTION("a round trip, each reply type") {
        CHECK(redis::as_status(run(ioc, *c, {"SET", "k", "v\r\n\0x"})).value == "OK");
        CHECK(redis::as_string(run(ioc, *c, {"GET", "k"})).value == std::string("v\r\n\0x"));
        CHECK(redis::as_integer(run(ioc, *c, {"INCR", "n"})).value == 1);
        auto missing = redis::as_optional_string(run(ioc, *c, {"GET", "nothing"}));
        REQUIRE(missing);
        CHECK_FALSE(missing.value->has_value());
        run(ioc, *c, {"RPUSH", "l", "a", "b"});
        auto list = redis::as_array(run(ioc, *c, {"LRANGE", "l", "0", "-1"}));
        REQUIRE(list);
        REQUIRE(list.value->size() == 2);
        CHECK((*list.value)[1].text == "b");
    }
    SECTION("the database of the URL is selected before any command") {
        run(ioc, *c, {"SET", "where", "three"});
        CHECK(redis::as_string(run(ioc, *c, {"GET", "where"})).value == "three");
        auto other = redis::connection::create(ioc.get_executor(), at(server.port(), 0));
        other->start();
        run_until(ioc, [&] { return other->connected(); });
        CHECK_FALSE(
            redis::as_optional_string(run(ioc, *other, {"GET", "where"})).value->has_value());
    }
    SECTION("an error reply and a reply of the wrong type are failures, not crashes") {
        auto bad = run(ioc, *c, {"NOSUCHCOMMAND"});
        CHECK(bad.error == redis::failure::server_error);
        CHECK_THAT(bad.message, Catch::Contains("unknown command"));
        auto wrong = redis::as_integer(run(ioc, *c, {"SET", "k", "v"}));
        CHECK_FALSE(wrong);
        CHECK(wrong.error == redis::failure::wrong_type);
        // The connection carries on.
        CHECK(redis::as_string(run(ioc, *c, {"GET", "k"})).value == "v");
    }
    SECTION("pipelined commands complete in the order given") {
        std::vector<long long> seen;
        for (int i = 0; i < 200; ++i) {
            c->command({"INCR", "counter"}, [&](redis::command_result r) {
                seen.push_back(redis::as_integer(r).value.value_or(-1));
            });
        }
        run_until(ioc, [&] { return seen.size() == 200; });
        for (std::size_t i = 0; i < seen.size(); ++i)
            CHECK(seen[i] == static_cast<long long>(i + 1));
    }
    c->stop();
    ioc.run_for(50ms);
}

TEST_CASE("redis: pub/sub delivers what is published", "[redis]") {
    redis_process server;
    net::io_context ioc;
    auto publisher = redis::connection::create(ioc.get_executor(), at(server.port()));
    auto subscriber = redis::connection::create(ioc.get_executor(), at(server.port()));
    std::vector<std::pair<std::string, std::string>> got;
    subscriber->subscribe("node:a", [&](std::string const& channel, std::string payload) {
        got.emplace_back(channel, std::move(payload));
    });
    publisher->start();
    subscriber->start();
    run_until(ioc, [&] { return publisher->connected() && subscriber->connected(); });
    // Published until the subscription is in place (it is sent on connect), then in order.
    run_until(ioc, [&] {
        return redis::as_integer(run(ioc, *publisher, {"PUBLISH", "node:a", "hello"})).value == 1;
    });
    run(ioc, *publisher, {"PUBLISH", "node:b", "not for us"});
    run(ioc, *publisher, {"PUBLISH", "node:a", "second"});
    run_until(ioc, [&] { return got.size() >= 2 && got.back().second == "second"; });
    for (auto const& [channel, _] : got) CHECK(channel == "node:a");
    CHECK(got.back().second == "second");
    publisher->stop();
    subscriber->stop();
    ioc.run_for(50ms);
}

TEST_CASE("redis: Redis gone and back", "[redis]") {
    auto server = std::make_unique<redis_process>();
    auto const port = server->port();
    net::io_context ioc;
    auto c = redis::connection::create(ioc.get_executor(), at(port), {20ms, 100ms});
    std::vector<bool> states;
    c->start([&](bool up) { states.push_back(up); });
    run_until(ioc, [&] { return c->connected(); });

    SECTION("killed mid-command: the command fails with connection_lost, no crash") {
        // BLPOP waits for a list that never fills: the reply is outstanding when Redis dies.
        std::optional<redis::command_result> waiting;
        c->command({"BLPOP", "never", "0"},
                   [&](redis::command_result r) { waiting = std::move(r); });
        ioc.run_for(100ms);
        REQUIRE_FALSE(waiting.has_value());
        server->kill();
        run_until(ioc, [&] { return waiting.has_value(); });
        CHECK(waiting->error == redis::failure::connection_lost);
        run_until(ioc, [&] { return !c->connected(); });
        // While it is down, commands fail at once rather than wait.
        CHECK(run(ioc, *c, {"PING"}).error == redis::failure::not_connected);
    }
    SECTION("a refused connection retries until Redis is there, then works") {
        server->kill();
        run_until(ioc, [&] { return !c->connected(); });
        ioc.run_for(300ms);  // several refused attempts
        CHECK_FALSE(c->connected());
        server = std::make_unique<redis_process>(port);
        run_until(ioc, [&] { return c->connected(); });
        CHECK(redis::as_status(run(ioc, *c, {"PING"})).value == "PONG");
        CHECK(states == std::vector<bool>{true, false, true});
    }
    SECTION("a client that never reached Redis says not_connected") {
        auto nowhere = redis::connection::create(ioc.get_executor(), at(free_port()), {20ms, 50ms});
        nowhere->start();
        ioc.run_for(200ms);
        CHECK_FALSE(nowhere->connected());
        CHECK(run(ioc, *nowhere, {"PING"}).error == redis::failure::not_connected);
        nowhere->stop();
    }
    c->stop();
    ioc.run_for(50ms);
}
