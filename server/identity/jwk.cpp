#include "identity/jwk.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <nlohmann/json.hpp>

#include "identity/base64url.hpp"
#include "identity/json_fields.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;

// RSA below 2048 bits is factorable by a determined attacker (NIST SP 800-131A).
constexpr int min_rsa_bits = 2048;

struct bn_free {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
struct bld_free {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct param_free {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct ctx_free {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

std::shared_ptr<EVP_PKEY> key_from(char const* type, OSSL_PARAM_BLD* builder) {
    std::unique_ptr<OSSL_PARAM, param_free> params(OSSL_PARAM_BLD_to_param(builder));
    std::unique_ptr<EVP_PKEY_CTX, ctx_free> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) return nullptr;
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) return nullptr;
    return {key, EVP_PKEY_free};
}

result<public_key> rsa_key(json const& jwk, public_key out) {
    auto n = base64url_decode(string_field(jwk, "n"));
    auto e = base64url_decode(string_field(jwk, "e"));
    if (!n || !e || n->empty() || e->empty())
        return result<public_key>::fail(error_code::bad_key, "an RSA key needs n and e");
    std::unique_ptr<BIGNUM, bn_free> bn_n(BN_bin2bn(
        reinterpret_cast<unsigned char const*>(n->data()), static_cast<int>(n->size()), nullptr));
    std::unique_ptr<BIGNUM, bn_free> bn_e(BN_bin2bn(
        reinterpret_cast<unsigned char const*>(e->data()), static_cast<int>(e->size()), nullptr));
    if (!bn_n || !bn_e) return result<public_key>::fail(error_code::bad_key, "out of memory");
    if (BN_num_bits(bn_n.get()) < min_rsa_bits)
        return result<public_key>::fail(error_code::bad_key,
                                        "RSA keys under 2048 bits are refused");
    std::unique_ptr<OSSL_PARAM_BLD, bld_free> builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()))
        return result<public_key>::fail(error_code::bad_key, "out of memory");
    out.key = key_from("RSA", builder.get());
    if (!out.key) return result<public_key>::fail(error_code::bad_key, "not a usable RSA key");
    out.type = key_type::rsa;
    return result<public_key>::ok(std::move(out));
}

result<public_key> ec_key(json const& jwk, public_key out) {
    if (string_field(jwk, "crv") != "P-256")
        return result<public_key>::fail(error_code::bad_key, "only the P-256 curve is supported");
    auto x = base64url_decode(string_field(jwk, "x"));
    auto y = base64url_decode(string_field(jwk, "y"));
    // RFC 7518 section 6.2.1.2: each coordinate is the full 32 bytes, leading zeros kept.
    if (!x || !y || x->size() != 32 || y->size() != 32)
        return result<public_key>::fail(error_code::bad_key, "a P-256 key needs 32-byte x and y");
    std::string point = "\x04" + *x + *y;  // SEC 1 uncompressed point
    std::unique_ptr<OSSL_PARAM_BLD, bld_free> builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
                                         0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                          point.size()))
        return result<public_key>::fail(error_code::bad_key, "out of memory");
    // OpenSSL decodes the point here and refuses one that is not on the curve.
    out.key = key_from("EC", builder.get());
    if (!out.key) return result<public_key>::fail(error_code::bad_key, "not a point on P-256");
    out.type = key_type::ec_p256;
    return result<public_key>::ok(std::move(out));
}

}  // namespace

result<public_key> parse_jwk(json const& jwk) {
    if (!jwk.is_object())
        return result<public_key>::fail(error_code::bad_key, "a JWK is an object");
    public_key out;
    out.kid = string_field(jwk, "kid");
    out.alg = string_field(jwk, "alg");
    auto const kty = string_field(jwk, "kty");
    if (kty == "RSA") return rsa_key(jwk, std::move(out));
    if (kty == "EC") return ec_key(jwk, std::move(out));
    return result<public_key>::fail(error_code::bad_key, "unsupported key type '" + kty + "'");
}

result<std::vector<public_key>> parse_jwk_set(std::string_view text) {
    using out_type = result<std::vector<public_key>>;
    auto doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return out_type::fail(error_code::bad_encoding, "the JWK Set is not a JSON object");
    auto keys = doc.find("keys");
    if (keys == doc.end() || !keys->is_array())
        return out_type::fail(error_code::bad_encoding, "the JWK Set has no keys array");
    std::vector<public_key> usable;
    for (auto const& jwk : *keys) {
        if (!jwk.is_object()) continue;
        auto use = string_field(jwk, "use");
        if (!use.empty() && use != "sig") continue;
        auto parsed = parse_jwk(jwk);
        if (parsed) usable.push_back(std::move(*parsed.value));
    }
    if (usable.empty())
        return out_type::fail(error_code::bad_key, "the JWK Set has no signing key we can use");
    return out_type::ok(std::move(usable));
}

}  // namespace duet::identity
