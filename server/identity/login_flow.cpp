#include "identity/login_flow.hpp"

#include <openssl/sha.h>

#include <nlohmann/json.hpp>

#include "identity/base64url.hpp"
#include "identity/json_fields.hpp"
#include "identity/session_cookie.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;

bool is_https(std::string const& url) { return url.size() > 8 && url.substr(0, 8) == "https://"; }

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string url_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
                   hex_digit(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

result<provider_metadata> parse_discovery(std::string_view text,
                                          std::string const& expected_issuer) {
    using out_type = result<provider_metadata>;
    auto doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return out_type::fail(error_code::provider, "the discovery document is not a JSON object");
    provider_metadata out{string_field(doc, "issuer"),
                          string_field(doc, "authorization_endpoint"),
                          string_field(doc, "token_endpoint"),
                          string_field(doc, "jwks_uri"),
                          false,
                          {}};
    if (out.issuer != expected_issuer)
        return out_type::fail(error_code::bad_issuer,
                              "the discovery document names another issuer");
    if (!is_https(out.authorization_endpoint) || !is_https(out.token_endpoint) ||
        !is_https(out.jwks_uri))
        return out_type::fail(error_code::provider,
                              "the discovery document lacks an https endpoint");
    // A userinfo endpoint that is not https is left unused rather than refusing sign-in: the
    // ID token is enough to sign in, and the access token must not travel in the clear.
    if (auto userinfo = string_field(doc, "userinfo_endpoint"); is_https(userinfo))
        out.userinfo_endpoint = std::move(userinfo);
    if (auto methods = doc.find("token_endpoint_auth_methods_supported");
        methods != doc.end() && methods->is_array()) {
        bool basic = false;
        bool post = false;
        for (auto const& m : *methods) {
            basic = basic || m == "client_secret_basic";
            post = post || m == "client_secret_post";
        }
        out.secret_in_body = post && !basic;
    }
    return out_type::ok(std::move(out));
}

std::string url_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

std::string query_value(std::string_view target, std::string_view name) {
    auto q = target.find('?');
    if (q == std::string_view::npos) return {};
    auto query = target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        auto eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        auto semi = header.find(';');
        auto pair = header.substr(0, semi);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            auto value = pair.substr(eq + 1);
            while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
            return std::string(value);
        }
        if (semi == std::string_view::npos) break;
        header.remove_prefix(semi + 1);
    }
    return {};
}

std::string pkce_challenge(std::string_view verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<unsigned char const*>(verifier.data()), verifier.size(), digest);
    return base64url_encode(std::string_view(reinterpret_cast<char const*>(digest), sizeof digest));
}

std::string pending_logins::add(pending_login login, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (by_state_.size() >= max_pending) {
        std::erase_if(by_state_, [now](auto const& entry) { return entry.second.expires <= now; });
        if (by_state_.size() >= max_pending) return {};
    }
    auto state = random_url_token();
    by_state_.emplace(state, std::move(login));
    return state;
}

std::optional<pending_login> pending_logins::take(std::string const& state,
                                                  std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = by_state_.find(state);
    if (it == by_state_.end()) return std::nullopt;
    auto login = std::move(it->second);
    by_state_.erase(it);
    if (login.expires <= now) return std::nullopt;
    return login;
}

std::size_t pending_logins::size() const {
    std::lock_guard lock(mutex_);
    return by_state_.size();
}

std::string authorization_url(provider_metadata const& provider, std::string const& client_id,
                              std::string const& redirect_uri, std::string const& state,
                              pending_login const& login) {
    auto const& base = provider.authorization_endpoint;
    return base + (base.find('?') == std::string::npos ? "?" : "&") +
           "response_type=code&scope=openid%20email%20profile&client_id=" + url_encode(client_id) +
           "&redirect_uri=" + url_encode(redirect_uri) + "&state=" + url_encode(state) +
           "&nonce=" + url_encode(login.nonce) +
           "&code_challenge=" + pkce_challenge(login.verifier) + "&code_challenge_method=S256";
}

result<std::string> id_token_from(unsigned status, std::string_view body) {
    using out_type = result<std::string>;
    auto doc = json::parse(body, nullptr, false);
    if (status != 200) {
        // RFC 6749 5.2: the error code is safe to show; the description may echo the request.
        auto code = doc.is_object() ? string_field(doc, "error") : std::string{};
        return out_type::fail(error_code::provider,
                              "the token endpoint refused the code (" +
                                  (code.empty() ? std::to_string(status) : code) + ")");
    }
    if (doc.is_discarded() || !doc.is_object())
        return out_type::fail(error_code::provider, "the token endpoint's answer is not JSON");
    auto token = string_field(doc, "id_token");
    if (token.empty())
        return out_type::fail(error_code::provider, "the token endpoint sent no ID token");
    return out_type::ok(std::move(token));
}

}  // namespace duet::identity
