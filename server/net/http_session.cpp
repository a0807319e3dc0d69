#include "net/http_session.hpp"

#include <filesystem>
#include <optional>
#include <utility>

#include "http/http_responses.hpp"
#include "identity/auth_routes.hpp"
#include "ops/log.hpp"
#include "http/origin_policy.hpp"
#include "net/signaling_session.hpp"
#include "http/static_files.hpp"

namespace duet {

namespace {

bool is_signaling_target(beast::string_view target) {
    auto path = target.substr(0, target.find('?'));
    return path == "/" || path == "/ws";
}

}  // namespace

template <class Stream>
http_session<Stream>::http_session(Stream&& stream, beast::flat_buffer&& buffer,
                                   server_context& context, connection_ticket ticket,
                                   bool from_loopback)
    : stream_(std::move(stream)),
      buffer_(std::move(buffer)),
      context_(context),
      ticket_(std::move(ticket)),
      from_loopback_(from_loopback) {}

template <class Stream>
void http_session<Stream>::run() {
    auto self = this->shared_from_this();
    if constexpr (is_tls<Stream>) {
        beast::get_lowest_layer(stream_).expires_after(context_.limits.handshake_timeout);
        stream_.async_handshake(ssl::stream_base::server, buffer_.data(),
                                beast::bind_front_handler(&http_session::on_handshake, self));
    } else {
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&http_session::do_read, self));
    }
}

template <class Stream>
void http_session<Stream>::on_handshake(error_code ec, std::size_t bytes_used) {
    if (ec) return log_failure(ec, "tls handshake");
    buffer_.consume(bytes_used);
    do_read();
}

template <class Stream>
void http_session<Stream>::do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(context_.limits.max_header_bytes));
    parser_->body_limit(context_.limits.max_body_bytes);
    // Covers the whole request: a client trickling a header byte by byte is cut off.
    beast::get_lowest_layer(stream_).expires_after(context_.limits.header_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, this->shared_from_this()));
}

template <class Stream>
void http_session<Stream>::on_read(error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec) {
        if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
            auto status = (ec == http::error::header_limit || ec == http::error::body_limit)
                              ? http::status::payload_too_large
                              : http::status::bad_request;
            return send_response(text_response(11, false, status,
                                               ec == http::error::header_limit
                                                   ? "Request header too large\n"
                                                   : "Bad request\n"));
        }
        return log_failure(ec, "http read");
    }

    auto request = parser_->release();
    auto const version = request.version();
    auto const keep_alive = request.keep_alive();

    if (websocket::is_upgrade(request)) return handle_upgrade(std::move(request));

    // For a load balancer (over plain HTTP too): the process is up; it can serve new users
    // (its registry answers: always for one process, Redis reachable for a node).
    auto const path = request.target().substr(0, request.target().find('?'));
    if (path == "/healthz" || path == "/readyz") {
        bool const ready = path == "/healthz" || context_.registry.usable();
        auto res = text_response(version, keep_alive,
                                 ready ? http::status::ok : http::status::service_unavailable,
                                 ready ? "ok\n" : "the user registry is unreachable\n");
        res.set(http::field::cache_control, "no-store");
        return send_response(std::move(res));
    }

    if (context_.tls && !is_tls<Stream> && !from_loopback_) {
        // The camera needs a secure context: send browsers on the network to HTTPS.
        auto host = request[http::field::host];
        if (host.empty()) {
            return send_response(
                text_response(version, false, http::status::bad_request, "Missing Host\n"));
        }
        auto res = text_response(version, keep_alive, http::status::moved_permanently,
                                 "Use HTTPS\n");
        res.set(http::field::location,
                "https://" + std::string(host) + std::string(request.target()));
        return send_response(std::move(res));
    }

    if (identity::is_auth_target(request.target())) {
        if (context_.identity) return handle_auth(std::move(request));
        if (auto none = identity::no_provider_answer(request)) return send_response(std::move(*none));
    }

    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        auto res = text_response(version, keep_alive, http::status::method_not_allowed,
                                 "Only GET and HEAD are served\n");
        res.set(http::field::allow, "GET, HEAD");
        return send_response(std::move(res));
    }

    auto resolved = resolve_target(context_.web_root, request.target());
    if (resolved.result == resolved_path::status::bad_request) {
        return send_response(
            text_response(version, keep_alive, http::status::bad_request, "Bad path\n"));
    }
    if (resolved.result != resolved_path::status::ok) {
        return send_response(
            text_response(version, keep_alive, http::status::not_found, "Not found\n"));
    }

    // Precompressed copies made at build time, best first; the type stays the original's.
    std::filesystem::path served = resolved.file;
    std::string_view coding;
    for (auto [name, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
        if (!accepts_encoding(request[http::field::accept_encoding], name)) continue;
        if (auto variant = precompressed_variant(context_.web_root, resolved.file, suffix)) {
            served = std::move(*variant);
            coding = name;
            break;
        }
    }

    // A reload revalidates (no-cache) and costs a 304 when nothing changed.
    auto const etag = entity_tag(served, coding);
    auto set_headers = [&](http::response_header<>& h) {
        set_security_headers(h);
        h.set(http::field::content_type, mime_type(resolved.file));
        h.set(http::field::cache_control, "no-cache");
        h.set(http::field::etag, etag);
        h.set(http::field::vary, "Accept-Encoding");
        if (!coding.empty()) h.set(http::field::content_encoding, coding);
    };
    if (etag_matches(request[http::field::if_none_match], etag)) {
        http::response<http::empty_body> not_modified{http::status::not_modified, version};
        set_headers(not_modified.base());
        not_modified.erase(http::field::content_type);
        not_modified.keep_alive(keep_alive);
        return send_response(std::move(not_modified));
    }

    http::file_body::value_type body;
    body.open(served.c_str(), beast::file_mode::scan, ec);
    if (ec) {
        return send_response(
            text_response(version, keep_alive, http::status::not_found, "Not found\n"));
    }
    auto const size = body.size();
    if (request.method() == http::verb::head) {
        http::response<http::empty_body> head{http::status::ok, version};
        set_headers(head.base());
        head.content_length(size);
        head.keep_alive(keep_alive);
        return send_response(std::move(head));
    }
    http::response<http::file_body> res{std::piecewise_construct,
                                        std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, version)};
    set_headers(res.base());
    res.content_length(size);
    res.keep_alive(keep_alive);
    send_response(std::move(res));
}

