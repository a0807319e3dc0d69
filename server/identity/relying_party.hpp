// Duet as an OpenID Connect relying party: the provider's metadata and keys (fetched over
// HTTPS, cached; an unknown kid fetches the keys once more, since providers rotate them), the
// code exchange, and what a verified login leaves behind (a bound name, a signed session). The
// HTTP routes that use it are in auth_routes.cpp; the checks themselves are pure functions
// (id_token, session_cookie, name_bindings, login_flow).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "identity/id_token.hpp"
#include "identity/jwk.hpp"
#include "identity/login_flow.hpp"
#include "identity/binding_store.hpp"
#include "identity/session_cookie.hpp"
#include "ops/server_options.hpp"
#include "signaling/verified_identity.hpp"

namespace duet::identity {

inline constexpr char session_cookie_name[] = "duet_session";

class relying_party {
  public:
    // Reads the client secret, the session key and the bindings file once; any of them
    // missing or malformed is an error for the operator, at start. With `shared` (a cluster's
    // bindings in Redis, which must outlive this) the bindings are there, not in the file.
    static result<std::unique_ptr<relying_party>> make(server_options const& options,
                                                       boost::asio::any_io_executor executor,
                                                       binding_store* shared = nullptr);

    std::string const& label() const { return label_; }
    bool require_identity() const { return require_identity_; }
    std::string const& issuer() const { return issuer_; }
    std::string const& client_id() const { return client_id_; }
    std::int64_t session_lifetime() const { return session_lifetime_.count(); }

    // The person a Cookie header's session names, when its signature checks and it has not
    // expired. Whether its name is still bound to its account is for the bindings to say:
    // the WebSocket login asks them (signaling_handler), and checked_session below.
    std::optional<session> session_from_cookies(std::string_view cookie_header) const;
    std::optional<verified_identity> identity_from_cookies(std::string_view cookie_header) const;
    // The session, if its name is still its account's (a binding removed by an operator ends
    // it). Bindings out of reach: the signed cookie alone is believed here; a login made
    // with it is refused `unavailable` until they are back.
    void checked_session(std::string_view cookie_header,
                         std::function<void(std::optional<session>)> done) const;
    binding_store& bindings() const { return *bindings_; }

    // Starts a login: the URL of the provider's authorization page, with a fresh state.
    void start_login(std::string redirect_uri, std::function<void(result<std::string>)> done);
    // Spends a state whose login the provider did not complete.
    void cancel_login(std::string const& state) {
        pending_.take(state, std::chrono::steady_clock::now());
    }
    // Finishes one: the code exchanged, the ID token verified, the name bound; the session
    // cookie's value for it.
    void finish_login(std::string const& state, std::string code,
                      std::function<void(result<std::string>)> done);

    static std::int64_t unix_now();

  private:
    relying_party(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    void with_metadata(std::function<void(result<provider_metadata>)> done);
    void fetch_keys(std::string const& jwks_uri, std::function<void(error const*)> done);
    void verify(std::string const& id_token, token_expectations expected, std::string jwks_uri,
                bool refetched, std::function<void(result<id_claims>)> done);
    // `claims` completed from the userinfo endpoint when they lack what Duet uses; `done` is
    // called with them, completed or not: userinfo never refuses a sign-in.
    void with_userinfo_claims(id_claims claims, std::string const& endpoint,
                              std::string const& access_token,
                              std::function<void(id_claims const&)> done);
    void signed_in(id_claims const& claims, std::function<void(result<std::string>)> done);

    boost::asio::any_io_executor executor_;
    std::optional<boost::asio::ssl::context> tls_;
    std::string issuer_;
    std::string client_id_;
    std::string client_secret_;
    std::string label_;
    bool require_identity_ = false;
    std::string session_key_;
    std::unique_ptr<binding_store> own_bindings_;  // the file's, without a shared store
    binding_store* bindings_ = nullptr;
    pending_logins pending_;
    std::chrono::milliseconds timeout_{10'000};
    // Shorter: the person waits on the callback page, and sign-in succeeds without it.
    std::chrono::milliseconds userinfo_timeout_{5'000};
    std::chrono::seconds session_lifetime_{7 * 24 * 3600};

    mutable std::mutex cache_mutex_;  // guards the two caches below, never held over I/O
    std::optional<provider_metadata> metadata_;
    std::vector<public_key> keys_;
};

}  // namespace duet::identity
