#include "signaling_session.hpp"

#include "log.hpp"

namespace duet {

namespace proto = protocol;

namespace {

// The first read of a message reserves this much: a trickled ICE candidate fits, and an idle
// connection (most of them) holds no more. Larger messages grow the buffer as they arrive.
constexpr std::size_t first_read_bytes = 256;
// A buffer grown past this by a large message (an SDP offer) is freed once it is handled.
constexpr std::size_t kept_buffer_bytes = 1024;

template <class Stream>
auto into_transport(Stream&& stream) {
    if constexpr (is_tls<Stream>) {
        return std::move(stream);
    } else {
        return stream.release_socket();
    }
}

tcp::socket& socket_of(tcp::socket& socket) { return socket; }
tcp::socket& socket_of(beast::tcp_stream& stream) { return stream.socket(); }

std::string error_frame(proto::error_code code, std::string message) {
    return proto::to_client::encode(proto::to_client::make_error(code, std::move(message)));
}

}  // namespace

template <class Stream>
signaling_session<Stream>::signaling_session(Stream&& stream, server_context& context,
                                             connection_ticket ticket)
    : ws_(into_transport(std::move(stream))),
      login_deadline_(ws_.get_executor()),
      context_(context),
      ticket_(std::move(ticket)),
      handler_(context.registry, context.signaling) {}

template <class Stream>
signaling_session<Stream>::~signaling_session() {
    context_.sessions.remove(this);
    handler_.on_disconnect(this);
}

template <class Stream>
void signaling_session<Stream>::run(http::request<http::string_body> request) {
    auto const& limits = context_.limits;
    if constexpr (is_tls<Stream>) {
        // The WebSocket layer has its own timeouts; the TCP stream's would cut idle calls.
        beast::get_lowest_layer(ws_).expires_never();
    }
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = limits.handshake_timeout;
    // Beast pings after half of this with no traffic and closes after all of it, so a
    // partner whose network vanished without a FIN is noticed within it.
    timeouts.idle_timeout = limits.idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(http::field::server, "duet-server");
    }));
    ws_.read_message_max(limits.max_message_bytes);
    ws_.text(true);
    ws_.next_layer().set_owner(this->weak_from_this());
    ws_.async_accept(request, beast::bind_front_handler(&signaling_session::on_accept,
                                                        this->shared_from_this()));
}

template <class Stream>
void signaling_session<Stream>::on_accept(error_code ec) {
    if (ec) return log_failure(ec, "websocket accept");
    context_.sessions.add(this->shared_from_this());
    login_deadline_.expires_after(context_.limits.login_timeout);
    login_deadline_.async_wait(beast::bind_front_handler(&signaling_session::on_login_deadline,
                                                         this->shared_from_this()));
    do_read();
}

template <class Stream>
void signaling_session<Stream>::on_login_deadline(error_code ec) {
    if (ec || !handler_.name().empty() || closing_) return;
    on_send(error_frame(proto::error_code::login_timeout,
                        "Sign in within " +
                            std::to_string(context_.limits.login_timeout.count() / 1000) +
                            " seconds of connecting"));
    close_with(websocket::close_code::policy_error, "login timeout");
}

template <class Stream>
void signaling_session<Stream>::do_read() {
    // Reads a message in pieces into buffer_, the first one small: Beast's whole-message read
    // would reserve its full frame size up front for every idle connection. Beast still
    // applies read_message_max to the message as a whole.
    auto const piece = std::max(first_read_bytes, buffer_.size());
    ws_.async_read_some(buffer_.prepare(piece),
                        beast::bind_front_handler(&signaling_session::on_read,
                                                  this->shared_from_this()));
}

template <class Stream>
void signaling_session<Stream>::on_read(error_code ec, std::size_t bytes) {
    buffer_.commit(bytes);
    if (ec == websocket::error::message_too_big) {
        // Beast has already failed the stream with close code 1009; the client sees that.
        // The pending login deadline would otherwise keep this session, its read buffer and
        // its connection-limit place alive until it fires.
        handler_.on_disconnect(this);
        login_deadline_.cancel();
        return;
    }
    if (ec) {
        // Free the name and tell the partner now, not when the last queued write lets go.
        handler_.on_disconnect(this);
        login_deadline_.cancel();
        return log_failure(ec, "websocket read");
    }
    if (!ws_.is_message_done()) return do_read();
    bool keep = true;
    if (ws_.got_text()) {
        auto data = buffer_.cdata();
        keep = handler_.on_message(
            std::string_view(static_cast<char const*>(data.data()), data.size()),
            this->shared_from_this());
    } else {
        on_send(error_frame(proto::error_code::invalid_json,
                            "Binary frames are not accepted; send JSON text"));
    }
    buffer_.consume(buffer_.size());
    if (buffer_.capacity() > kept_buffer_bytes) buffer_.shrink_to_fit();
    if (awaiting_login_ && !handler_.name().empty()) {
        // Signed in: the deadline's pending wait would only hold memory until it fires.
        awaiting_login_ = false;
        login_deadline_.cancel();
    }
    if (!keep) {
        handler_.on_disconnect(this);
        return close_with(websocket::close_code::policy_error, "message flood");
    }
    if (!closing_) do_read();
}

template <class Stream>
void signaling_session<Stream>::send(std::shared_ptr<std::string const> const& text) {
    // With one I/O thread every caller is already on it, and so on this session's executor.
    if (context_.threads == 1) return on_send(*text);
    // Runs inline when already on this session's strand, else hops onto it.
    net::dispatch(ws_.get_executor(), [self = this->shared_from_this(), text] {
        self->on_send(*text);
    });
}

template <class Stream>
void signaling_session<Stream>::close_going_away() {
    net::dispatch(ws_.get_executor(), [self = this->shared_from_this()] {
        self->close_with(websocket::close_code::going_away, "server shutting down");
    });
}

template <class Stream>
void signaling_session<Stream>::disconnect() {
    net::dispatch(ws_.get_executor(), [self = this->shared_from_this()] {
        // The name now belongs to another connection: leaving must not touch it.
        self->handler_.forget_name();
        self->close_with(websocket::close_code::policy_error, "signed in elsewhere");
    });
}

// Data frames go straight to the batching layer below Beast, whole, in the order sent; what
// the kernel has not taken yet is this connection's queue, and it is bounded.
template <class Stream>
void signaling_session<Stream>::on_send(std::string_view text) {
    if (closing_ || !ws_.is_open()) return;
    auto& out = ws_.next_layer();
    if (out.unsent_bytes() + text.size() > context_.limits.max_queued_bytes) {
        log_line("dropping a signaling client that does not read its messages");
        return drop();
    }
    out.write_text_frame(text);
}

// The close frame follows the frames already written (an error telling why, say).
template <class Stream>
void signaling_session<Stream>::close_with(websocket::close_code code, char const* reason) {
    if (closing_) return;
    closing_ = true;
    login_deadline_.cancel();
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = this->shared_from_this()](error_code ec) {
                        if (ec) log_failure(ec, "websocket close");
                    });
}

template <class Stream>
void signaling_session<Stream>::drop() {
    closing_ = true;
    login_deadline_.cancel();
    handler_.on_disconnect(this);
    error_code ignored;
    socket_of(beast::get_lowest_layer(ws_)).close(ignored);
}

template class signaling_session<plain_stream>;
template class signaling_session<tls_stream>;

}  // namespace duet
