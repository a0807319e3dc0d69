// The Redis registry against a real redis-server, with two registries as two nodes on one
// io_context: a name unique across them, reclaim and expire with the token, calls whose callee
// is on the other node (what is sent to it arrives there, in order), two nodes racing for one
// name, presence across nodes, a node's death freeing its names and telling its users'
// partners, and Redis away: errors at once, not waits.
#include "cluster/redis_registry.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cluster/script_runner.hpp"
#include "net/run_io.hpp"
#include "redis/redis_process.hpp"

using namespace duet;
using namespace duet::testing;
using namespace std::chrono_literals;

namespace {

// A connection of one node: keeps what it is sent.
struct recorder final : recipient {
    std::vector<std::string> frames;
    bool disconnected = false;
    void send(std::shared_ptr<std::string const> const& text) override { frames.push_back(*text); }
    void disconnect() override { disconnected = true; }
};

struct node {
    node(net::io_context& ioc, unsigned short port, std::string id) : sender() {
        cluster::cluster_config config;
        config.where = {"127.0.0.1", port, 0};
        config.node_id = std::move(id);
        config.beat = 100ms;
        config.ttl = 300ms;
        registry = cluster::make_redis_registry(config, sender);
        registry->start(ioc.get_executor());
        run_until(ioc, [&] { return registry->usable(); });
    }
    ~node() { registry->stop(); }

    presence sender;
    std::unique_ptr<cluster::cluster_registry> registry;
};

template <class Result, class Start>
Result answer(net::io_context& ioc, Start start) {
    std::optional<Result> out;
    start([&out](Result r) { out = std::move(r); });
    run_until(ioc, [&] { return out.has_value(); });
    return std::move(*out);
}

user_registry::claim_result claim(net::io_context& ioc, node& n, std::string const& name,
                                  std::shared_ptr<recipient> const& who,
                                  std::string const& token = {}, user_registry::sign_in how = {}) {
    return answer<user_registry::claim_result>(ioc, [&](auto done) {
        n.registry->claim(name, token, "token-of-" + name, who, how, std::move(done));
    });
}

std::shared_ptr<recipient> find(net::io_context& ioc, node& n, std::string const& name) {
    return answer<std::shared_ptr<recipient>>(
        ioc, [&](auto done) { n.registry->find(name, std::move(done)); });
}

void say(std::shared_ptr<recipient> const& to, std::string text) {
    to->send(std::make_shared<std::string const>(std::move(text)));
}

}  // namespace

