// The layer under each signaling session's WebSocket stream: frames written in one burst leave
// together, in order, Beast's own frames included; a close is sent before the teardown; a
// reader that stops shows up in unsent_bytes().
#include "net/batching_stream.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "net/run_io.hpp"

using namespace duet;
using testing::run_until;

namespace {

using server_ws = websocket::stream<batching_stream<tcp::socket>>;
using client_ws = websocket::stream<tcp::socket>;

// A loopback TCP connection: [server side, client side].
std::pair<tcp::socket, tcp::socket> socket_pair(net::io_context& ioc) {
    tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    tcp::socket client(ioc);
    client.connect(acceptor.local_endpoint());
    tcp::socket server = acceptor.accept();
    return {std::move(server), std::move(client)};
}

// The raw bytes of a server's text frame (unmasked).
std::string frame(std::string const& payload) {
    std::string out{"\x81"};
    out.push_back(static_cast<char>(payload.size()));
    return out + payload;
}

}  // namespace

TEST_CASE("batching stream: frames written in one burst arrive whole and in order",
          "[batching_stream]") {
    net::io_context ioc;
    auto [server_socket, client] = socket_pair(ioc);
    auto owner = std::make_shared<int>(0);
    batching_stream<tcp::socket> stream(std::move(server_socket));
    stream.set_owner(owner);

    stream.write_text_frame("one");
    stream.write_text_frame("two");
    stream.write_text_frame(std::string(300, 'x'));  // a 16-bit length
    CHECK(stream.unsent_bytes() > 0);

    std::string expected = frame("one") + frame("two") + "\x81\x7e\x01\x2c" + std::string(300, 'x');
    std::string received(expected.size(), '\0');
    std::size_t got = 0;
    net::async_read(client, net::buffer(received), [&](error_code ec, std::size_t n) {
        REQUIRE(!ec);
        got = n;
    });
    run_until(ioc, [&] { return got == expected.size(); });
    CHECK(received == expected);
    CHECK(stream.unsent_bytes() == 0);
}

TEST_CASE("batching stream: under Beast, data, ping and close keep their order",
          "[batching_stream]") {
    net::io_context ioc;
    auto [server_socket, client_socket] = socket_pair(ioc);
    auto owner = std::make_shared<int>(0);
    server_ws server(std::move(server_socket));
    server.next_layer().set_owner(owner);
    client_ws client(std::move(client_socket));

    bool accepted = false, handshaken = false;
    server.async_accept([&](error_code ec) { accepted = !ec; });
    client.async_handshake("localhost", "/", [&](error_code ec) { handshaken = !ec; });
    run_until(ioc, [&] { return accepted && handshaken; });

    // Beast writes a message and a ping; the session's data frames go around Beast; the
    // client must see every one of them, in order, and then the close.
    std::vector<std::string> seen;
    bool pinged = false;
    client.control_callback([&](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::ping) pinged = true;
    });
    server.next_layer().write_text_frame("first");
    bool wrote = false;
    server.async_write(net::buffer(std::string_view("second")),
                       [&](error_code ec, std::size_t) { wrote = !ec; });
    run_until(ioc, [&] { return wrote; });
    server.next_layer().write_text_frame("third");
    server.async_ping({}, [](error_code) {});

    beast::flat_buffer buffer;
    std::function<void()> read_next;
    error_code client_end;
    read_next = [&] {
        client.async_read(buffer, [&](error_code ec, std::size_t) {
            if (ec) {
                client_end = ec;
                return;
            }
            seen.push_back(beast::buffers_to_string(buffer.data()));
            buffer.clear();
            read_next();
        });
    };
    read_next();
    run_until(ioc, [&] { return seen.size() == 3 && pinged; });
    CHECK(seen == std::vector<std::string>{"first", "second", "third"});

    // The close frame waits in the batch like any other; the teardown must send it first.
    bool closed = false;
    server.async_close(websocket::close_code::going_away, [&](error_code) { closed = true; });
    // The server's read sees the client's answer to the close and then the end.
    beast::flat_buffer server_buffer;
    server.async_read(server_buffer, [](error_code, std::size_t) {});
    run_until(ioc, [&] { return closed && client_end; });
    CHECK(client_end == websocket::error::closed);
    CHECK(client.reason().code == websocket::close_code::going_away);
}

TEST_CASE("batching stream: what a reader that stopped has not taken is counted",
          "[batching_stream]") {
    net::io_context ioc;
    // Not a structured binding: the drain lambda below captures the client, and clang 14
    // cannot capture a structured binding (C++20's P1091 came in clang 16).
    auto sockets = socket_pair(ioc);
    auto& client = sockets.second;
    auto owner = std::make_shared<int>(0);
    batching_stream<tcp::socket> stream(std::move(sockets.first));
    stream.set_owner(owner);

    // Far more than loopback's socket buffers hold, with the client reading nothing.
    std::string const payload(60 * 1024, 'p');
    for (int i = 0; i < 400; ++i) stream.write_text_frame(payload);
    ioc.run_for(std::chrono::milliseconds(200));
    auto const stuck = stream.unsent_bytes();
    CHECK(stuck > 1024 * 1024);

    // Once the client reads, it all goes.
    std::vector<char> sink(1 << 20);
    std::size_t total = 0;
    std::function<void()> drain = [&] {
        client.async_read_some(net::buffer(sink), [&](error_code ec, std::size_t n) {
            total += n;
            if (!ec) drain();
        });
    };
    drain();
    run_until(ioc, [&] { return stream.unsent_bytes() == 0; });
    // Each frame has a 4-byte header: a 16-bit length.
    run_until(ioc, [&] { return total == 400 * (payload.size() + 4); });
}
