// Reading a=fingerprint lines and turning two descriptions into one code (safety_code.hpp).
#include "call/safety_code.hpp"

#include <algorithm>
#include <cstdint>

#include "crypto/sha256.hpp"

namespace duet::call {

namespace {

// Bounds a lying peer's description cannot push past: RFC 8122's hash functions give at most
// 64 bytes (sha-512), and no real description carries more than a few fingerprints.
constexpr std::size_t max_hex_bytes = 64;
constexpr std::size_t max_fingerprints = 16;
// Names a new code rule would change, so codes from two rules never look comparable.
constexpr std::string_view rule_name = "duet safety code 1";

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

// "sha-256 AB:CD:..." (the part after "a=fingerprint:") in canonical form, or empty.
std::string canonical(std::string_view value) {
    auto space = value.find(' ');
    if (space == std::string_view::npos || space == 0) return {};
    std::string_view func = value.substr(0, space);
    std::string_view hex = value.substr(space + 1);
    while (!hex.empty() && hex.back() == ' ') hex.remove_suffix(1);
    if (!std::all_of(func.begin(), func.end(), is_token_char)) return {};
    // Pairs of hex digits joined by ':' (RFC 8122 section 5).
    if (hex.size() < 2 || (hex.size() + 1) % 3 != 0 || (hex.size() + 1) / 3 > max_hex_bytes) return {};
    std::string out;
    for (char c : func) out += lower(c);
    out += ' ';
    for (std::size_t i = 0; i < hex.size(); ++i) {
        bool colon_place = i % 3 == 2;
        if (colon_place ? hex[i] != ':' : !is_hex(hex[i])) return {};
        out += upper(hex[i]);
    }
    return out;
}

}  // namespace

fingerprints fingerprints_of(std::string_view sdp) {
    static constexpr std::string_view prefix = "a=fingerprint:";
    fingerprints out;
    while (!sdp.empty()) {
        auto end = sdp.find('\n');
        std::string_view line = sdp.substr(0, end);
        sdp = end == std::string_view::npos ? std::string_view() : sdp.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.substr(0, prefix.size()) != prefix) continue;
        std::string c = canonical(line.substr(prefix.size()));
        if (c.empty() || out.list.size() == max_fingerprints) return {{}, safety_error::malformed};
        out.list.push_back(std::move(c));
    }
    if (out.list.empty()) return {{}, safety_error::no_fingerprint};
    std::sort(out.list.begin(), out.list.end());
    out.list.erase(std::unique(out.list.begin(), out.list.end()), out.list.end());
    return out;
}

safety_code safety_code_of(std::string_view local_sdp, std::string_view remote_sdp) {
    fingerprints sides[2] = {fingerprints_of(local_sdp), fingerprints_of(remote_sdp)};
    for (auto const& s : sides) {
        if (s.error != safety_error::none) return {{}, s.error};
    }
    // One line per side (its fingerprints joined by ','), the two lines sorted.
    std::string lines[2];
    for (int i = 0; i < 2; ++i) {
        for (auto const& f : sides[i].list) lines[i] += (lines[i].empty() ? "" : ",") + f;
    }
    if (lines[1] < lines[0]) std::swap(lines[0], lines[1]);
    crypto::sha256 h;
    h.update(rule_name);
    for (auto const& l : lines) {
        h.update("\n");
        h.update(l);
    }
    crypto::sha256_hash d = h.finish();
    // The first 8 bytes as a number, taken modulo a million: the bias of 2^64 mod 10^6 is
    // below one part in 10^13.
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i) n = (n << 8) | d[std::size_t(i)];
    unsigned v = unsigned(n % 1000000);
    std::string code(7, ' ');
    for (int i = 6; i >= 0; --i) {
        if (i == 3) continue;
        code[std::size_t(i)] = char('0' + v % 10);
        v /= 10;
    }
    return {code, safety_error::none};
}

}  // namespace duet::call