template <class Stream>
void http_session<Stream>::handle_upgrade(http::request<http::string_body>&& request) {
    auto const version = request.version();
    auto const keep_alive = request.keep_alive();
    if (!is_signaling_target(request.target())) {
        return send_response(text_response(version, keep_alive, http::status::not_found,
                                           "Signaling is at / and /ws\n"));
    }
    if (context_.tls && !is_tls<Stream> && !from_loopback_) {
        return send_response(text_response(version, false, http::status::forbidden,
                                           "Use wss:// (TLS) from the network\n"));
    }
    // A page from another site must not use a visitor's browser to sign in here.
    if (!origin_allowed(request[http::field::origin], request[http::field::host],
                        context_.allowed_origins)) {
        return send_response(text_response(version, false, http::status::forbidden,
                                           "Origin not allowed\n"));
    }
    beast::get_lowest_layer(stream_).expires_never();
    context_.executors.start_signaling(std::move(stream_), [&](auto&& transport) {
        using transport_type = std::decay_t<decltype(transport)>;
        std::make_shared<signaling_session<transport_type>>(std::move(transport), context_,
                                                            std::move(ticket_))
            ->run(std::move(request));
    });
}

template <class Stream>
void http_session<Stream>::handle_auth(http::request<http::string_body>&& request) {
    // The answer may wait for the provider; it comes back on an io_context thread, and is sent
    // from this connection's executor, with a fresh deadline for the write.
    identity::handle_auth_request(
        *context_.identity, request, is_tls<Stream>,
        [self = this->shared_from_this()](identity::auth_response res) {
            net::dispatch(self->stream_.get_executor(), [self, res = std::move(res)]() mutable {
                beast::get_lowest_layer(self->stream_).expires_after(self->context_.limits.header_timeout);
                self->send_response(std::move(res));
            });
        });
}

template <class Stream>
template <class Response>
void http_session<Stream>::send_response(Response&& response) {
    auto message = std::make_shared<std::decay_t<Response>>(std::move(response));
    bool keep_alive = message->keep_alive();
    http::async_write(stream_, *message,
                      [self = this->shared_from_this(), message, keep_alive](error_code ec,
                                                                             std::size_t bytes) {
                          self->on_write(keep_alive, ec, bytes);
                      });
}

template <class Stream>
void http_session<Stream>::on_write(bool keep_alive, error_code ec, std::size_t) {
    if (ec) return log_failure(ec, "http write");
    if (!keep_alive) return do_close();
    do_read();
}

template <class Stream>
void http_session<Stream>::do_close() {
    if constexpr (is_tls<Stream>) {
        beast::get_lowest_layer(stream_).expires_after(context_.limits.handshake_timeout);
        stream_.async_shutdown([self = this->shared_from_this()](error_code) {});
    } else {
        error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
}

template class http_session<plain_stream>;
template class http_session<tls_stream>;

}  // namespace duet
