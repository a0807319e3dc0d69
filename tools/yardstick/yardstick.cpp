// The yardstick for tools/bench.sh: the signaling hot path and nothing else. One thread,
// Beast WebSocket, parse each message once, look the target up, send one frame. No
// validation, limits, logging, TLS or HTTP: what the machine allows, to compare Duet with.
// Usage: duet-yardstick PORT
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using json = nlohmann::json;

class session;
std::unordered_map<std::string, session*> users;

class session : public std::enable_shared_from_this<session> {
public:
    explicit session(tcp::socket socket) : ws_(std::move(socket)) {}
    ~session() {
        auto it = users.find(name_);
        if (it != users.end() && it->second == this) users.erase(it);
    }

    void run() {
        ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->read();
        });
    }

    void send(std::string text) {
        queue_.push_back(std::move(text));
        if (queue_.size() == 1) write();
    }

private:
    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->handle(beast::buffers_to_string(self->buffer_.data()));
            self->buffer_.clear();
            self->read();
        });
    }

    void handle(std::string const& text) {
        json doc = json::parse(text, nullptr, false);
        if (!doc.is_object()) return;
        std::string type = doc.value("type", "");
        std::string to = doc.value("name", "");
        if (type == "login") {
            bool ok = users.emplace(to, this).second;
            if (ok) name_ = to;
            send(json{{"type", "login"}, {"success", ok}}.dump());
            return;
        }
        auto it = users.find(to);
        if (it == users.end()) return;
        json out = {{"type", type}, {"name", name_}};
        if (doc.contains(type)) out[type] = std::move(doc[type]);
        it->second->send(out.dump());
    }

    void write() {
        ws_.async_write(net::buffer(queue_.front()),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return;
                            self->queue_.pop_front();
                            if (!self->queue_.empty()) self->write();
                        });
    }

    websocket::stream<tcp::socket> ws_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    std::string name_;
};

void accept(tcp::acceptor& acceptor) {
    acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
        if (!ec) {
            socket.set_option(tcp::no_delay(true));
            std::make_shared<session>(std::move(socket))->run();
        }
        accept(acceptor);
    });
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: duet-yardstick PORT\n";
        return 2;
    }
    net::io_context ioc{1};
    tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(std::atoi(argv[1]))});
    accept(acceptor);
    std::cout << "yardstick listening on ws://127.0.0.1:" << acceptor.local_endpoint().port()
              << "/" << std::endl;
    ioc.run();
}
