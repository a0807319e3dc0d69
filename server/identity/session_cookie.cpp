#include "identity/session_cookie.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "identity/base64url.hpp"
#include "identity/json_fields.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<unsigned char const*>(data.data()), data.size(), digest.data(), &size);
    return std::string(reinterpret_cast<char const*>(digest.data()), size);
}

std::string random_url_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    // RAND_bytes fails only when the system has no entropy source at all; an all-zero token
    // would then be guessable, so stop rather than go on.
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
        std::abort();
    return base64url_encode(raw);
}

std::string encode_session(session const& s, std::string_view key) {
    json claims{{"n", s.name},  {"sub", s.subject}, {"iss", s.issuer},
                {"e", s.email}, {"d", s.display},   {"exp", s.expires_at}};
    auto body = base64url_encode(claims.dump());
    return body + "." + base64url_encode(hmac_sha256(key, body));
}

result<session> decode_session(std::string_view cookie, std::string_view key, std::int64_t now) {
    using out_type = result<session>;
    auto dot = cookie.find('.');
    if (dot == std::string_view::npos)
        return out_type::fail(error_code::bad_cookie, "the session cookie is malformed");
    auto body = cookie.substr(0, dot);
    auto mac = base64url_decode(cookie.substr(dot + 1));
    auto const expected = hmac_sha256(key, body);
    // Constant time: how far a guess matched must not show in how long the refusal took.
    if (!mac || mac->size() != expected.size() ||
        CRYPTO_memcmp(mac->data(), expected.data(), expected.size()) != 0)
        return out_type::fail(error_code::bad_cookie,
                              "the session cookie's signature does not check");
    auto text = base64url_decode(body);
    auto claims = text ? json::parse(*text, nullptr, false) : json(nullptr);
    if (!claims.is_object() || !claims.contains("exp") || !claims["exp"].is_number_integer())
        return out_type::fail(error_code::bad_cookie, "the session cookie is malformed");
    session s{string_field(claims, "n"),   string_field(claims, "sub"),
              string_field(claims, "iss"), string_field(claims, "e"),
              string_field(claims, "d"),   claims["exp"].get<std::int64_t>()};
    if (s.name.empty() || s.subject.empty() || s.issuer.empty())
        return out_type::fail(error_code::bad_cookie, "the session cookie names nobody");
    if (s.expires_at <= now)
        return out_type::fail(error_code::cookie_expired, "the session has expired");
    return out_type::ok(std::move(s));
}

result<std::string> load_session_key(std::filesystem::path const& file) {
    using out_type = result<std::string>;
    if (file.empty()) {
        std::string key(min_session_key_bytes, '\0');
        if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()),
                       static_cast<int>(key.size())) != 1)
            return out_type::fail(error_code::storage, "no random bytes for a session key");
        return out_type::ok(std::move(key));
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return out_type::fail(error_code::storage, "cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    auto key = trimmed(text.str());
    if (key.size() < min_session_key_bytes)
        return out_type::fail(error_code::storage,
                              file.string() + " holds fewer than 32 bytes of key");
    return out_type::ok(std::move(key));
}

}  // namespace duet::identity
