// What travels on the call's chat channel (docs/chat.md): one small JSON text per frame, with
// a type under "t" so that later kinds (file transfer's offers) can share the framing.
//   {"t":"hello","v":1}                     this page speaks chat (sent when the channel opens)
//   {"t":"chat","text":"...","at":1733489000000}  a message; `at`: the sender's clock (ms)
// Decoding never throws: the partner's page is not trusted, and anything malformed is nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace duet::chat {

// A message's text may take at most this many bytes of UTF-8 (4 KiB): several screens of
// chat, and far below what an SCTP message may carry in every browser (64 KiB).
inline constexpr std::size_t max_text_bytes = 4096;
// A frame longer than this is not read at all: the text at its limit, every character
// escaped by JSON as \uXXXX (6 bytes for 1), and room for the other keys.
inline constexpr std::size_t max_frame_bytes = 6 * max_text_bytes + 256;
inline constexpr int protocol_version = 1;

struct hello {
    int version = protocol_version;
};
struct message {
    std::string text;
    std::int64_t at_ms = 0;
};
using frame = std::variant<hello, message>;

std::string encode_hello();
std::string encode_message(std::string_view text, std::int64_t at_ms);

// Nothing for text that is not a frame of a known type, for a message whose text is not
// valid UTF-8, is empty, or is over max_text_bytes. Unknown keys are ignored.
std::optional<frame> decode(std::string_view text);

}  // namespace duet::chat
