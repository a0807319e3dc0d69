#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace loadgen {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = beast::error_code;

struct target {
    tcp::endpoint endpoint;
    std::string host_header;  // "127.0.0.1:8080"
    std::string path = "/";
};

// Parses ws://ADDR:PORT/PATH with a numeric address ([::1] for IPv6).
bool parse_url(std::string const& url, target& out, std::string& error);

// One WebSocket client connection on a single-threaded io_context. Callbacks run on that
// thread; the object keeps itself alive while an operation is pending.
class ws_client : public std::enable_shared_from_this<ws_client> {
public:
    using open_handler = std::function<void(error_code)>;
    using message_handler = std::function<void(std::string_view)>;
    using close_handler = std::function<void()>;

    ws_client(net::io_context& ioc, target const& where);

    // The local address the connection leaves from (before connect). One address has only
    // the ephemeral port range (28,232 ports by default) for each server address and port:
    // more connections than that to one server need more local addresses (127.0.0.2 and up on
    // loopback).
    void set_source(net::ip::address const& source) { source_ = source; }
    void connect(open_handler on_open);
    void send(std::string text);
    // A ping; `on_pong` runs when the (next) pong arrives, proof that the peer still reads.
    void ping(std::function<void()> on_pong);
    void send_binary(std::string bytes);
    void close();  // close handshake
    void abort();  // vanish: reset the TCP connection without a close handshake

    void on_message(message_handler h) { on_message_ = std::move(h); }
    void on_close(close_handler h) { on_close_ = std::move(h); }
    bool is_open() const { return open_; }

private:
    void do_read();
    void do_write();
    void do_close();
    void finish();

    target const& where_;
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::deque<std::pair<std::string, bool>> queue_;  // (bytes, is_text)
    message_handler on_message_;
    close_handler on_close_;
    std::function<void()> on_pong_;
    std::optional<net::ip::address> source_;
    bool open_ = false;
    bool closing_ = false;  // close() waits for the write in flight
    bool finished_ = false;
};

}  // namespace loadgen
