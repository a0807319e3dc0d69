#include "listener.hpp"

#include "http_session.hpp"
#include "log.hpp"

namespace duet {

listener::listener(net::io_context& ioc, tcp::endpoint endpoint, server_context& context,
                   error_code& ec)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), context_(context) {
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) return;
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (ec) return;
    if (endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
        // "::" serves IPv4 clients too, so one listener covers every interface.
        acceptor_.set_option(net::ip::v6_only(false), ec);
        ec.clear();
    }
    acceptor_.bind(endpoint, ec);
    if (ec) return;
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
}

void listener::run() { do_accept(); }

void listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        error_code ignored;
        self->acceptor_.close(ignored);
    });
}

tcp::endpoint listener::local_endpoint() const {
    error_code ignored;
    return acceptor_.local_endpoint(ignored);
}

void listener::do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopped
    if (ec) {
        log_failure(ec, "accept");
    } else {
        std::make_shared<http_session>(std::move(socket), context_)->run();
    }
    do_accept();
}

}  // namespace duet
