// Sign-in through an identity provider as the page sees it (issue 15): what the server's
// /auth/config and /auth/me answer, read without throwing, and what the login screen offers
// because of it. The page asks by fetch (web/auth_requests); the server decides the name, so
// a page its session cookie names signs in to signaling under that name and no other.
#pragma once

#include <optional>
#include <string>

#include "protocol/messages.hpp"

namespace duet::call {

// An HTTP answer as the web door reports it: status 0 when the request itself failed.
struct http_reply {
    int status = 0;
    std::string body;
};

// GET /auth/config on a server with a provider.
struct provider {
    std::string label;      // "Sign in with <label>"
    bool required = false;  // --require-identity: no name-only login
    bool operator==(provider const&) const = default;
};

// GET /auth/me with a valid session cookie: who the page is.
struct account_identity {
    std::string issuer;
    std::string sub;
    std::string name;  // the Duet name the account is bound to
    std::string email;
    std::string display;  // the provider's display name, e.g. "Alice Wang"
    bool operator==(account_identity const&) const = default;
};

// A provider, or none: a server without one answers {"enabled": false} (an older one 404);
// anything unreadable counts as none (the name login stays, and the server still refuses
// what it must).
std::optional<provider> provider_from(http_reply const& r);
// Who the session names, or nobody (`verified` false, no cookie, an unreadable answer).
std::optional<account_identity> identity_from(http_reply const& r);

class account {
  public:
    // /auth/config answered: true when /auth/me is worth asking (a provider is configured).
    bool on_config(http_reply const& r);
    // /auth/me answered: the name to sign in to signaling under, when the session names one.
    std::optional<std::string> on_me(http_reply const& r);
    // A login was refused. identity_required means the server needs an account whatever it
    // said before (it restarted with --require-identity): the name login goes. True when
    // the configuration should be asked for again (the provider's label is not known yet).
    bool on_login_refused(std::optional<protocol::error_code> code);
    // Signed out of the provider's session (POST /auth/logout answered).
    void on_signed_out() { me_.reset(); }

    std::optional<call::provider> const& provider() const { return provider_; }
    std::optional<account_identity> const& me() const { return me_; }
    // What the login screen offers: the name field (not when an account is required or the
    // session already names us), and "Sign in with <label>" (a provider, not yet signed in).
    bool offers_name_login() const { return !me_ && !(provider_ && provider_->required); }
    bool offers_provider() const { return provider_.has_value() && !me_; }

  private:
    std::optional<call::provider> provider_;
    std::optional<account_identity> me_;
};

}  // namespace duet::call
