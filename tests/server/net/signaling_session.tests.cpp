// A signaling session over a real loopback WebSocket: a send over the queue cap decides the
// drop at once (nothing more is sent) but carries it out later, on the session's own executor,
// never inside the handler that sent.
#include "net/signaling_session.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "net/run_io.hpp"
#include "registry_helpers.hpp"
#include "signaling/presence.hpp"
#include "signaling/user_registry.hpp"

using namespace duet;
using duet::testing::make_test_registry;
using testing::run_until;

TEST_CASE("signaling session: a drop over the queue cap is posted, never run inline", "[session]") {
    // Declared before the io_context: sessions its destructor destroys still sign out here.
    auto registry = make_test_registry();
    presence sender;
    server_limits limits;
    limits.max_queued_bytes = 4096;
    unsigned const threads = GENERATE(1u, 2u);
    server_context context{
        *registry, sender, {}, {}, limits, {}, nullptr, nullptr, executor_policy(threads), {}};
    INFO("threads: " << threads);

    net::io_context ioc;
    tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    websocket::stream<tcp::socket> client(ioc);
    client.next_layer().connect(acceptor.local_endpoint());
    plain_stream server_side(acceptor.accept(context.executors.connection_executor(ioc)));

    // The upgrade as http_session hands it over.
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::async_read(server_side, buffer, request, [&](error_code ec, std::size_t) {
        REQUIRE_FALSE(ec);
        context.executors.start_signaling(std::move(server_side), [&](auto&& transport) {
            using transport_type = std::decay_t<decltype(transport)>;
            std::make_shared<signaling_session<transport_type>>(std::move(transport), context,
                                                                connection_ticket{})
                ->run(std::move(request));
        });
    });
    bool open = false;
    client.async_handshake("localhost", "/", [&](error_code ec) { open = !ec; });
    run_until(ioc, [&] { return open; });
    client.async_write(net::buffer(std::string(R"({"type":"login","name":"bob"})")),
                       [](error_code, std::size_t) {});
    run_until(ioc, [&] { return registry->find("bob") != nullptr; });

    // A handler elsewhere sends bob more than his queue may hold; bob reads nothing.
    auto too_much = std::make_shared<std::string const>(limits.max_queued_bytes + 1, 'x');
    bool sent = false;
    bool signed_in_after_send = false;
    net::post(ioc, [&] {
        auto bob = registry->find("bob");
        REQUIRE(bob);
        bob->send(too_much);
        // Still inside the sender's handler: bob has not been signed out under it.
        signed_in_after_send = registry->find("bob") != nullptr;
        sent = true;
    });
    run_until(ioc, [&] { return sent; });
    CHECK(signed_in_after_send);
    // Then the posted drop runs: bob is signed out and his connection closed.
    run_until(ioc, [&] { return registry->find("bob") == nullptr; });
    CHECK(registry->size() == 0);
}
