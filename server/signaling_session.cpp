#include "signaling_session.hpp"

#include <chrono>

#include "log.hpp"

namespace duet {

namespace {
// An SDP with many candidates is a few KiB; anything near this is not signaling.
constexpr std::size_t max_message_bytes = 64 * 1024;
}  // namespace

signaling_session::signaling_session(tcp::socket&& socket, server_context& context)
    : ws_(std::move(socket)), context_(context), handler_(context.registry, context.signaling) {}

signaling_session::~signaling_session() {
    context_.sessions.remove(this);
    handler_.on_disconnect(this);
}

void signaling_session::run(http::request<http::string_body> request) {
    // The WebSocket layer has its own timeouts; the TCP stream's would cut idle calls.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    // A ping goes out after half of this with no traffic; a partner whose network vanished
    // without a FIN is noticed within it.
    timeouts.idle_timeout = std::chrono::seconds(15);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(http::field::server, "duet-server");
    }));
    ws_.read_message_max(max_message_bytes);
    ws_.text(true);
    ws_.async_accept(request,
                     beast::bind_front_handler(&signaling_session::on_accept, shared_from_this()));
}

void signaling_session::on_accept(error_code ec) {
    if (ec) return log_failure(ec, "websocket accept");
    context_.sessions.add(shared_from_this());
    do_read();
}

void signaling_session::do_read() {
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&signaling_session::on_read, shared_from_this()));
}

void signaling_session::on_read(error_code ec, std::size_t) {
    if (ec) {
        // Free the name and tell the partner now, not when the last queued write lets go.
        handler_.on_disconnect(this);
        return log_failure(ec, "websocket read");
    }
    if (ws_.got_text()) {
        auto data = buffer_.cdata();
        handler_.on_message(
            std::string_view(static_cast<char const*>(data.data()), data.size()),
            shared_from_this());
    } else {
        send(std::make_shared<std::string const>(protocol::to_client::encode(
            protocol::to_client::make_error(protocol::error_code::invalid_json,
                                            "Binary frames are not accepted; send JSON text"))));
    }
    buffer_.consume(buffer_.size());
    do_read();
}

void signaling_session::send(std::shared_ptr<std::string const> const& text) {
    // Runs inline when already on this session's strand, else hops onto it.
    net::dispatch(ws_.get_executor(),
                  beast::bind_front_handler(&signaling_session::on_send, shared_from_this(), text));
}

void signaling_session::close_going_away() {
    net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
        self->ws_.async_close(websocket::close_reason(websocket::close_code::going_away,
                                                      "server shutting down"),
                              [self](error_code ec) {
                                  if (ec) log_failure(ec, "websocket close");
                              });
    });
}

void signaling_session::on_send(std::shared_ptr<std::string const> const& text) {
    if (queue_.size() >= max_queued_frames) {
        log_line("dropping a signaling client that does not read its messages");
        error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
        return;
    }
    queue_.push_back(text);
    if (queue_.size() > 1) return;  // a write is already in flight
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&signaling_session::on_write, shared_from_this()));
}

void signaling_session::on_write(error_code ec, std::size_t) {
    if (ec) {
        queue_.clear();
        return log_failure(ec, "websocket write");
    }
    queue_.erase(queue_.begin());
    if (queue_.empty()) return;
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&signaling_session::on_write, shared_from_this()));
}

}  // namespace duet
