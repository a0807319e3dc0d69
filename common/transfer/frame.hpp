// The control frames of file transfer (docs/file_transfer.md): small JSON texts on the call's
// file channel ("duet-file", negotiated, id 2), typed under "t" as chat's are. The file's
// bytes go on the same channel as binary messages, so a text never has to carry them and
// "done" always arrives after the last chunk (one ordered SCTP stream).
//   {"t":"hello","v":1}                                   this page speaks files
//   {"t":"offer","id":1,"name":"a.pdf","size":123,"mime":"application/pdf"}
//   {"t":"accept","id":1}  {"t":"decline","id":1}  {"t":"cancel","id":1}
//   {"t":"done","id":1,"sha256":"<64 hex>"}                every byte of id 1 has been sent
// Decoding checks shapes only (it never throws); what a frame means is checked by
// transfer::exchange against limits.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace duet::transfer {

inline constexpr int protocol_version = 1;
// A control frame is a few hundred bytes at most (a name of 255 bytes, every one escaped
// as \uXXXX, and the other keys): longer texts are not read.
inline constexpr std::size_t max_frame_bytes = 6 * 255 + 512;

struct hello {
    int version = protocol_version;
};
struct offer {
    std::uint64_t id = 0;
    std::string name;
    std::uint64_t size = 0;
    std::string mime;
};
struct accept {
    std::uint64_t id = 0;
};
struct decline {
    std::uint64_t id = 0;
};
struct cancel {
    std::uint64_t id = 0;
};
struct done {
    std::uint64_t id = 0;
    std::string sha256;  // lower-case hex of the bytes sent
};
using frame = std::variant<hello, offer, accept, decline, cancel, done>;

std::string encode(frame const& f);

// Nothing for a text that is not JSON, has no known "t", or lacks a key of its type with the
// right JSON type (ids and sizes: non-negative integers). Unknown keys are ignored.
std::optional<frame> decode(std::string_view text);

}  // namespace duet::transfer
