#include "signaling_session.hpp"

#include "log.hpp"

namespace duet {

namespace proto = protocol;

namespace {

std::shared_ptr<std::string const> error_frame(proto::error_code code, std::string message) {
    return std::make_shared<std::string const>(
        proto::to_client::encode(proto::to_client::make_error(code, std::move(message))));
}

}  // namespace

template <class Stream>
signaling_session<Stream>::signaling_session(Stream&& stream, server_context& context,
                                             connection_ticket ticket)
    : ws_(std::move(stream)),
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
    // The WebSocket layer has its own timeouts; the TCP stream's would cut idle calls.
    beast::get_lowest_layer(ws_).expires_never();
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
    ws_.async_read(buffer_, beast::bind_front_handler(&signaling_session::on_read,
                                                      this->shared_from_this()));
}

template <class Stream>
void signaling_session<Stream>::on_read(error_code ec, std::size_t) {
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
    if (!keep) {
        handler_.on_disconnect(this);
        return close_with(websocket::close_code::policy_error, "message flood");
    }
    if (!closing_) do_read();
}

template <class Stream>
void signaling_session<Stream>::send(std::shared_ptr<std::string const> const& text) {
    // Runs inline when already on this session's strand, else hops onto it.
    net::dispatch(ws_.get_executor(), beast::bind_front_handler(&signaling_session::on_send,
                                                                this->shared_from_this(), text));
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

template <class Stream>
void signaling_session<Stream>::on_send(std::shared_ptr<std::string const> const& text) {
    if (closing_) return;
    if (queued_bytes_ + text->size() > context_.limits.max_queued_bytes) {
        log_line("dropping a signaling client that does not read its messages");
        return drop();
    }
    queue_.push_back(text);
    queued_bytes_ += text->size();
    if (queue_.size() == 1) do_write();
}

template <class Stream>
void signaling_session<Stream>::do_write() {
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&signaling_session::on_write,
                                              this->shared_from_this()));
}

template <class Stream>
void signaling_session<Stream>::on_write(error_code ec, std::size_t) {
    if (ec) {
        queue_.clear();
        queued_bytes_ = 0;
        return log_failure(ec, "websocket write");
    }
    queued_bytes_ -= queue_.front()->size();
    queue_.erase(queue_.begin());
    if (!queue_.empty()) return do_write();
    if (closing_) do_close();
}

// Lets the queued frames (an error telling why, say) go first, then sends the close frame.
template <class Stream>
void signaling_session<Stream>::close_with(websocket::close_code code, std::string const& reason) {
    if (closing_) return;
    closing_ = true;
    login_deadline_.cancel();
    close_reason_ = websocket::close_reason(code, reason);
    if (queue_.empty()) do_close();
}

template <class Stream>
void signaling_session<Stream>::do_close() {
    ws_.async_close(close_reason_, [self = this->shared_from_this()](error_code ec) {
        if (ec) log_failure(ec, "websocket close");
    });
}

template <class Stream>
void signaling_session<Stream>::drop() {
    closing_ = true;
    login_deadline_.cancel();
    queue_.clear();
    queued_bytes_ = 0;
    handler_.on_disconnect(this);
    beast::get_lowest_layer(ws_).close();
}

template class signaling_session<plain_stream>;
template class signaling_session<tls_stream>;

}  // namespace duet
