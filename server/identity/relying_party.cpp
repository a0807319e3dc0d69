#include "identity/relying_party.hpp"

#include <fstream>
#include <sstream>

#include "identity/base64url.hpp"
#include "identity/https_client.hpp"
#include "identity/json_fields.hpp"
#include "identity/userinfo.hpp"
#include "ops/log.hpp"

namespace duet::identity {

namespace {

std::string base64(std::string_view bytes) {
    // Standard base64 with padding, for HTTP Basic (RFC 7617): base64url with the alphabet
    // swapped back.
    auto text = base64url_encode(bytes);
    for (auto& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (text.size() % 4) text += '=';
    return text;
}

}  // namespace

std::int64_t relying_party::unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

result<std::unique_ptr<relying_party>> relying_party::make(server_options const& options,
                                                           boost::asio::any_io_executor executor,
                                                           binding_store* shared) {
    using out_type = result<std::unique_ptr<relying_party>>;
    std::unique_ptr<relying_party> rp(new relying_party(std::move(executor)));
    rp->issuer_ = options.oidc_issuer;
    rp->client_id_ = options.oidc_client_id;
    rp->label_ = options.oidc_label;
    rp->require_identity_ = options.require_identity;

    std::ifstream secret_in(options.oidc_client_secret_file, std::ios::binary);
    std::ostringstream secret;
    secret << secret_in.rdbuf();
    if (!secret_in)
        return out_type::fail(error_code::storage, "cannot read --oidc-client-secret-file");
    rp->client_secret_ = trimmed(secret.str());
    if (rp->client_secret_.empty())
        return out_type::fail(error_code::storage, "--oidc-client-secret-file is empty");

    auto key = load_session_key(options.session_key_file);
    if (!key) return out_type::fail(key.failure.code, "--session-key-file: " + key.failure.message);
    rp->session_key_ = std::move(*key.value);

    if (shared) {
        rp->bindings_ = shared;
    } else {
        auto bindings = name_bindings::open(options.identity_file);
        if (!bindings)
            return out_type::fail(bindings.failure.code,
                                  "--identity-file: " + bindings.failure.message);
        rp->own_bindings_ = make_local_binding_store(std::move(*bindings.value));
        rp->bindings_ = rp->own_bindings_.get();
    }

    rp->tls_.emplace(boost::asio::ssl::context::tls_client);
    boost::system::error_code ec;
    rp->tls_->set_options(boost::asio::ssl::context::no_tlsv1 |
                          boost::asio::ssl::context::no_tlsv1_1);
    if (options.oidc_ca_file.empty()) {
        rp->tls_->set_default_verify_paths(ec);
    } else {
        rp->tls_->load_verify_file(options.oidc_ca_file, ec);
    }
    if (ec)
        return out_type::fail(error_code::storage,
                              "cannot load the CA certificates: " + ec.message());
    return out_type::ok(std::move(rp));
}

std::optional<session> relying_party::session_from_cookies(std::string_view cookie_header) const {
    auto value = cookie_value(cookie_header, session_cookie_name);
    if (value.empty()) return std::nullopt;
    auto decoded = decode_session(value, session_key_, unix_now());
    if (!decoded || decoded.value->issuer != issuer_) return std::nullopt;
    return decoded.value;
}

std::optional<verified_identity> relying_party::identity_from_cookies(
    std::string_view cookie_header) const {
    auto s = session_from_cookies(cookie_header);
    if (!s) return std::nullopt;
    return verified_identity{s->name, s->email, s->issuer, s->display,
                             account_key(s->subject, s->issuer)};
}

void relying_party::checked_session(std::string_view cookie_header,
                                    std::function<void(std::optional<session>)> done) const {
    auto found = session_from_cookies(cookie_header);
    if (!found) return done(std::nullopt);
    auto const name = found->name;
    bindings_->holder_of(name, [s = std::move(*found), done = std::move(done)](name_holder holder) {
        // A session for a name no longer bound to its account (the binding was removed) is
        // not believed.
        bool const ours = holder.unavailable || holder.account == account_key(s.subject, s.issuer);
        done(ours ? std::optional<session>(s) : std::nullopt);
    });
}

void relying_party::with_metadata(std::function<void(result<provider_metadata>)> done) {
    {
        std::lock_guard lock(cache_mutex_);
        if (metadata_) return done(result<provider_metadata>::ok(*metadata_));
    }
    // Discovery 4: the issuer, without a trailing slash, then the well-known path.
    auto base = issuer_;
    if (!base.empty() && base.back() == '/') base.pop_back();
    https_fetch(
        executor_, *tls_, {base + "/.well-known/openid-configuration", {}, {}}, timeout_,
        [this, done = std::move(done)](result<https_response> got) {
            if (!got)
                return done(result<provider_metadata>::fail(got.failure.code, got.failure.message));
            if (got.value->status != 200)
                return done(result<provider_metadata>::fail(
                    error_code::provider, "the provider's discovery document answered " +
                                              std::to_string(got.value->status)));
            auto parsed = parse_discovery(got.value->body, issuer_);
            if (parsed) {
                std::lock_guard lock(cache_mutex_);
                metadata_ = *parsed.value;
            }
            done(std::move(parsed));
        });
}

void relying_party::fetch_keys(std::string const& jwks_uri,
                               std::function<void(error const*)> done) {
    https_fetch(executor_, *tls_, {jwks_uri, {}, {}}, timeout_,
                [this, done = std::move(done)](result<https_response> got) {
                    if (!got) return done(&got.failure);
                    auto keys =
                        got.value->status == 200
                            ? parse_jwk_set(got.value->body)
                            : result<std::vector<public_key>>::fail(
                                  error_code::provider, "the provider's keys are not available");
                    if (!keys) return done(&keys.failure);
                    {
                        std::lock_guard lock(cache_mutex_);
                        keys_ = std::move(*keys.value);
                    }
                    done(nullptr);
                });
}

void relying_party::verify(std::string const& id_token, token_expectations expected,
                           std::string jwks_uri, bool refetched,
                           std::function<void(result<id_claims>)> done) {
    std::vector<public_key> keys;
    {
        std::lock_guard lock(cache_mutex_);
        keys = keys_;
    }
    auto checked = verify_id_token(id_token, keys, expected);
    if (checked || checked.failure.code != error_code::unknown_key || refetched)
        return done(std::move(checked));
    // A kid we have not seen: the provider may have rotated its keys since we fetched them.
    fetch_keys(jwks_uri, [this, id_token, expected, jwks_uri,
                          done = std::move(done)](error const* failed) mutable {
        if (failed) return done(result<id_claims>::fail(failed->code, failed->message));
        verify(id_token, std::move(expected), jwks_uri, true, std::move(done));
    });
}

void relying_party::start_login(std::string redirect_uri,
                                std::function<void(result<std::string>)> done) {
    with_metadata([this, redirect_uri = std::move(redirect_uri),
                   done = std::move(done)](result<provider_metadata> metadata) {
        if (!metadata)
            return done(result<std::string>::fail(metadata.failure.code, metadata.failure.message));
        auto now = std::chrono::steady_clock::now();
        pending_login login{random_url_token(), random_url_token(), redirect_uri,
                            now + pending_logins::lifetime};
        auto state = pending_.add(login, now);
        if (state.empty())
            return done(
                result<std::string>::fail(error_code::bad_state, "too many logins in progress"));
        done(result<std::string>::ok(
            authorization_url(*metadata.value, client_id_, redirect_uri, state, login)));
    });
}

void relying_party::finish_login(std::string const& state, std::string code,
                                 std::function<void(result<std::string>)> done) {
    auto login = pending_.take(state, std::chrono::steady_clock::now());
    if (!login)
        return done(result<std::string>::fail(
            error_code::bad_state,
            "this sign-in link was already used or has expired; sign in again"));
    with_metadata([this, login = std::move(*login), code = std::move(code),
                   done = std::move(done)](result<provider_metadata> metadata) mutable {
        if (!metadata)
            return done(result<std::string>::fail(metadata.failure.code, metadata.failure.message));
        https_request request{metadata.value->token_endpoint,
                              "grant_type=authorization_code&code=" + url_encode(code) +
                                  "&redirect_uri=" + url_encode(login.redirect_uri) +
                                  "&code_verifier=" + url_encode(login.verifier),
                              {}};
        if (metadata.value->secret_in_body) {
            request.form_body += "&client_id=" + url_encode(client_id_) +
                                 "&client_secret=" + url_encode(client_secret_);
        } else {
            // RFC 6749 2.3.1: both parts form-encoded before they are joined.
            request.authorization =
                "Basic " + base64(url_encode(client_id_) + ":" + url_encode(client_secret_));
        }
        auto jwks_uri = metadata.value->jwks_uri;
        auto userinfo_endpoint = metadata.value->userinfo_endpoint;
        https_fetch(
            executor_, *tls_, std::move(request), timeout_,
            [this, nonce = login.nonce, jwks_uri, userinfo_endpoint,
             done = std::move(done)](result<https_response> got) {
                if (!got)
                    return done(result<std::string>::fail(got.failure.code, got.failure.message));
                auto token = id_token_from(got.value->status, got.value->body);
                if (!token)
                    return done(
                        result<std::string>::fail(token.failure.code, token.failure.message));
                auto access_token = bearer_access_token(got.value->body);
                token_expectations expected{issuer_, client_id_, nonce, unix_now(), 120};
                verify(*token.value, expected, jwks_uri, false,
                       [this, done, userinfo_endpoint,
                        access_token = std::move(access_token)](result<id_claims> claims) {
                           if (!claims)
                               return done(result<std::string>::fail(claims.failure.code,
                                                                     claims.failure.message));
                           with_userinfo_claims(
                               std::move(*claims.value), userinfo_endpoint, access_token,
                               [this, done](id_claims const& all) { signed_in(all, done); });
                       });
            });
    });
}

void relying_party::with_userinfo_claims(id_claims claims, std::string const& endpoint,
                                         std::string const& access_token,
                                         std::function<void(id_claims const&)> done) {
    // Asked only after the ID token is verified, so the sub userinfo must match is one we
    // believe; and only for what the token lacks, so a provider that puts it all in the token
    // costs no extra request.
    if (!lacks_profile_claims(claims) || endpoint.empty() || access_token.empty())
        return done(claims);
    https_fetch(executor_, *tls_, {endpoint, {}, "Bearer " + access_token}, userinfo_timeout_,
                [claims, done = std::move(done)](result<https_response> got) {
                    auto merged = got ? with_userinfo(claims, got.value->status, got.value->body)
                                      : result<id_claims>::fail(got.failure.code, {});
                    if (merged) return done(*merged.value);
                    // Never fatal: the ID token alone is a verified sign-in, and a person kept
                    // out because a profile endpoint misbehaves gains nothing. Logged by its code
                    // only (the answer may hold personal data; the request holds the token).
                    log_line("userinfo not used (" + std::string(to_string(merged.failure.code)) +
                             "): signed in with the ID token's claims alone");
                    done(claims);
                });
}

void relying_party::signed_in(id_claims const& claims,
                              std::function<void(result<std::string>)> done) {
    bindings_->bind(
        account_key(claims.subject, claims.issuer), name_candidates(claims),
        [this, claims, done = std::move(done)](result<std::string> name) {
            if (!name) return done(result<std::string>::fail(name.failure.code, name.failure.message));
            session s{*name.value,  claims.subject, claims.issuer,
                      claims.email, claims.name,    unix_now() + session_lifetime_.count()};
            done(result<std::string>::ok(encode_session(s, session_key_)));
        });
}

}  // namespace duet::identity
