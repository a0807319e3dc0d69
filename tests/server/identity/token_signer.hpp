// Keys the tests make with OpenSSL and tokens they sign with them: an identity provider in a
// few lines, so every refusal can be shown on a token that is otherwise perfectly good.
#pragma once

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "identity/base64url.hpp"

namespace duet::testing {

class token_signer {
  public:
    // "RS256" or "ES256".
    token_signer(std::string alg, std::string kid) : alg_(std::move(alg)), kid_(std::move(kid)) {
        EVP_PKEY* key = alg_ == "RS256" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                                        : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        key_.reset(key, EVP_PKEY_free);
    }

    std::string const& kid() const { return kid_; }

    nlohmann::json public_jwk() const {
        nlohmann::json jwk{{"kid", kid_}, {"use", "sig"}, {"alg", alg_}};
        if (alg_ == "RS256") {
            jwk["kty"] = "RSA";
            jwk["n"] = bn_param(OSSL_PKEY_PARAM_RSA_N);
            jwk["e"] = bn_param(OSSL_PKEY_PARAM_RSA_E);
        } else {
            unsigned char point[65];
            std::size_t size = 0;
            EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point,
                                            sizeof point, &size);
            std::string raw(reinterpret_cast<char*>(point), size);
            jwk["kty"] = "EC";
            jwk["crv"] = "P-256";
            jwk["x"] = identity::base64url_encode(raw.substr(1, 32));
            jwk["y"] = identity::base64url_encode(raw.substr(33, 32));
        }
        return jwk;
    }

    std::string jwk_set() const { return nlohmann::json{{"keys", {public_jwk()}}}.dump(); }

    // A compact JWS of `claims`, with `header` merged over {alg, kid, typ}.
    std::string sign(nlohmann::json const& claims, nlohmann::json const& header = {}) const {
        nlohmann::json h{{"alg", alg_}, {"kid", kid_}, {"typ", "JWT"}};
        if (header.is_object()) h.update(header);
        auto input =
            identity::base64url_encode(h.dump()) + "." + identity::base64url_encode(claims.dump());
        return input + "." + identity::base64url_encode(signature(input));
    }

    std::string signature(std::string const& input) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get());
        std::size_t size = 0;
        auto const* in = reinterpret_cast<unsigned char const*>(input.data());
        EVP_DigestSign(ctx.get(), nullptr, &size, in, input.size());
        std::string sig(size, '\0');
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size, in,
                       input.size());
        sig.resize(size);
        if (alg_ == "RS256") return sig;
        // DER to the raw r||s a JWS carries.
        auto const* der = reinterpret_cast<unsigned char const*>(sig.data());
        ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(sig.size()));
        unsigned char raw[64];
        BN_bn2binpad(ECDSA_SIG_get0_r(parsed), raw, 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(parsed), raw + 32, 32);
        ECDSA_SIG_free(parsed);
        return std::string(reinterpret_cast<char*>(raw), 64);
    }

  private:
    std::string bn_param(char const* name) const {
        BIGNUM* bn = nullptr;
        EVP_PKEY_get_bn_param(key_.get(), name, &bn);
        std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
        BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
        BN_free(bn);
        return identity::base64url_encode(bytes);
    }

    std::string alg_;
    std::string kid_;
    std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace duet::testing
