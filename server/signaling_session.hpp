#pragma once

#include <memory>
#include <string>
#include <vector>

#include "beast.hpp"
#include "connection_limiter.hpp"
#include "server_context.hpp"
#include "session_list.hpp"
#include "signaling_handler.hpp"

namespace duet {

// One WebSocket signaling connection over `Stream` (plain TCP or TLS). Owns itself through
// shared_from_this; all of its work runs on its own strand, and at most one write is in
// flight while the rest wait in a queue of bounded size.
template <class Stream>
class signaling_session : public signaling_connection,
                          public std::enable_shared_from_this<signaling_session<Stream>> {
public:
    signaling_session(Stream&& stream, server_context& context, connection_ticket ticket);
    ~signaling_session() override;

    // Completes the handshake for an upgrade request the HTTP session already read.
    void run(http::request<http::string_body> request);

    void send(std::shared_ptr<std::string const> const& text) override;
    void close_going_away() override;
    void disconnect() override;

private:
    void on_accept(error_code ec);
    void on_login_deadline(error_code ec);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void on_send(std::shared_ptr<std::string const> const& text);
    void do_write();
    void on_write(error_code ec, std::size_t bytes);
    void close_with(websocket::close_code code, std::string const& reason);
    void do_close();
    void drop();

    websocket::stream<Stream> ws_;
    beast::flat_buffer buffer_;
    std::vector<std::shared_ptr<std::string const>> queue_;
    std::size_t queued_bytes_ = 0;
    net::steady_timer login_deadline_;
    server_context& context_;
    connection_ticket ticket_;
    signaling_handler handler_;
    bool closing_ = false;
    websocket::close_reason close_reason_;
};

extern template class signaling_session<plain_stream>;
extern template class signaling_session<tls_stream>;

}  // namespace duet
