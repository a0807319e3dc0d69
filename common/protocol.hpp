// The signaling wire protocol: the tutorial's JSON messages plus Duet's additions.
//
// Sans-I/O: compiled into the native server and the wasm client alike. Decoding never
// throws (wasm builds run with exceptions disabled, where a throw aborts the tab); every
// failure comes back as a value with a message fit to show a person.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace duet::protocol {

using json = nlohmann::json;

// Machine-readable reason carried in `error` messages and failed `login` replies as `code`,
// so a client can react without parsing English.
enum class error_code {
    invalid_json,       // not JSON, too deep, or not an object
    invalid_message,    // a required field is missing or of the wrong type
    unknown_type,       // `type` names no message we know
    invalid_name,       // empty, too long, control characters, bad UTF-8
    name_taken,         // another connection is signed in with that name
    already_logged_in,  // a second login on the same connection
    not_logged_in,      // offer/answer/candidate/leave before login
    not_online,         // the named user is not signed in
    self_call,          // a call addressed to the sender's own name
    no_partner,         // leave without a name while not in a call
    rate_limited,       // too many messages too fast
    login_timeout,      // connected but never signed in
    replaced,           // the name was reclaimed, with its token, by another connection
};

std::string_view to_string(error_code code);
std::optional<error_code> error_code_from_string(std::string_view text);

struct decode_error {
    error_code code = error_code::invalid_message;
    std::string message;
};

// Either a value or the reason there is none. (std::expected is C++23.)
template <class T>
struct decoded {
    std::optional<T> value;
    decode_error error;

    explicit operator bool() const { return value.has_value(); }
};

struct limits {
    std::size_t max_depth = 32;  // nesting of objects/arrays; an SDP message needs 3
};


// An RTCIceServer as the browser takes it: {urls, username?, credential?}.
struct ice_server {
    std::vector<std::string> urls;
    std::string username;
    std::string credential;
};

// ---------------------------------------------------------------------------------------
// Client to server. `to` is the `name` field on the wire: the user the message is for.
namespace to_server {

struct login {
    std::string name;
    // The token a previous login under this name was given: reclaims the name even while
    // the server still holds the old connection (a reconnect after a network change).
    std::string token;
};
struct offer {
    std::string to;
    json sdp;  // the RTCSessionDescriptionInit, relayed as is
};
struct answer {
    std::string to;
    json sdp;
};
struct candidate {
    std::string to;
    json candidate;  // RTCIceCandidateInit, or null for end-of-candidates
};
struct leave {
    std::string to;  // empty: the sender's current partner (the tutorial may omit it)
};

using message = std::variant<login, offer, answer, candidate, leave>;

decoded<message> decode(std::string_view text, limits const& lim = {});

std::string encode(login const& m);
std::string encode(offer const& m);
std::string encode(answer const& m);
std::string encode(candidate const& m);
std::string encode(leave const& m);

}  // namespace to_server

// ---------------------------------------------------------------------------------------
// Server to client. `from` is the `name` field on the wire: always the sender's own login,
// set by the server. The tutorial's shapes are kept; Duet only adds fields.
namespace to_client {

struct login_result {
    bool success = false;
    std::string name;                    // the name now signed in (on success)
    std::optional<error_code> code;      // why not (on failure)
    std::string message;                 // human-readable reason (on failure)
    std::vector<ice_server> ice_servers; // for RTCPeerConnection (on success)
    std::string token;                   // secret for reclaiming the name (on success)
};
struct offer {
    std::string from;
    json sdp;
};
struct answer {
    std::string from;
    json sdp;
};
struct candidate {
    std::string from;
    json candidate;
};
struct leave {
    std::string from;
};
struct error {
    error_code code = error_code::invalid_message;
    std::string message;
    std::string user;  // the user the failed request named, when there is one
};

using message = std::variant<login_result, offer, answer, candidate, leave, error>;

decoded<message> decode(std::string_view text, limits const& lim = {});

std::string encode(login_result const& m);
std::string encode(offer const& m);
std::string encode(answer const& m);
std::string encode(candidate const& m);
std::string encode(leave const& m);
std::string encode(error const& m);

error make_error(error_code code, std::string text, std::string user = {});

}  // namespace to_client

}  // namespace duet::protocol
