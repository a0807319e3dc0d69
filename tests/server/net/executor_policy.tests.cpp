// The one-thread choice: with one I/O thread a session's step runs at once on the caller's
// thread and connections get the io_context's own executor; with several, each connection
// gets a strand and a step from outside it waits there.
#include "net/executor_policy.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <type_traits>

using namespace duet;

namespace {

struct counter : std::enable_shared_from_this<counter> {
    int steps = 0;
    int last = 0;
    void step(int const& value) {
        ++steps;
        last = value;
    }
};

}  // namespace

TEST_CASE("executor policy: one thread runs inline, several use strands", "[executor_policy]") {
    net::io_context ioc;
    auto target = std::make_shared<counter>();

    SECTION("one thread") {
        executor_policy policy(1);
        CHECK(policy.one_thread());
        auto executor = policy.connection_executor(ioc);
        CHECK(executor.target<net::io_context::executor_type>() != nullptr);
        policy.run(executor, *target, &counter::step, 7);
        CHECK(target->steps == 1);  // before the io_context ran at all
        CHECK(target->last == 7);
        CHECK(target.use_count() == 1);  // nothing kept it alive: nothing was queued
    }
    SECTION("several threads") {
        executor_policy policy(4);
        CHECK_FALSE(policy.one_thread());
        auto executor = policy.connection_executor(ioc);
        CHECK(executor.target<net::strand<net::io_context::executor_type>>() != nullptr);
        policy.run(executor, *target, &counter::step, 7);
        CHECK(target->steps == 0);       // queued on the strand
        CHECK(target.use_count() == 2);  // and the queued step keeps the target alive
        ioc.run();
        CHECK(target->steps == 1);
        CHECK(target->last == 7);
    }
}

TEST_CASE("executor policy: a plain connection on one thread changes socket type",
          "[executor_policy]") {
    net::io_context ioc;
    tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    tcp::socket client(ioc);
    client.connect(acceptor.local_endpoint());
    plain_stream server_side(acceptor.accept());

    bool single = false;
    bool plain = false;
    auto start = [&](auto&& transport) {
        using type = std::decay_t<decltype(transport)>;
        single = std::is_same_v<type, single_thread_socket>;
        plain = std::is_same_v<type, plain_stream>;
        if constexpr (std::is_same_v<type, plain_stream>) {
            CHECK(transport.socket().is_open());
        } else {
            CHECK(transport.is_open());
        }
    };
    SECTION("one thread: re-registered as a single_thread_socket") {
        executor_policy(1).start_signaling(std::move(server_side), start);
        CHECK(single);
    }
    SECTION("several threads: handed over as it is") {
        executor_policy(2).start_signaling(std::move(server_side), start);
        CHECK(plain);
    }
}
