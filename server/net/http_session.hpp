#pragma once

#include <memory>
#include <optional>

#include "net/beast.hpp"
#include "ops/connection_limiter.hpp"
#include "net/server_context.hpp"

namespace duet {

// One HTTP connection over `Stream` (plain TCP or TLS): serves static files from the web
// root, one request at a time with keep-alive, and hands a WebSocket upgrade at / or /ws to
// a signaling session. /auth/... goes to the identity provider's relying party, when configured.
template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
public:
    // `buffer` holds bytes already read while detecting TLS; `from_loopback` lets plain HTTP
    // through for development when TLS is configured.
    http_session(Stream&& stream, beast::flat_buffer&& buffer, server_context& context,
                 connection_ticket ticket, bool from_loopback);
    void run();

private:
    void on_handshake(error_code ec, std::size_t bytes_used);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void handle_upgrade(http::request<http::string_body>&& request);
    void handle_auth(http::request<http::string_body>&& request);
    void on_write(bool keep_alive, error_code ec, std::size_t bytes);
    void do_close();

    template <class Response>
    void send_response(Response&& response);

    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    server_context& context_;
    connection_ticket ticket_;
    bool from_loopback_;
};

extern template class http_session<plain_stream>;
extern template class http_session<tls_stream>;

}  // namespace duet
