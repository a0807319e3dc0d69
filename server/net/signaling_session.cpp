#include "net/signaling_session.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "identity/relying_party.hpp"
#include "ops/log.hpp"

namespace duet {

namespace proto = protocol;

namespace {

// What a read reserves while it waits for a message: a few bytes on a quiet connection, room
// for a trickled ICE candidate in a burst (messages less than burst_gap apart). Larger
// messages grow the buffer as they arrive; see do_read.
constexpr std::size_t idle_read_bytes = 16;
constexpr std::size_t first_read_bytes = 256;
constexpr auto burst_gap = std::chrono::milliseconds(100);
// A buffer grown past this by a large message (an SDP offer) is freed once it is handled.
constexpr std::size_t kept_buffer_bytes = 1024;

template <class Stream>
auto into_transport(Stream&& stream) {
    if constexpr (std::is_same_v<Stream, plain_stream>) {
        return stream.release_socket();
    } else {
        return std::move(stream);
    }
}

tcp::socket& socket_of(tcp::socket& socket) { return socket; }
single_thread_socket& socket_of(single_thread_socket& socket) { return socket; }
tcp::socket& socket_of(beast::tcp_stream& stream) { return stream.socket(); }

// Plain operator new for the read that waits on every idle connection. Asio would recycle for
// it a cached block of whatever size an earlier operation freed (up to 1 KiB), so idle
// connections would each hold the size of the biggest recent operation.
template <class T>
struct exact_allocator {
    using value_type = T;
    exact_allocator() = default;
    template <class U>
    exact_allocator(exact_allocator<U> const&) noexcept {}
    T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
    void deallocate(T* p, std::size_t n) { std::allocator<T>().deallocate(p, n); }
    template <class U>
    bool operator==(exact_allocator<U> const&) const noexcept {
        return true;
    }
};

std::string error_frame(proto::error_code code, std::string message) {
    return proto::to_client::encode(proto::to_client::make_error(code, std::move(message)));
}

}  // namespace

template <class Stream>
signaling_session<Stream>::signaling_session(Stream&& stream, server_context& context,
                                             connection_ticket ticket)
    : ws_(into_transport(std::move(stream))),
      context_(context),
      ticket_(std::move(ticket)),
      handler_(context.registry, context.presence, context.signaling) {}

template <class Stream>
signaling_session<Stream>::~signaling_session() {
    context_.sessions.remove(this);
    handler_.on_disconnect(this);
}

template <class Stream>
void signaling_session<Stream>::run(http::request<http::string_body> request) {
    auto const& limits = context_.limits;
    // The session cookie the page's origin set: the account this connection may sign in as.
    if (context_.identity) {
        if (auto who = context_.identity->identity_from_cookies(request[http::field::cookie]))
            handler_.present_identity(std::move(*who));
    }
    if constexpr (is_tls<Stream>) {
        // The WebSocket layer has its own timeouts; the TCP stream's would cut idle calls.
        beast::get_lowest_layer(ws_).expires_never();
    }
    // Beast times the handshakes; the idle timeout is the heartbeat's (see on_heartbeat).
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = limits.handshake_timeout;
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    // Pongs (and pings, and a close) are signs of life too. The callback lives in ws_.
    ws_.control_callback([this](websocket::frame_type, beast::string_view) { heard_now(); });
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
    accepted_at_ = clock::now();
    heard_now();
    context_.sessions.add(this->shared_from_this());
    do_read();
}

template <class Stream>
void signaling_session<Stream>::heard_now() {
    last_heard_ = clock::now();
    ping_sent_ = false;
}

template <class Stream>
void signaling_session<Stream>::heartbeat(clock::time_point now) {
    context_.executors.run(ws_.get_executor(), *this, &signaling_session::on_heartbeat, now);
}

template <class Stream>
void signaling_session<Stream>::on_heartbeat(clock::time_point now) {
    if (closing_) return;
    auto const& limits = context_.limits;
    if (handler_.name().empty() && now - accepted_at_ >= limits.login_timeout) {
        on_send(error_frame(proto::error_code::login_timeout,
                            "Sign in within " +
                                std::to_string(limits.login_timeout.count() / 1000) +
                                " seconds of connecting"));
        return close_with(websocket::close_code::policy_error, "login timeout");
    }
    // A ping after half the idle timeout without a word, and the end after all of it, so a
    // partner whose network vanished without a FIN is noticed within the timeout.
    auto const silent = now - last_heard_;
    if (silent >= limits.idle_timeout) {
        log_line("closing a signaling connection that stopped answering");
        return drop();
    }
    if (silent >= limits.idle_timeout / 2 && !ping_sent_) {
        ping_sent_ = true;
        ws_.async_ping({}, [self = this->shared_from_this()](error_code) {});
    }
}

template <class Stream>
void signaling_session<Stream>::do_read() {
    // A message is read in pieces into buffer_, growing as needed; Beast still applies
    // read_message_max to the message as a whole. Beast's whole-message read would instead
    // reserve its full frame size up front, while the read waits, for every connection.
    // Most connections idle most of the time: one that is not in the middle of a burst
    // waits with a few bytes reserved, one in a burst with room for a whole ICE candidate.
    auto const piece = in_message_ ? std::max(first_read_bytes, buffer_.size())
                       : in_burst_ ? first_read_bytes
                                   : idle_read_bytes;
    ws_.async_read_some(buffer_.prepare(piece),
                        net::bind_allocator(exact_allocator<void>(),
                                            beast::bind_front_handler(&signaling_session::on_read,
                                                                      this->shared_from_this())));
}

template <class Stream>
void signaling_session<Stream>::on_read(error_code ec, std::size_t bytes) {
    buffer_.commit(bytes);
    if (ec == websocket::error::message_too_big) {
        // Beast has already failed the stream with close code 1009; the client sees that.
        handler_.on_disconnect(this);
        return;
    }
    if (ec) {
        // Free the name and tell the partner now, not when the last pending write lets go.
        handler_.on_disconnect(this);
        if (closing_) return;  // dropped (a slow reader, a silent one): already said why
        return log_failure(ec, "websocket read");
    }
    heard_now();
    if (!ws_.is_message_done()) {
        in_message_ = true;
        return do_read();
    }
    in_message_ = false;
    in_burst_ = last_heard_ - std::exchange(last_message_, last_heard_) < burst_gap;
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
    if (!in_burst_ || buffer_.capacity() > kept_buffer_bytes) buffer_.shrink_to_fit();
    if (!keep) {
        handler_.on_disconnect(this);
        return close_with(websocket::close_code::policy_error, "message flood");
    }
    if (!closing_) do_read();
}

template <class Stream>
void signaling_session<Stream>::send(std::shared_ptr<std::string const> const& text) {
    context_.executors.run(ws_.get_executor(), *this, &signaling_session::on_send_shared, text);
}

template <class Stream>
void signaling_session<Stream>::close_going_away() {
    context_.executors.run(ws_.get_executor(), *this, &signaling_session::on_close_going_away);
}

template <class Stream>
void signaling_session<Stream>::disconnect() {
    context_.executors.run(ws_.get_executor(), *this, &signaling_session::on_disconnect_request);
}

// A registry's result that arrived on another thread comes back to this connection's
// executor; the job holds the session.
template <class Stream>
void signaling_session<Stream>::post(std::function<void()> job) {
    net::post(ws_.get_executor(), std::move(job));
}

template <class Stream>
void signaling_session<Stream>::on_send_shared(std::shared_ptr<std::string const> const& text) {
    on_send(*text);
}

template <class Stream>
void signaling_session<Stream>::on_close_going_away() {
    close_with(websocket::close_code::going_away, "server shutting down");
}

template <class Stream>
void signaling_session<Stream>::on_disconnect_request() {
    // The name now belongs to another connection: leaving must not touch it.
    handler_.forget_name();
    close_with(websocket::close_code::policy_error, "signed in elsewhere");
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
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = this->shared_from_this()](error_code ec) {
                        if (ec) log_failure(ec, "websocket close");
                    });
}

// A drop is decided now (nothing more is sent) and carried out later, posted to this
// session's executor, never inline: the send that went over the cap may come from another
// session's handler (with one thread, run right inside it), and signing out here would change
// the registry and message our partner in the middle of that handler.
template <class Stream>
void signaling_session<Stream>::drop() {
    closing_ = true;
    net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->on_drop(); });
}

template <class Stream>
void signaling_session<Stream>::on_drop() {
    handler_.on_disconnect(this);
    error_code ignored;
    socket_of(beast::get_lowest_layer(ws_)).close(ignored);
}

template class signaling_session<plain_stream>;
template class signaling_session<single_thread_socket>;
template class signaling_session<tls_stream>;

}  // namespace duet
