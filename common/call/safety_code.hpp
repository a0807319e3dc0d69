// The safety code: a short number both people in a call read to each other to know that no
// one sits in the middle of their DTLS handshake. The signaling server carries each side's
// SDP, so a server that lies could swap the certificate fingerprints (`a=fingerprint`,
// RFC 8122) for its own; each side then sees a different pair of fingerprints and so a
// different code.
//
// Six digits in two groups ("482 915"), not words: digits read the same in every language
// the app speaks, so an English and a Chinese screen can be compared aloud; a word list
// would have to be one shared language. Six digits are 20 bits: enough to catch a relay that
// rewrites fingerprints, not an attacker who grinds certificates until two codes collide
// (that needs a commitment step, as ZRTP has, which plain WebRTC does not offer).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace duet::call {

enum class safety_error {
    none,
    no_fingerprint,  // a description without any a=fingerprint line: nothing to compare
    malformed,       // an a=fingerprint line that is not "<hash-func> <hex pairs joined by :>"
};

constexpr char const* to_string(safety_error e) {
    switch (e) {
        case safety_error::none: return "none";
        case safety_error::no_fingerprint: return "no_fingerprint";
        case safety_error::malformed: return "malformed";
    }
    return "?";
}

// One description's fingerprints, canonical ("sha-256 AB:CD:..."): the hash function in
// lower case, the hex in upper case, sorted and without repeats (a bundled description
// repeats the same one per media section).
struct fingerprints {
    std::vector<std::string> list;
    safety_error error = safety_error::none;
};
fingerprints fingerprints_of(std::string_view sdp);

// Either the code ("482 915") or why there is none.
struct safety_code {
    std::string code;
    safety_error error = safety_error::none;
};

// The same on both sides: the two descriptions' fingerprints are put in a fixed order
// (sorted), so local and remote may come either way round.
safety_code safety_code_of(std::string_view local_sdp, std::string_view remote_sdp);

}  // namespace duet::call
