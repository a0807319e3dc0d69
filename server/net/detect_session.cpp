#include "net/detect_session.hpp"

#include "net/http_session.hpp"
#include "ops/log.hpp"

namespace duet {

detect_session::detect_session(tcp::socket&& socket, server_context& context,
                               connection_ticket ticket)
    : stream_(std::move(socket)), context_(context), ticket_(std::move(ticket)) {
    error_code ec;
    auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) {
        auto address = remote.address();
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
            address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
        }
        from_loopback_ = address.is_loopback();
    }
}

void detect_session::run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&detect_session::on_run, shared_from_this()));
}

void detect_session::on_run() {
    stream_.expires_after(context_.limits.handshake_timeout);
    beast::async_detect_ssl(stream_, buffer_,
                            beast::bind_front_handler(&detect_session::on_detect,
                                                      shared_from_this()));
}

void detect_session::on_detect(error_code ec, bool is_tls_hello) {
    if (ec) return log_failure(ec, "detect");
    if (is_tls_hello) {
        if (!context_.tls) return;  // no certificate configured: nothing sensible to say
        std::make_shared<http_session<tls_stream>>(tls_stream(std::move(stream_), *context_.tls),
                                                   std::move(buffer_), context_,
                                                   std::move(ticket_), from_loopback_)
            ->run();
        return;
    }
    std::make_shared<http_session<plain_stream>>(std::move(stream_), std::move(buffer_), context_,
                                                 std::move(ticket_), from_loopback_)
        ->run();
}

}  // namespace duet
