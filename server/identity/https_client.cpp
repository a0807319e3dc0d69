#include "identity/https_client.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>
#include <memory>

#include "net/beast.hpp"

namespace duet::identity {

namespace {

constexpr std::size_t max_answer_bytes = 1 << 20;  // a JWK Set or discovery document is a few KiB

class fetch : public std::enable_shared_from_this<fetch> {
    using error_code = boost::system::error_code;  // Beast's, not identity::error_code

  public:
    fetch(boost::asio::any_io_executor executor, ssl::context& tls, https_url url,
          https_request request, std::chrono::milliseconds timeout, https_done done)
        : resolver_(executor),
          stream_(executor, tls),
          url_(std::move(url)),
          request_(std::move(request)),
          timeout_(timeout),
          done_(std::move(done)) {}

    void run() {
        // SNI, and the name the certificate must carry (RFC 6125 checks by OpenSSL).
        if (!SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str()))
            return finish("cannot set the TLS server name");
        stream_.set_verify_mode(ssl::verify_peer);
        stream_.set_verify_callback(ssl::host_name_verification(url_.host));
        beast::get_lowest_layer(stream_).expires_after(timeout_);
        resolver_.async_resolve(
            url_.host, url_.port,
            [self = shared_from_this()](error_code ec, tcp::resolver::results_type found) {
                if (ec) return self->finish("cannot resolve the provider's host");
                beast::get_lowest_layer(self->stream_)
                    .async_connect(found,
                                   [self](error_code e, auto const&) { self->on_connect(e); });
            });
    }

  private:
    void on_connect(error_code ec) {
        if (ec) return finish("cannot connect to the provider: " + ec.message());
        stream_.async_handshake(
            ssl::stream_base::client,
            [self = shared_from_this()](error_code e) { self->on_handshake(e); });
    }

    void on_handshake(error_code ec) {
        if (ec)
            return finish("TLS with the provider failed (is its certificate trusted?): " +
                          ec.message());
        http::request<http::string_body> req{
            request_.form_body.empty() ? http::verb::get : http::verb::post, url_.target, 11};
        // The port too, unless it is https's own: providers build their URLs from Host.
        auto host = url_.host.find(':') == std::string::npos ? url_.host : "[" + url_.host + "]";
        req.set(http::field::host, url_.port == "443" ? host : host + ":" + url_.port);
        req.set(http::field::user_agent, "duet-server");
        req.set(http::field::accept, "application/json");
        if (!request_.authorization.empty())
            req.set(http::field::authorization, request_.authorization);
        if (!request_.form_body.empty()) {
            req.set(http::field::content_type, "application/x-www-form-urlencoded");
            req.body() = request_.form_body;
        }
        req.prepare_payload();
        request_message_ = std::move(req);
        http::async_write(
            stream_, request_message_, [self = shared_from_this()](error_code e, std::size_t) {
                if (e) return self->finish("cannot send to the provider: " + e.message());
                self->parser_.body_limit(max_answer_bytes);
                http::async_read(self->stream_, self->buffer_, self->parser_,
                                 [self](error_code r, std::size_t) { self->on_read(r); });
            });
    }

    void on_read(error_code ec) {
        if (ec) return finish("no answer from the provider: " + ec.message());
        auto& res = parser_.get();
        https_response out{static_cast<unsigned>(res.result_int()), std::move(res.body())};
        // The connection is not reused: close it without waiting for the peer's close_notify.
        error_code ignored;
        beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        auto done = std::move(done_);
        done(result<https_response>::ok(std::move(out)));
    }

    void finish(std::string message) {
        if (!done_) return;
        auto done = std::move(done_);
        done(result<https_response>::fail(identity::error_code::provider, std::move(message)));
    }

    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    https_url url_;
    https_request request_;
    std::chrono::milliseconds timeout_;
    https_done done_;
    http::request<http::string_body> request_message_;
    beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
};

}  // namespace

std::optional<https_url> parse_https_url(std::string_view url) {
    constexpr std::string_view scheme = "https://";
    if (url.substr(0, scheme.size()) != scheme) return std::nullopt;
    auto rest = url.substr(scheme.size());
    auto slash = rest.find_first_of("/?#");
    auto authority = rest.substr(0, slash);
    https_url out;
    if (slash != std::string_view::npos) out.target = std::string(rest.substr(slash));
    if (auto hash = out.target.find('#'); hash != std::string::npos) out.target.resize(hash);
    if (out.target.empty() || out.target.front() != '/') out.target.insert(0, "/");
    if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        out.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (!authority.empty() && authority.front() != ':') return std::nullopt;
        if (!authority.empty()) out.port = std::string(authority.substr(1));
    } else {
        auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
    }
    if (out.host.empty() || out.port.empty() ||
        out.port.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return out;
}

void https_fetch(boost::asio::any_io_executor executor, ssl::context& tls, https_request request,
                 std::chrono::milliseconds timeout, https_done done) {
    auto url = parse_https_url(request.url);
    if (!url) {
        return boost::asio::post(executor, [done = std::move(done)] {
            done(result<https_response>::fail(error_code::provider, "not an https:// URL"));
        });
    }
    std::make_shared<fetch>(executor, tls, std::move(*url), std::move(request), timeout,
                            std::move(done))
        ->run();
}

}  // namespace duet::identity
