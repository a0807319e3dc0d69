#pragma once

#include <memory>

#include "net/beast.hpp"
#include "ops/connection_limiter.hpp"
#include "net/server_context.hpp"

namespace duet {

// The first bytes of a new connection: a TLS ClientHello goes to an HTTPS session, anything
// else to plain HTTP, so both share one port.
class detect_session : public std::enable_shared_from_this<detect_session> {
public:
    detect_session(tcp::socket&& socket, server_context& context, connection_ticket ticket);
    void run();

private:
    void on_run();
    void on_detect(error_code ec, bool is_tls_hello);

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    server_context& context_;
    connection_ticket ticket_;
    bool from_loopback_ = false;
};

}  // namespace duet
