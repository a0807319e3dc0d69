#pragma once

#include <memory>
#include <optional>

#include "beast.hpp"
#include "server_context.hpp"

namespace duet {

// One plain HTTP connection: serves static files from the web root, one request at a time
// with keep-alive, and hands a WebSocket upgrade at / or /ws to a signaling session.
class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket&& socket, server_context& context);
    void run();

private:
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void on_write(bool keep_alive, error_code ec, std::size_t bytes);
    void do_close();

    template <class Body>
    void send_response(http::response<Body>&& response);

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    server_context& context_;
};

}  // namespace duet
