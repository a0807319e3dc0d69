// Nettle's sha256_ctx behind a pointer, so its header stays in this file.
#include "crypto/sha256.hpp"

#include <nettle/sha2.h>

namespace duet::crypto {

struct sha256::state {
    sha256_ctx ctx;
};

sha256::sha256() : state_(std::make_unique<state>()) { nettle_sha256_init(&state_->ctx); }

sha256::~sha256() = default;

void sha256::update(std::string_view bytes) {
    nettle_sha256_update(&state_->ctx, bytes.size(), reinterpret_cast<std::uint8_t const*>(bytes.data()));
}

sha256_hash sha256::finish() {
    sha256_hash d{};
    nettle_sha256_digest(&state_->ctx, d.size(), d.data());  // also re-initialises the context
    return d;
}

sha256_hash sha256_of(std::string_view bytes) {
    sha256 h;
    h.update(bytes);
    return h.finish();
}

std::string to_hex(sha256_hash const& d) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * d.size());
    for (std::uint8_t b : d) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

}  // namespace duet::crypto
