// The cluster's name bindings against a real redis-server, two stores as two nodes: a name
// bound on one is its account's on the other, the same account gets the same name on both,
// two nodes binding one name at once give it to one account only, and Redis away is an
// `unavailable` answer at once, never a wait or a crash.
#include "cluster/redis_bindings.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "net/run_io.hpp"
#include "redis/redis_process.hpp"

using namespace duet;
using namespace duet::testing;
using namespace std::chrono_literals;

namespace {

struct store {
    store(net::io_context& ioc, unsigned short port)
        : bindings(cluster::make_redis_bindings({"127.0.0.1", port, 0})) {
        bindings->start(ioc.get_executor());
    }
    ~store() { bindings->stop(); }
    std::unique_ptr<cluster::redis_bindings> bindings;
};

identity::result<std::string> bind(net::io_context& ioc, store& s, std::string const& account,
                                   std::string const& name) {
    std::optional<identity::result<std::string>> out;
    s.bindings->bind(account, {name}, [&out](identity::result<std::string> r) { out = r; });
    run_until(ioc, [&] { return out.has_value(); });
    return *out;
}

name_holder holder(net::io_context& ioc, store& s, std::string const& name) {
    std::optional<name_holder> out;
    s.bindings->holder_of(name, [&out](name_holder h) { out = h; });
    run_until(ioc, [&] { return out.has_value(); });
    return *out;
}

// The first bind waits for the connection: until then it is (rightly) unavailable.
void wait_connected(net::io_context& ioc, store& s) {
    run_until(ioc, [&] { return !holder(ioc, s, "nobody").unavailable; });
}

}  // namespace

TEST_CASE("cluster: name bindings shared through Redis", "[cluster][redis][identity]") {
    redis_process redis;
    net::io_context ioc;
    store x(ioc, redis.port());
    store y(ioc, redis.port());
    wait_connected(ioc, x);
    wait_connected(ioc, y);

    SECTION("a name bound on one node is the account's on the other") {
        CHECK(*bind(ioc, x, "alice-1@https://id", "alice").value == "alice");
        CHECK(holder(ioc, y, "alice").account == "alice-1@https://id");
        CHECK(holder(ioc, y, "bob").account.empty());
        CHECK_FALSE(holder(ioc, y, "bob").unavailable);
        // The same account on the other node keeps its name; another is numbered past it.
        CHECK(*bind(ioc, y, "alice-1@https://id", "something else").value == "alice");
        CHECK(*bind(ioc, y, "alicia-3@https://id", "alice").value == "alice2");
        CHECK(*bind(ioc, x, "alice-1@https://other", "alice").value == "alice3");
        CHECK(holder(ioc, x, "alice2").account == "alicia-3@https://id");
    }
    SECTION("two nodes binding one name at once: one account gets it, the other a number") {
        std::optional<identity::result<std::string>> from_x, from_y;
        for (int i = 0; i < 20; ++i) {
            auto const name = "carol" + std::string(1, static_cast<char>('a' + i));
            from_x.reset();
            from_y.reset();
            x.bindings->bind("x-" + name, {name},
                             [&](identity::result<std::string> r) { from_x = r; });
            y.bindings->bind("y-" + name, {name},
                             [&](identity::result<std::string> r) { from_y = r; });
            run_until(ioc, [&] { return from_x && from_y; });
            REQUIRE(from_x->value);
            REQUIRE(from_y->value);
            CHECK(*from_x->value != *from_y->value);
            auto const won_by_x = *from_x->value == name;
            CHECK(holder(ioc, x, name).account == (won_by_x ? "x-" : "y-") + name);
            CHECK(holder(ioc, y, name + "2").account == (won_by_x ? "y-" : "x-") + name);
        }
    }
    SECTION("Redis away: unavailable at once, then bindings again once it is back") {
        CHECK(bind(ioc, x, "alice-1@https://id", "alice"));
        redis.kill();
        auto const start = std::chrono::steady_clock::now();
        run_until(ioc, [&] { return holder(ioc, y, "alice").unavailable; });
        auto refused = bind(ioc, x, "dave-4@https://id", "dave");
        CHECK_FALSE(refused);
        CHECK(refused.failure.code == identity::error_code::unavailable);
        CHECK(std::chrono::steady_clock::now() - start < 2s);
        redis.start();  // empty: nothing was saved
        wait_connected(ioc, y);
        CHECK(*bind(ioc, y, "dave-4@https://id", "dave").value == "dave");
    }
    SECTION("a stopped store answers unavailable, at once") {
        store z(ioc, redis.port());
        z.bindings->stop();
        CHECK(holder(ioc, z, "alice").unavailable);
        CHECK(bind(ioc, z, "alice-1@https://id", "alice").failure.code ==
              identity::error_code::unavailable);
    }
}
