// The server's /auth/ routes asked from the page (issue 15, server/identity/auth_routes):
// whether it has an identity provider (GET /auth/config), whom the session cookie names
// (GET /auth/me), and signing out of that session (POST /auth/logout). Each answer, a failed
// request included, arrives once as an auth_reply event of plain values; reading it is
// call/account's. The cookie is HttpOnly: the page never sees it, the browser sends it.
#pragma once

#include <memory>

#include "event_sink.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class auth_requests {
  public:
    explicit auth_requests(event_sink& sink);
    ~auth_requests();
    auth_requests(auth_requests const&) = delete;
    auth_requests& operator=(auth_requests const&) = delete;

    void ask(auth_request what);

  private:
    event_sink& sink_;
    std::unique_ptr<event_owner<auth_request>> owner_;
};

}  // namespace duet::web
