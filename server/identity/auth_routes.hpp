// The browser's side of sign-in, under /auth/: where the login button goes (login), where the
// provider sends the browser back (callback), and what the page asks (me, config, logout).
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "identity/relying_party.hpp"
#include "net/beast.hpp"

namespace duet::identity {

using auth_response = http::response<http::string_body>;

bool is_auth_target(std::string_view target);

// A server without a provider still answers the page's first question, GET /auth/config,
// with {"enabled": false}: a clear "none" rather than a 404 in the browser's console. Empty
// for any other request, which the static files answer as before.
std::optional<auth_response> no_provider_answer(http::request<http::string_body> const& request);

// Answers `request` through `done`, at once or once the provider has answered (on one of the
// io_context's threads: the caller hops back to its connection). `secure`: the request came
// over TLS, so the cookie is marked Secure and the redirect URI is https.
void handle_auth_request(relying_party& rp, http::request<http::string_body> const& request,
                         bool secure, std::function<void(auth_response)> done);

}  // namespace duet::identity
