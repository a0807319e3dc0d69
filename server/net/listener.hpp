#pragma once

#include <memory>

#include "net/beast.hpp"
#include "ops/connection_limiter.hpp"
#include "net/server_context.hpp"

namespace duet {

// Accepts connections and gives each a session, on the executor the policy picks (see
// executor_policy.hpp).
class listener : public std::enable_shared_from_this<listener> {
public:
    listener(net::io_context& ioc, tcp::endpoint endpoint, server_context& context,
             error_code& ec);

    void run();
    void stop();
    tcp::endpoint local_endpoint() const;

private:
    void do_accept();
    void on_accept(error_code ec, tcp::socket socket);
    void refuse(tcp::socket socket, connection_limiter::refusal why);
    void reserve_reactor_slots();

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    server_context& context_;
    std::size_t reactor_slots_ = 0;  // descriptor records reserved so far
};

}  // namespace duet
