// A one-request HTTP client for tests: sends the target verbatim, bounded by a deadline.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace duet::testing {

namespace http = boost::beast::http;

using http_response = http::response<http::string_body>;

// Sends each request on one keep-alive connection and returns the responses in order.
inline std::vector<http_response> http_exchange(
    unsigned short port, std::vector<http::request<http::string_body>> requests) {
    namespace net = boost::asio;
    namespace beast = boost::beast;
    net::io_context io;
    beast::tcp_stream stream(io);
    beast::flat_buffer buffer;
    std::vector<http_response> responses;
    beast::error_code failure;
    std::size_t next = 0;

    std::function<void()> send_next;
    auto parser = std::make_shared<http::response_parser<http::string_body>>();
    send_next = [&] {
        if (next == requests.size()) return;
        auto& req = requests[next];
        req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
        req.prepare_payload();
        stream.expires_after(std::chrono::seconds(5));
        http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
            if (ec) {
                failure = ec;
                return;
            }
            parser = std::make_shared<http::response_parser<http::string_body>>();
            // A HEAD response announces a body it does not send.
            parser->skip(requests[next].method() == http::verb::head);
            http::async_read(stream, buffer, *parser, [&](beast::error_code rec, std::size_t) {
                if (rec) {
                    failure = rec;
                    return;
                }
                responses.push_back(parser->release());
                ++next;
                send_next();
            });
        });
    };

    stream.expires_after(std::chrono::seconds(5));
    stream.async_connect({net::ip::make_address("127.0.0.1"), port}, [&](beast::error_code ec) {
        if (ec) {
            failure = ec;
            return;
        }
        send_next();
    });
    io.run();
    INFO("HTTP exchange: " << failure.message());
    REQUIRE_FALSE(failure);
    REQUIRE(responses.size() == requests.size());
    return responses;
}

inline http::request<http::string_body> http_request(http::verb method, std::string target) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::user_agent, "duet-tests");
    return req;
}

// One request, its target sent exactly as given ("/../etc/passwd" stays as it is).
inline http_response http_get(unsigned short port, std::string target,
                              http::verb method = http::verb::get) {
    return http_exchange(port, {http_request(method, std::move(target))}).front();
}

}  // namespace duet::testing
