#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "net/batching_stream.hpp"
#include "net/beast.hpp"
#include "ops/connection_limiter.hpp"
#include "net/server_context.hpp"
#include "net/session_list.hpp"
#include "signaling/signaling_handler.hpp"

namespace duet {

// One WebSocket signaling connection over `Stream` (plain TCP or TLS; a plain connection on a
// one-thread server is re-registered as a single_thread_socket). Owns itself through
// shared_from_this; all of its work runs on its own executor, the one executor_policy gave
// it. Outgoing messages wait in the batching layer under the WebSocket stream, whose unsent
// bytes are bounded; those written in one burst reach the kernel in one write.
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
    void post(std::function<void()> job) override;
    void heartbeat(clock::time_point now) override;

private:
    void on_accept(error_code ec);
    void heard_now();
    void on_heartbeat(clock::time_point now);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void on_send_shared(std::shared_ptr<std::string const> const& text);
    void on_send(std::string_view text);
    void on_close_going_away();
    void on_disconnect_request();
    void close_with(websocket::close_code code, char const* reason);
    void drop();
    void on_drop();

    // Plain connections drop Beast's tcp_stream for the bare socket once upgraded: the
    // WebSocket layer keeps its own timeouts, and the stream's timers cost every idle
    // connection half a kilobyte. TLS keeps the stream it was handed.
    using transport =
        std::conditional_t<is_tls<Stream> || std::is_same_v<Stream, single_thread_socket>, Stream,
                           tcp::socket>;

    websocket::stream<batching_stream<transport>> ws_;
    beast::flat_buffer buffer_;  // the message being read; small while the connection idles
    server_context& context_;
    connection_ticket ticket_;
    signaling_handler handler_;
    clock::time_point accepted_at_;
    clock::time_point last_heard_;   // the last frame read, data or control
    clock::time_point last_message_;  // the last whole message read
    bool closing_ = false;
    bool ping_sent_ = false;   // since last_heard_
    bool in_message_ = false;  // part of a message has been read
    bool in_burst_ = false;    // the last message came soon after the one before
};

extern template class signaling_session<plain_stream>;
extern template class signaling_session<single_thread_socket>;
extern template class signaling_session<tls_stream>;

}  // namespace duet