TEST_CASE("cluster: the Redis registry across two nodes", "[cluster][redis]") {
    redis_process redis;
    net::io_context ioc;
    node x(ioc, redis.port(), "x");
    node y(ioc, redis.port(), "y");
    auto alice = std::make_shared<recorder>();
    auto bob = std::make_shared<recorder>();
    REQUIRE(claim(ioc, x, "alice", alice).ok);
    REQUIRE(claim(ioc, y, "bob", bob).ok);
    CHECK(x.registry->size() == 1);

    SECTION("a name is unique across nodes; its token reclaims it from the other node") {
        auto other = std::make_shared<recorder>();
        auto refused = claim(ioc, y, "alice", other, "a wrong token");
        CHECK_FALSE(refused.ok);
        CHECK_FALSE(refused.unavailable);
        auto taken = claim(ioc, y, "alice", other, "token-of-alice");
        REQUIRE(taken.ok);
        REQUIRE(taken.replaced);  // alice's connection on x, reached through x's channel
        say(taken.replaced, "you were replaced");
        taken.replaced->disconnect();
        run_until(ioc, [&] { return alice->disconnected; });
        CHECK(alice->frames == std::vector<std::string>{"you were replaced"});
        CHECK(find(ioc, x, "alice") != nullptr);
        CHECK(x.registry->size() == 0);
    }
    SECTION("what is sent to a user on the other node arrives there, in order") {
        auto to_bob = find(ioc, x, "bob");
        REQUIRE(to_bob);
        for (int i = 0; i < 100; ++i) say(to_bob, std::to_string(i));
        run_until(ioc, [&] { return bob->frames.size() == 100; });
        for (int i = 0; i < 100; ++i) CHECK(bob->frames[i] == std::to_string(i));
        CHECK(find(ioc, x, "nobody") == nullptr);
    }
    SECTION("a call links both users atomically; a third is told busy") {
        using outcome = user_registry::call_result::outcome;
        auto rung = answer<user_registry::call_result>(
            ioc, [&](auto done) { x.registry->call("alice", "bob", std::move(done)); });
        CHECK(rung.result == outcome::ringing);
        REQUIRE(rung.callee);
        auto carol = std::make_shared<recorder>();
        REQUIRE(claim(ioc, y, "carol", carol).ok);
        auto busy = answer<user_registry::call_result>(
            ioc, [&](auto done) { y.registry->call("carol", "bob", std::move(done)); });
        CHECK(busy.result == outcome::busy);
        auto partner = answer<std::string>(
            ioc, [&](auto done) { y.registry->partner_of("bob", std::move(done)); });
        CHECK(partner == "alice");
        auto accepted = answer<std::shared_ptr<recipient>>(
            ioc, [&](auto done) { y.registry->linked_recipient("bob", "alice", std::move(done)); });
        CHECK(accepted != nullptr);
        answer<presence_update>(
            ioc, [&](auto done) { y.registry->unlink("bob", "alice", std::move(done)); });
        CHECK(answer<std::string>(ioc, [&](auto done) {
                  x.registry->partner_of("alice", std::move(done));
              }).empty());
    }
    SECTION("expire: only the sign-in that was given the token, and its partner is named") {
        answer<user_registry::call_result>(
            ioc, [&](auto done) { x.registry->call("alice", "bob", std::move(done)); });
        auto expire = [&](std::string const& token) {
            return answer<user_registry::removal>(
                ioc, [&](auto done) { x.registry->expire("alice", token, std::move(done)); });
        };
        CHECK(expire("not alice's").partner == nullptr);
        CHECK(expire("").partner == nullptr);
        CHECK(find(ioc, y, "alice") != nullptr);
        auto gone = expire("token-of-alice");
        CHECK(gone.partner_name == "bob");
        CHECK(gone.partner != nullptr);  // bob, on y: reached through y's channel
        CHECK(find(ioc, y, "alice") == nullptr);
        CHECK(x.registry->size() == 0);  // x let go of what it kept for alice
    }
    SECTION("two nodes claiming one name at once: exactly one gets it") {
        std::optional<user_registry::claim_result> on_x, on_y;
        auto one = std::make_shared<recorder>();
        auto two = std::make_shared<recorder>();
        x.registry->claim("dave", "", "t1", one, {}, [&](auto r) { on_x = std::move(r); });
        y.registry->claim("dave", "", "t2", two, {}, [&](auto r) { on_y = std::move(r); });
        run_until(ioc, [&] { return on_x && on_y; });
        CHECK(on_x->ok != on_y->ok);
    }
    SECTION("presence: a subscriber on one node hears the other node's changes") {
        answer<presence_update>(
            ioc, [&](auto done) { y.registry->subscribe("bob", bob, std::move(done)); });
        run_until(ioc, [&] { return !bob->frames.empty(); });
        CHECK(bob->frames[0].find("\"alice\"") != std::string::npos);
        auto erin = std::make_shared<recorder>();
        REQUIRE(claim(ioc, x, "erin", erin).ok);
        run_until(ioc, [&] { return bob->frames.size() == 2; });
        CHECK(bob->frames[1].find("\"erin\"") != std::string::npos);
        CHECK(bob->frames[1].find("available") != std::string::npos);
    }
    SECTION("presence windows: a search answered from the node's copy, changes across nodes, "
            "and the copy listed again after Redis restarted empty") {
        answer<presence_update>(
            ioc, [&](auto done) { y.registry->subscribe("bob", bob, std::move(done)); });
        run_until(ioc, [&] { return !bob->frames.empty(); });
        CHECK(bob->frames[0].find("\"alice\"") != std::string::npos);
        answer<presence_update>(
            ioc, [&](auto done) { y.registry->search("bob", bob, "c", std::move(done)); });
        run_until(ioc, [&] { return bob->frames.size() == 2; });
        CHECK(bob->frames[1].find("\"prefix\":\"c\"") != std::string::npos);
        CHECK(bob->frames[1].find("\"alice\"") == std::string::npos);
        REQUIRE(claim(ioc, x, "dora", std::make_shared<recorder>()).ok);  // not in "c"
        REQUIRE(claim(ioc, x, "carl", std::make_shared<recorder>()).ok);
        run_until(ioc, [&] { return bob->frames.size() == 3; });
        CHECK(bob->frames[2].find("\"carl\"") != std::string::npos);
        CHECK(bob->frames[2].find("\"dora\"") == std::string::npos);

        redis.kill();
        run_until(ioc, [&] { return !y.registry->usable(); });
        redis.start();  // empty: the nodes claim their users again, y lists its copy again
        run_until(ioc, [&] { return x.registry->usable() && y.registry->usable(); });
        auto const before = bob->frames.size();
        REQUIRE(claim(ioc, x, "cyd", std::make_shared<recorder>()).ok);
        run_until(ioc, [&] {
            for (auto i = before; i < bob->frames.size(); ++i) {
                if (bob->frames[i].find("\"cyd\"") != std::string::npos) return true;
            }
            return false;
        });
    }
    SECTION("a node that dies frees its names and its users' partners are told") {
        answer<user_registry::call_result>(
            ioc, [&](auto done) { x.registry->call("alice", "bob", std::move(done)); });
        x.registry->stop();  // its heartbeat stops, as a killed node's does
        auto const died = std::chrono::steady_clock::now();
        run_until(ioc, [&] { return !bob->frames.empty(); });
        auto const told = std::chrono::steady_clock::now() - died;
        CHECK(bob->frames[0].find("\"leave\"") != std::string::npos);
        CHECK(bob->frames[0].find("connection_lost") != std::string::npos);
        CHECK(told < 300ms + 2 * 100ms + 200ms);
        CHECK(claim(ioc, y, "alice", std::make_shared<recorder>()).ok);
    }
    SECTION("drain (SIGTERM): unusable at once; flush waits for what was sent before it") {
        x.registry->drain();
        CHECK_FALSE(x.registry->usable());
        CHECK(y.registry->usable());
        bool removed = false, flushed = false;
        x.registry->remove("alice", alice.get(), [&](user_registry::removal) { removed = true; });
        x.registry->flush([&] { flushed = removed; });
        run_until(ioc, [&] { return flushed; });
        CHECK(find(ioc, y, "alice") == nullptr);
        CHECK(claim(ioc, y, "alice", std::make_shared<recorder>()).ok);
    }
    SECTION("scripts by their hash: a Redis that lost them (SCRIPT FLUSH) gets them again") {
        CHECK(cluster::script_sha1("return 1") == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
        auto c = redis::connection::create(ioc.get_executor(), {"127.0.0.1", redis.port(), 0});
        c->start();
        run_until(ioc, [&] { return c->connected(); });
        auto flushed = answer<redis::command_result>(ioc, [&](auto done) {
            c->command({"SCRIPT", "FLUSH"}, std::move(done));
        });
        c->stop();
        CHECK(redis::as_status(flushed));
        CHECK(find(ioc, y, "alice") != nullptr);
        CHECK(claim(ioc, y, "carol", std::make_shared<recorder>()).ok);
    }
    SECTION("Redis away: operations fail at once, and the registry says it is unusable") {
        redis.kill();
        run_until(ioc, [&] { return !y.registry->usable(); });
        auto const start = std::chrono::steady_clock::now();
        auto refused = claim(ioc, y, "frank", std::make_shared<recorder>());
        CHECK(refused.unavailable);
        CHECK(find(ioc, y, "alice") == nullptr);
        CHECK(std::chrono::steady_clock::now() - start < 1s);
        redis.start();
        run_until(ioc, [&] { return y.registry->usable(); });
        CHECK(claim(ioc, y, "frank", std::make_shared<recorder>()).ok);
    }
}
