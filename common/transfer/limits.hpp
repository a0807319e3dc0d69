// What a file offer may be, on both sides: the partner's page is not trusted, so every name,
// size and type it sends is checked here before anything is shown or any byte accepted, and
// ours is checked the same way before it is offered (the partner would refuse it anyway).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace duet::transfer {

// One binary message of the file channel: 16 KiB, what every browser's SCTP sends whole
// (larger messages are split differently by Chrome, Firefox and Safari).
inline constexpr std::size_t chunk_bytes = 16 * 1024;
// A name is at most 255 bytes of UTF-8 (what most file systems keep).
inline constexpr std::size_t max_name_bytes = 255;
inline constexpr std::size_t max_mime_bytes = 127;
// 8 GiB: far past what a call is for, and within JS's exact integers and Blob's limits.
inline constexpr std::uint64_t max_file_bytes = std::uint64_t(8) << 30;
// Files of ours waiting their turn (queued, offered or moving) at once.
inline constexpr std::size_t max_outgoing = 20;
// Finished transfers kept on the list; the oldest goes first (its download link with it).
inline constexpr std::size_t max_kept = 50;

enum class offer_problem { none, bad_name, bad_size };
char const* to_string(offer_problem p);

// A name is refused when empty, over max_name_bytes, not valid UTF-8, holding a control
// character or a path separator ('/', '\\'), or only dots: it becomes a download's name.
offer_problem check_name(std::string_view name);
offer_problem check_size(std::uint64_t size);
offer_problem check_offer(std::string_view name, std::uint64_t size);

// The type the received Blob gets: the offered one when it looks like "type/subtype" in
// plain ASCII, else "application/octet-stream" (a type is a hint, never a reason to refuse).
std::string safe_mime(std::string_view mime);

// A SHA-256 as the done frame must carry it: 64 lower-case hex digits.
bool is_sha256_hex(std::string_view text);

}  // namespace duet::transfer
