// A WebSocket client for tests: single-threaded, every wait bounded by a deadline.
//
// One async_read is always outstanding and feeds an inbox, so waiting for "nothing arrives"
// never cancels a read (a cancelled Beast read fails the stream for good).
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace duet::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using error_code = boost::beast::error_code;
using namespace std::chrono_literals;

// Runs `io` until `done()` holds or the deadline passes; false on timeout.
template <class Done>
bool run_until(net::io_context& io, Done done, std::chrono::steady_clock::duration timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        if (io.stopped()) io.restart();
        if (io.run_one_for(deadline - now) == 0 && io.stopped()) {
            // Out of work: nothing more can happen.
            return done();
        }
    }
    return true;
}

struct frame {
    bool text = true;
    std::string data;
};

class ws_client {
  public:
    // Connects and completes the WebSocket handshake at `target`, or fails the test.
    // A browser page adds its `origin`; a program sends none.
    explicit ws_client(unsigned short port, std::string const& target = "/",
                       std::string const& origin = {})
        : ws_(io_) {
        connect_tcp(port);
        set_origin(origin);
        websocket::response_type res;
        auto ec = handshake(port, target, res);
        INFO("handshake at " << target << ": " << ec.message() << ", HTTP " << res.result_int());
        REQUIRE_FALSE(ec);
        start_read();
    }

    // The HTTP status a WebSocket upgrade at `target` gets when the server declines it.
    static unsigned upgrade_status(unsigned short port, std::string const& target,
                                   std::string const& origin = {}) {
        ws_client c(port, target, no_handshake{});
        c.set_origin(origin);
        websocket::response_type res;
        auto ec = c.handshake(port, target, res);
        INFO("handshake at " << target << ": " << ec.message());
        CHECK(ec);  // declined
        return res.result_int();
    }

    ~ws_client() {
        error_code ignored;
        ws_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
        ws_.next_layer().close(ignored);
        io_.restart();
        io_.poll();  // let the outstanding read finish while `this` is alive
    }
    ws_client(ws_client const&) = delete;
    ws_client& operator=(ws_client const&) = delete;

    void send_text(std::string_view text) { write(text, true); }
    void send_json(json const& message) { write(message.dump(), true); }
    void send_binary(std::string_view bytes) { write(bytes, false); }

    // The next frame, which must arrive within `timeout`.
    frame recv_frame(std::chrono::milliseconds timeout = 5s) {
        run_until(
            io_, [&] { return !inbox_.empty() || read_error_; }, timeout);
        if (inbox_.empty()) {
            FAIL(
                "no message within "
                << timeout.count() << " ms"
                << (read_error_ ? "; connection ended: " + read_error_->message() : std::string()));
        }
        frame f = std::move(inbox_.front());
        inbox_.pop_front();
        return f;
    }

    // The next frame, which must be a text frame holding a JSON object.
    json recv_json(std::chrono::milliseconds timeout = 5s) {
        auto f = recv_frame(timeout);
        INFO("frame: " << f.data);
        REQUIRE(f.text);
        auto doc = json::parse(f.data, nullptr, false);
        REQUIRE(doc.is_object());
        return doc;
    }

    // Fails the test if anything arrives within `window` (or the connection ends).
    void expect_no_message(std::chrono::milliseconds window = 200ms) {
        run_until(
            io_, [&] { return !inbox_.empty() || read_error_; }, window);
        INFO("unexpected: " << (inbox_.empty() ? std::string("(none)") : inbox_.front().data));
        CHECK(inbox_.empty());
        INFO("connection ended: " << (read_error_ ? read_error_->message() : std::string("no")));
        CHECK_FALSE(read_error_);
    }

    // Logs in as `name` and requires success. `extra` adds fields (features, peer, token).
    json login(std::string const& name, json const& extra = json::object()) {
        json message = {{"type", "login"}, {"name", name}};
        message.update(extra);
        send_json(message);
        auto reply = recv_json();
        INFO("login reply: " << reply.dump());
        REQUIRE(reply["type"] == "login");
        REQUIRE(reply["success"] == true);
        return reply;
    }

    // A clean close handshake, as a browser does when a page closes.
    void close() {
        bool done = false;
        error_code result;
        ws_.async_close(websocket::close_code::normal, [&](error_code ec) {
            result = ec;
            done = true;
        });
        REQUIRE(run_until(
            io_, [&] { return done; }, 5s));
        INFO("close: " << result.message());
        CHECK_FALSE(result);
    }

    // The TCP connection cut with no close frame, as when a network vanishes.
    void drop() {
        error_code ignored;
        ws_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
        ws_.next_layer().close(ignored);
        run_until(
            io_, [&] { return read_error_.has_value(); }, 1s);
    }

    // True if the server closes the connection within `timeout`.
    bool wait_closed(std::chrono::milliseconds timeout = 5s) {
        return run_until(
            io_, [&] { return read_error_.has_value(); }, timeout);
    }
    std::optional<error_code> const& read_error() const { return read_error_; }
    websocket::close_reason const& close_reason() const { return ws_.reason(); }

  private:
    struct no_handshake {};

    ws_client(unsigned short port, std::string const&, no_handshake) : ws_(io_) {
        connect_tcp(port);
    }

    void set_origin(std::string const& origin) {
        if (origin.empty()) return;
        ws_.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
            req.set(beast::http::field::origin, origin);
        }));
    }

    void connect_tcp(unsigned short port) {
        error_code ec;
        ws_.next_layer().connect({net::ip::make_address("127.0.0.1"), port}, ec);
        INFO("connect to port " << port << ": " << ec.message());
        REQUIRE_FALSE(ec);
    }

    error_code handshake(unsigned short port, std::string const& target,
                         websocket::response_type& res) {
        bool done = false;
        error_code result;
        ws_.async_handshake(res, "127.0.0.1:" + std::to_string(port), target, [&](error_code ec) {
            result = ec;
            done = true;
        });
        REQUIRE(run_until(
            io_, [&] { return done; }, 5s));
        return result;
    }

    void start_read() {
        ws_.async_read(buffer_, [this](error_code ec, std::size_t) {
            if (ec) {
                read_error_ = ec;
                return;
            }
            inbox_.push_back({ws_.got_text(), beast::buffers_to_string(buffer_.data())});
            buffer_.consume(buffer_.size());
            start_read();
        });
    }

    void write(std::string_view data, bool text) {
        ws_.text(text);
        bool done = false;
        error_code result;
        ws_.async_write(net::buffer(data.data(), data.size()), [&](error_code ec, std::size_t) {
            result = ec;
            done = true;
        });
        REQUIRE(run_until(
            io_, [&] { return done; }, 5s));
        INFO("write: " << result.message());
        REQUIRE_FALSE(result);
    }

    net::io_context io_;
    websocket::stream<tcp::socket> ws_;
    beast::flat_buffer buffer_;
    std::deque<frame> inbox_;
    std::optional<error_code> read_error_;
};

}  // namespace duet::testing
