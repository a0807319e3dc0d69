#include "http_session.hpp"

#include <chrono>

#include "log.hpp"
#include "signaling_session.hpp"
#include "static_files.hpp"

namespace duet {

namespace {

// Requests here are GETs of a few hundred bytes; a browser's largest headers fit easily.
constexpr std::uint32_t max_header_bytes = 8 * 1024;
constexpr std::uint64_t max_body_bytes = 1024;
constexpr auto read_timeout = std::chrono::seconds(30);

bool is_signaling_target(beast::string_view target) {
    auto path = target.substr(0, target.find('?'));
    return path == "/" || path == "/ws";
}

http::response<http::string_body> text_response(http::request<http::string_body> const& req,
                                                http::status status, std::string body) {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::server, "duet-server");
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

}  // namespace

http_session::http_session(tcp::socket&& socket, server_context& context)
    : stream_(std::move(socket)), context_(context) {}

void http_session::run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->header_limit(max_header_bytes);
    parser_->body_limit(max_body_bytes);
    stream_.expires_after(read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec) {
        if (ec == http::error::header_limit || ec == http::error::body_limit ||
            ec.category() == http::make_error_code(http::error::bad_target).category()) {
            http::request<http::string_body> dummy;
            auto res = text_response(dummy, http::status::bad_request, "Bad request\n");
            res.keep_alive(false);
            return send_response(std::move(res));
        }
        return log_failure(ec, "http read");
    }

    auto request = parser_->release();

    if (websocket::is_upgrade(request)) {
        if (!is_signaling_target(request.target())) {
            auto res = text_response(request, http::status::not_found,
                                     "Signaling is at / and /ws\n");
            return send_response(std::move(res));
        }
        stream_.expires_never();
        std::make_shared<signaling_session>(stream_.release_socket(), context_)
            ->run(std::move(request));
        return;
    }

    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        auto res = text_response(request, http::status::method_not_allowed,
                                 "Only GET and HEAD are served\n");
        res.set(http::field::allow, "GET, HEAD");
        return send_response(std::move(res));
    }

    auto resolved = resolve_target(context_.web_root, request.target());
    if (resolved.result == resolved_path::status::bad_request) {
        return send_response(text_response(request, http::status::bad_request, "Bad path\n"));
    }
    if (resolved.result == resolved_path::status::not_found) {
        return send_response(text_response(request, http::status::not_found, "Not found\n"));
    }

    http::file_body::value_type body;
    body.open(resolved.file.c_str(), beast::file_mode::scan, ec);
    if (ec) return send_response(text_response(request, http::status::not_found, "Not found\n"));

    auto const size = body.size();
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, request.version())};
    res.set(http::field::server, "duet-server");
    res.set(http::field::content_type, mime_type(resolved.file));
    res.set("X-Content-Type-Options", "nosniff");
    res.set(http::field::cache_control, "no-cache");
    res.content_length(size);
    res.keep_alive(request.keep_alive());
    if (request.method() == http::verb::head) {
        http::response<http::empty_body> head{http::status::ok, request.version()};
        head.base() = res.base();
        head.content_length(size);
        return send_response(std::move(head));
    }
    send_response(std::move(res));
}

template <class Body>
void http_session::send_response(http::response<Body>&& response) {
    auto message = std::make_shared<http::response<Body>>(std::move(response));
    bool keep_alive = message->keep_alive();
    http::async_write(stream_, *message,
                      [self = shared_from_this(), message, keep_alive](error_code ec,
                                                                       std::size_t bytes) {
                          self->on_write(keep_alive, ec, bytes);
                      });
}

void http_session::on_write(bool keep_alive, error_code ec, std::size_t) {
    if (ec) return log_failure(ec, "http write");
    if (!keep_alive) return do_close();
    do_read();
}

void http_session::do_close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace duet
