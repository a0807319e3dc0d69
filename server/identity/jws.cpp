#include "identity/jws.hpp"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "identity/base64url.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;

constexpr std::size_t es256_half = 32;

bool type_fits(key_type type, std::string_view alg) {
    return (alg == "RS256" && type == key_type::rsa) ||
           (alg == "ES256" && type == key_type::ec_p256);
}

// EVP wants ECDSA signatures DER-encoded (an ASN.1 SEQUENCE of r and s); JWS carries them as
// two fixed-size big-endian numbers.
std::string es256_to_der(std::string_view raw) {
    if (raw.size() != 2 * es256_half) return {};
    auto const* bytes = reinterpret_cast<unsigned char const*>(raw.data());
    ECDSA_SIG* sig = ECDSA_SIG_new();
    if (!sig) return {};
    BIGNUM* r = BN_bin2bn(bytes, es256_half, nullptr);
    BIGNUM* s = BN_bin2bn(bytes + es256_half, es256_half, nullptr);
    if (!r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return {};
    }
    unsigned char* der = nullptr;
    int length = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    if (length <= 0) return {};
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

}  // namespace

bool verify_signature(public_key const& key, std::string_view alg, std::string_view input,
                      std::string_view signature) {
    if (!key.key || !type_fits(key.type, alg)) return false;
    std::string der;
    if (alg == "ES256") {
        der = es256_to_der(signature);
        if (der.empty()) return false;
        signature = der;
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.key.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<unsigned char const*>(signature.data()),
                            signature.size(), reinterpret_cast<unsigned char const*>(input.data()),
                            input.size()) == 1;
}

result<verified_jws> verify_jws(std::string_view compact, std::vector<public_key> const& keys) {
    using out_type = result<verified_jws>;
    auto first = compact.find('.');
    auto second = first == std::string_view::npos ? first : compact.find('.', first + 1);
    if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
        return out_type::fail(error_code::bad_encoding, "a JWS has three parts");
    auto header_text = base64url_decode(compact.substr(0, first));
    auto payload = base64url_decode(compact.substr(first + 1, second - first - 1));
    auto signature = base64url_decode(compact.substr(second + 1));
    if (!header_text || !payload || !signature)
        return out_type::fail(error_code::bad_encoding, "a JWS part is not base64url");
    auto header = json::parse(*header_text, nullptr, false);
    if (header.is_discarded() || !header.is_object())
        return out_type::fail(error_code::bad_encoding, "the JWS header is not a JSON object");
    auto alg_it = header.find("alg");
    if (alg_it == header.end() || !alg_it->is_string())
        return out_type::fail(error_code::unsupported_alg, "the JWS header names no alg");
    auto const alg = alg_it->get<std::string>();
    if (alg != "RS256" && alg != "ES256")
        return out_type::fail(error_code::unsupported_alg,
                              "alg '" + alg + "' is refused; RS256 and ES256 are accepted");
    // A header that asks for extensions we do not implement must be refused (RFC 7515 4.1.11).
    if (header.contains("crit"))
        return out_type::fail(error_code::unsupported_alg, "the JWS header has crit extensions");
    std::string kid;
    if (auto it = header.find("kid"); it != header.end() && it->is_string())
        kid = it->get<std::string>();

    auto const input = compact.substr(0, second);
    bool any_key = false;
    for (auto const& key : keys) {
        if (!kid.empty() && key.kid != kid) continue;
        if (!type_fits(key.type, alg) || (!key.alg.empty() && key.alg != alg)) continue;
        any_key = true;
        if (verify_signature(key, alg, input, *signature))
            return out_type::ok({alg, kid, std::move(*payload)});
    }
    if (!any_key)
        return out_type::fail(error_code::unknown_key,
                              kid.empty() ? "no " + alg + " key to check the token with"
                                          : "no key with kid '" + kid + "'");
    return out_type::fail(error_code::bad_signature, "the token's signature does not check");
}

}  // namespace duet::identity
