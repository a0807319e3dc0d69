#include "ws_client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

namespace loadgen {

namespace {

// Opens `socket` bound to `source`. IP_BIND_ADDRESS_NO_PORT leaves the port to connect(),
// which then needs it unique only for the whole (source, server) pair of addresses and ports,
// rather than reserving one of the source's ports for good at bind().
error_code bind_source(tcp::socket& socket, net::ip::address const& source) {
    error_code ec;
    socket.open(source.is_v4() ? tcp::v4() : tcp::v6(), ec);
    if (ec) return ec;
#ifdef IP_BIND_ADDRESS_NO_PORT
    int const on = 1;
    ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
#endif
    socket.bind(tcp::endpoint(source, 0), ec);
    return ec;
}

}  // namespace

bool parse_url(std::string const& url, target& out, std::string& error) {
    std::string rest;
    if (url.rfind("ws://", 0) == 0) {
        rest = url.substr(5);
    } else {
        error = "URL must start with ws:// (got '" + url + "')";
        return false;
    }
    auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    out.path = slash == std::string::npos ? "/" : rest.substr(slash);
    std::string host;
    std::string port;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string::npos || close + 1 >= authority.size() ||
            authority[close + 1] != ':') {
            error = "expected [ADDR]:PORT in '" + url + "'";
            return false;
        }
        host = authority.substr(1, close - 1);
        port = authority.substr(close + 2);
    } else {
        auto colon = authority.rfind(':');
        if (colon == std::string::npos) {
            error = "expected ADDR:PORT in '" + url + "'";
            return false;
        }
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec) {
        error = "'" + host + "' is not a numeric address";
        return false;
    }
    unsigned long p = std::strtoul(port.c_str(), nullptr, 10);
    if (p == 0 || p > 65535) {
        error = "bad port '" + port + "'";
        return false;
    }
    out.endpoint = tcp::endpoint(address, static_cast<unsigned short>(p));
    out.host_header = authority;
    return true;
}

ws_client::ws_client(net::io_context& ioc, target const& where) : where_(where), ws_(ioc) {}

void ws_client::connect(open_handler on_open) {
    auto self = shared_from_this();
    if (source_) {
        if (auto ec = bind_source(beast::get_lowest_layer(ws_).socket(), *source_)) {
            // Later, as an asynchronous failure would be: a caller that starts the next
            // connection from this handler must not recurse once per failing socket (out of
            // descriptors, every one fails at once).
            return net::post(ws_.get_executor(),
                             [on_open = std::move(on_open), ec]() mutable { on_open(ec); });
        }
    }
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(ws_).async_connect(
        where_.endpoint, [self, on_open = std::move(on_open)](error_code ec) mutable {
            if (ec) return on_open(ec);
            beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true));
            beast::get_lowest_layer(self->ws_).expires_never();
            self->ws_.set_option(
                websocket::stream_base::timeout::suggested(beast::role_type::client));
            self->ws_.read_message_max(16 * 1024 * 1024);
            self->ws_.async_handshake(
                self->where_.host_header, self->where_.path,
                [self, on_open = std::move(on_open)](error_code hec) {
                    if (!hec) {
                        self->open_ = true;
                        self->do_read();
                    }
                    on_open(hec);
                });
        });
}

void ws_client::do_read() {
    ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
        if (ec) return self->finish();
        auto data = self->buffer_.cdata();
        if (self->on_message_) {
            self->on_message_(
                std::string_view(static_cast<char const*>(data.data()), data.size()));
        }
        self->buffer_.consume(self->buffer_.size());
        if (self->open_) self->do_read();
    });
}

void ws_client::send(std::string text) {
    if (!open_) return;  // closing or closed: nothing more goes out
    queue_.emplace_back(std::move(text), true);
    if (queue_.size() == 1) do_write();
}

void ws_client::ping(std::function<void()> on_pong) {
    if (!open_) return;
    if (!on_pong_) {
        // Beast reports control frames to this callback while a read is pending (always, here).
        ws_.control_callback([self = weak_from_this()](websocket::frame_type kind,
                                                       beast::string_view) {
            auto c = self.lock();
            if (!c || kind != websocket::frame_type::pong || !c->on_pong_) return;
            auto handler = std::move(c->on_pong_);
            c->on_pong_ = nullptr;
            handler();
        });
    }
    on_pong_ = std::move(on_pong);
    ws_.async_ping({}, [self = shared_from_this()](error_code ec) {
        if (ec) self->finish();
    });
}

void ws_client::send_binary(std::string bytes) {
    if (!open_) return;
    queue_.emplace_back(std::move(bytes), false);
    if (queue_.size() == 1) do_write();
}

void ws_client::do_write() {
    ws_.text(queue_.front().second);
    ws_.async_write(net::buffer(queue_.front().first),
                    [self = shared_from_this()](error_code ec, std::size_t) {
                        // The frame just written stays queued until here: its bytes had to
                        // outlive the write.
                        self->queue_.pop_front();
                        if (ec) {
                            self->queue_.clear();
                            return self->finish();
                        }
                        if (!self->queue_.empty()) return self->do_write();
                        if (self->closing_) self->do_close();
                    });
}

void ws_client::close() {
    if (!open_) return;
    open_ = false;
    closing_ = true;
    if (queue_.empty()) return do_close();
    queue_.resize(1);  // the frame being written finishes; the close frame follows it
}

void ws_client::do_close() {
    closing_ = false;
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](error_code) { self->finish(); });
}

void ws_client::abort() {
    open_ = false;
    closing_ = false;
    if (queue_.size() > 1) queue_.resize(1);  // a write in flight keeps its bytes
    error_code ignored;
    auto& socket = beast::get_lowest_layer(ws_).socket();
    // Linger 0: the kernel resets the connection, as when a client process is killed or a
    // phone drops off the network and its peer's next packet meets a stranger.
    socket.set_option(net::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
    finish();
}

void ws_client::finish() {
    open_ = false;
    if (finished_) return;
    finished_ = true;
    if (on_close_) {
        auto handler = std::move(on_close_);
        handler();
    }
}

}  // namespace loadgen
