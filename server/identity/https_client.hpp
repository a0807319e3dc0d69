// The relying party's only way out: one HTTPS request to the identity provider (discovery,
// keys, the token endpoint) with Beast, the certificate verified against the trusted CAs and
// the host name, a deadline, and a bounded answer. Errors are values; nothing here throws.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "identity/identity_error.hpp"

namespace duet::identity {

struct https_url {
    std::string host;
    std::string port = "443";
    std::string target = "/";  // path and query
};

// Only https:// URLs: the provider's answers decide who someone is.
std::optional<https_url> parse_https_url(std::string_view url);

struct https_request {
    std::string url;
    std::string form_body;      // POSTed as application/x-www-form-urlencoded when not empty
    std::string authorization;  // an Authorization header value, or empty
};

struct https_response {
    unsigned status = 0;
    std::string body;
};

using https_done = std::function<void(result<https_response>)>;

// Calls `done` exactly once, on `executor`'s threads. Messages say what failed (connect, TLS,
// a certificate) but never carry the request's body or the answer's: they hold secrets.
void https_fetch(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                 https_request request, std::chrono::milliseconds timeout, https_done done);

}  // namespace duet::identity
