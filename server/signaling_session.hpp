#pragma once

#include <memory>
#include <string>
#include <vector>

#include "beast.hpp"
#include "peer.hpp"
#include "server_context.hpp"
#include "signaling_handler.hpp"

namespace duet {

// One WebSocket signaling connection. Owns itself through shared_from_this; all of its work
// runs on its own strand, and at most one write is in flight, the rest wait in a queue.
class signaling_session : public peer, public std::enable_shared_from_this<signaling_session> {
public:
    signaling_session(tcp::socket&& socket, server_context& context);
    ~signaling_session() override;

    // Completes the handshake for an upgrade request the HTTP session already read.
    void run(http::request<http::string_body> request);

    void send(std::shared_ptr<std::string const> const& text) override;

    // Server shutdown: a close frame with "going away", so clients know to reconnect.
    void close_going_away();

private:
    void on_accept(error_code ec);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void on_send(std::shared_ptr<std::string const> const& text);
    void on_write(error_code ec, std::size_t bytes);

    // A client that stops reading cannot make us buffer without bound.
    static constexpr std::size_t max_queued_frames = 512;

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::vector<std::shared_ptr<std::string const>> queue_;
    server_context& context_;
    signaling_handler handler_;
};

}  // namespace duet
