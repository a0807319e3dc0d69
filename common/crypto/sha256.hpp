// SHA-256 for the safety code (call/safety_code) and anything else that must hash: a thin
// C++ face on GNU Nettle's implementation (see README.md for how both builds get it), so no
// hash is ever written by hand and no Nettle header reaches the callers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace duet::crypto {

using sha256_hash = std::array<std::uint8_t, 32>;

// Fed piece by piece (a file read in chunks), then finished once.
class sha256 {
  public:
    sha256();
    ~sha256();
    sha256(sha256 const&) = delete;
    sha256& operator=(sha256 const&) = delete;

    void update(std::string_view bytes);
    // The digest of everything fed since construction or the last finish; starts afresh.
    sha256_hash finish();

  private:
    struct state;
    std::unique_ptr<state> state_;
};

sha256_hash sha256_of(std::string_view bytes);

// Lower-case hex, two digits a byte.
std::string to_hex(sha256_hash const& d);

}  // namespace duet::crypto
