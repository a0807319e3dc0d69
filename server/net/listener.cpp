#include "net/listener.hpp"

#include <vector>

#include "net/detect_session.hpp"
#include "ops/log.hpp"

namespace duet {

namespace {

// Descriptor records reserved at a time; see reserve_reactor_slots.
constexpr std::size_t reactor_slot_block = 1024;

}  // namespace

listener::listener(net::io_context& ioc, tcp::endpoint endpoint, server_context& context,
                   error_code& ec)
    : ioc_(ioc),
      acceptor_(net::make_strand(ioc)),
      context_(context) {
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

void listener::run() {
    do_accept();
}

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
    acceptor_.async_accept(context_.executors.connection_executor(ioc_),
                           beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopped
    if (ec) {
        log_failure(ec, "accept");
        return do_accept();
    }
    error_code peer_ec;
    auto remote = socket.remote_endpoint(peer_ec);
    if (peer_ec) return do_accept();  // already gone
    connection_limiter::refusal why{};
    auto ticket = context_.limiter->acquire(remote.address(), why);
    if (context_.limiter->total() + 16 > reactor_slots_) reserve_reactor_slots();
    // Signaling frames are small and latency-bound: Nagle's delay would only hurt.
    socket.set_option(tcp::no_delay(true), peer_ec);
    if (!ticket) {
        refuse(std::move(socket), why);
    } else {
        std::make_shared<detect_session>(std::move(socket), context_, std::move(ticket))->run();
    }
    do_accept();
}

// Asio's reactor keeps a record (~170 bytes) per socket it has ever watched at once and never
// frees them, only reuses them. Made one by one as a crowd connects, they end up between the
// crowd's other allocations, and once the crowd leaves each pins its page of the heap:
// measured, 10,000 connections left the process ~28 MB above where it started. Opening and
// closing a block of sockets makes a block of records side by side, which later connections
// reuse, so the memory a crowd frees is whole pages the heap can give back (memory_trim).
void listener::reserve_reactor_slots() {
    std::vector<tcp::socket> sockets;
    sockets.reserve(reactor_slot_block);
    for (std::size_t i = 0; i < reactor_slot_block; ++i) {
        error_code ec;
        sockets.emplace_back(ioc_).open(tcp::v4(), ec);
        if (ec) break;  // out of descriptors: reserve what we could, try again a block later
    }
    reactor_slots_ += reactor_slot_block;
}

// Over the limit: say so in plain HTTP (what a browser or WebSocket client can show), then
// close. Existing connections are untouched.
void listener::refuse(tcp::socket socket, connection_limiter::refusal why) {
    auto response = [](std::string_view body) {
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
               "Retry-After: 5\r\nConnection: close\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
    };
    static std::string const too_many_total = response("Server full: too many connections.\n");
    static std::string const too_many_here =
        response("Too many connections from one address.\n");
    auto owned = std::make_shared<tcp::socket>(std::move(socket));
    auto const& text = why == connection_limiter::refusal::total ? too_many_total : too_many_here;
    net::async_write(*owned, net::buffer(text), [owned](error_code, std::size_t) {
        error_code ignored;
        owned->shutdown(tcp::socket::shutdown_both, ignored);
        owned->close(ignored);
    });
}

}  // namespace duet
