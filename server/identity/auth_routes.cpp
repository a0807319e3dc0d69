#include "identity/auth_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/http_responses.hpp"
#include "ops/log.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

auth_response no_store(auth_response res) {
    // Nothing under /auth/ may be cached: each answer is about one browser, right now.
    res.set(http::field::cache_control, "no-store");
    return res;
}

auth_response json_response(unsigned version, bool keep_alive, json const& body,
                            http::status status = http::status::ok) {
    auto res = text_response(version, keep_alive, status, body.dump());
    res.set(http::field::content_type, "application/json");
    return no_store(std::move(res));
}

auth_response redirect(unsigned version, bool keep_alive, std::string const& location) {
    auto res = text_response(version, keep_alive, http::status::found, "Redirecting\n");
    res.set(http::field::location, location);
    return no_store(std::move(res));
}

std::string cookie(std::string const& value, std::int64_t max_age, bool secure) {
    // SameSite=Lax: the provider's redirect back is a cross-site top-level navigation, which
    // Lax lets through and Strict would not; a cross-site POST or fetch carries no cookie.
    return std::string(session_cookie_name) + "=" + value +
           "; Path=/; Max-Age=" + std::to_string(max_age) + "; HttpOnly; SameSite=Lax" +
           (secure ? "; Secure" : "");
}

// A page the person can read when sign-in fails (the browser is mid-redirect, no script).
auth_response failure_page(unsigned version, bool keep_alive, http::status status,
                           error const& why) {
    log_line("sign-in failed: " + std::string(to_string(why.code)));
    return no_store(text_response(version, keep_alive, status,
                                  "Sign-in failed (" + std::string(to_string(why.code)) + "): " +
                                      why.message + "\nGo back to the start page to try again.\n"));
}

}  // namespace

bool is_auth_target(std::string_view target) { return path_of(target).substr(0, 6) == "/auth/"; }

std::optional<auth_response> no_provider_answer(http::request<http::string_body> const& request) {
    if (path_of(request.target()) != "/auth/config" || request.method() != http::verb::get)
        return std::nullopt;
    return json_response(request.version(), request.keep_alive(), {{"enabled", false}});
}

void handle_auth_request(relying_party& rp, http::request<http::string_body> const& request,
                         bool secure, std::function<void(auth_response)> done) {
    auto const version = request.version();
    auto const keep_alive = request.keep_alive();
    auto const target = std::string(request.target());
    auto const path = path_of(target);
    auto const method = request.method();
    auto const cookies = std::string(request[http::field::cookie]);

    if (path == "/auth/config" && method == http::verb::get) {
        return done(json_response(
            version, keep_alive,
            {{"enabled", true}, {"label", rp.label()}, {"required", rp.require_identity()}}));
    }
    if (path == "/auth/me" && method == http::verb::get) {
        return rp.checked_session(cookies, [version, keep_alive, label = rp.label(),
                                            done](std::optional<session> s) {
            if (!s)
                return done(
                    json_response(version, keep_alive, {{"verified", false}, {"label", label}}));
            done(json_response(version, keep_alive,
                               {{"verified", true},
                                {"issuer", s->issuer},
                                {"sub", s->subject},
                                {"name", s->name},
                                {"email", s->email},
                                {"display", s->display},
                                {"label", label}}));
        });
    }
    if (path == "/auth/logout" && method == http::verb::post) {
        auto res = json_response(version, keep_alive, {{"verified", false}});
        res.set(http::field::set_cookie, cookie("", 0, secure));
        return done(std::move(res));
    }
    if (path == "/auth/login" && method == http::verb::get) {
        auto host = std::string(request[http::field::host]);
        if (host.empty() || host.find_first_of("/\\@ ") != std::string::npos)
            return done(no_store(
                text_response(version, false, http::status::bad_request, "Missing Host\n")));
        auto redirect_uri = std::string(secure ? "https://" : "http://") + host + "/auth/callback";
        return rp.start_login(redirect_uri, [version, keep_alive, done](result<std::string> url) {
            if (!url)
                return done(
                    failure_page(version, keep_alive, http::status::bad_gateway, url.failure));
            done(redirect(version, keep_alive, *url.value));
        });
    }
    if (path == "/auth/callback" && method == http::verb::get) {
        auto state = query_value(target, "state");
        auto code = query_value(target, "code");
        if (auto refused = query_value(target, "error"); !refused.empty() || code.empty()) {
            // The person cancelled at the provider, or it refused: the state is spent either way.
            rp.cancel_login(state);
            error why{error_code::provider, refused.empty() ? "the provider sent no code"
                                                            : "the provider said " + refused};
            return done(failure_page(version, keep_alive, http::status::bad_request, why));
        }
        return rp.finish_login(
            state, std::move(code),
            [version, keep_alive, secure, done,
             lifetime = rp.session_lifetime()](result<std::string> value) {
                if (!value) {
                    auto status = value.failure.code == error_code::provider
                                      ? http::status::bad_gateway
                                  : value.failure.code == error_code::unavailable
                                      ? http::status::service_unavailable
                                      : http::status::bad_request;
                    return done(failure_page(version, keep_alive, status, value.failure));
                }
                auto res = redirect(version, keep_alive, "/");
                res.set(http::field::set_cookie, cookie(*value.value, lifetime, secure));
                done(std::move(res));
            });
    }
    auto res = no_store(text_response(version, keep_alive, http::status::not_found, "Not found\n"));
    done(std::move(res));
}

}  // namespace duet::identity
