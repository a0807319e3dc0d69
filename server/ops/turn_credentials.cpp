#include "ops/turn_credentials.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace duet {

std::string hmac_sha1_base64(std::string_view key, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_size = 0;
    // HMAC() cannot fail with a built-in digest and in-memory input; an empty key is valid.
    HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<unsigned char const*>(data.data()), data.size(), digest.data(),
         &digest_size);
    // Four characters per three bytes, plus EVP_EncodeBlock's terminating NUL.
    std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> text{};
    int length = EVP_EncodeBlock(text.data(), digest.data(), static_cast<int>(digest_size));
    return std::string(reinterpret_cast<char const*>(text.data()),
                       static_cast<std::size_t>(length));
}

turn_credential make_turn_credential(std::string_view secret, std::string_view user,
                                     std::int64_t expires_at_unix) {
    turn_credential out;
    out.username = std::to_string(expires_at_unix);
    out.username += ':';
    out.username += user;
    out.credential = hmac_sha1_base64(secret, out.username);
    return out;
}

}  // namespace duet
