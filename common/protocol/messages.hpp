// The signaling wire protocol's vocabulary: every message of both directions as a plain
// struct, the codes and reasons they carry, and the shape of a decode's result. The codecs are
// in to_server.hpp and to_client.hpp, the wire names of the enums in enum_names.hpp;
// protocol.hpp includes them all.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/ice_server.hpp"

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
    busy,               // the called user is in (or being rung for) another call
    already_in_call,    // `call` while the sender is in a call with someone else
    not_ringing,        // `accept` from a user nobody is ringing
    unavailable,        // the server cannot reach the users' shared store now: try again
    name_bound,         // the name belongs to an account: only its sign-in may use it
    identity_required,  // the server signs in through an identity provider only
};

// Why a call ended, carried by `leave` as `reason` (absent means hung_up).
enum class end_reason {
    hung_up,          // either side pressed Hang up
    declined,         // the callee pressed Decline
    cancelled,        // the caller gave up while it rang
    no_answer,        // nobody accepted within the ring timeout
    busy,             // the callee was busy (sent by a client that is in another call)
    connection_lost,  // media could not be restored within the timeout
};

// Optional behaviour a client declares at login; a client that declares none (the tutorial's)
// is never sent a message type it does not know.
namespace feature {
inline constexpr std::string_view ring = "ring";          // understands call/accept/missed
inline constexpr std::string_view presence = "presence";  // wants the list of who is online
}  // namespace feature

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

// ---------------------------------------------------------------------------------------
// Client to server. `to` is the `name` field on the wire: the user the message is for.
namespace to_server {

struct login {
    std::string name;
    // The token a previous login under this name was given: reclaims the name even while
    // the server still holds the old connection (a reconnect after a network change).
    std::string token;
    std::vector<std::string> features;  // `features` on the wire; see protocol::feature
    // `peer` on the wire: after a reconnect, the user we are still in a call with (media is
    // peer to peer and outlives the signaling connection), so the server relinks the two.
    std::string partner;
};
// Ring `to`. The callee's camera stays off until it sends `accept`; only then does the
// caller send its offer.
struct call {
    std::string to;
};
// Accept the ring from `to`.
struct accept {
    std::string to;
};
// A payload is held one of two ways. Built by a client, or by to_server::decode(), it is a
// tree (`sdp`, `candidate`). From the server's relay fast path (server/signaling/relay_text.hpp)
// it is the text the sender wrote (`sdp_text`, `candidate_text`), already checked as JSON,
// with the tree left null: the server only passes it on, and copying text costs far less
// than building a tree and dumping it again. encode() writes the text when there is one, else
// the tree.
struct offer {
    std::string to;
    json sdp;  // the RTCSessionDescriptionInit, relayed as is
    std::string sdp_text;
};
struct answer {
    std::string to;
    json sdp;
    std::string sdp_text;
};
struct candidate {
    std::string to;
    json candidate;  // RTCIceCandidateInit, or null for end-of-candidates
    std::string candidate_text;
};
struct leave {
    std::string to;  // empty: the sender's current partner (the tutorial may omit it)
    end_reason reason = end_reason::hung_up;
};
// Ask for fresh ICE servers (TURN credentials expire); answered with `ice_servers`.
struct refresh_ice {};
// Move one's presence window to the online names that start with `prefix` ("" : everyone,
// from the first name on); answered with a `presence` list of that window. Only for a client
// whose login reply carried `presenceWindow`.
struct search {
    std::string prefix;
};
// The longest prefix a search may give: a whole name (32 code points of up to 4 bytes).
inline constexpr std::size_t max_search_bytes = 128;

using message =
    std::variant<login, offer, answer, candidate, leave, call, accept, refresh_ice, search>;

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
    // The rest only on success, and only when the login declared feature::ring: encode()
    // writes them when ice_transport_policy is set, and decode() leaves it empty when the
    // server sent none (a server without call control).
    int ice_ttl = 0;                     // `iceTtl`: seconds until TURN credentials expire; 0 never
    std::string ice_transport_policy;    // `iceTransportPolicy`: "all" or "relay"
    int ring_timeout = 30;               // `ringTimeout`: seconds a call rings unanswered
    int lost_timeout = 30;               // `lostTimeout`: seconds to restore media before giving up
    bool presence = false;               // the server will send `presence` lists
    // `presenceWindow`: the most names a presence list holds (the first ones in order of the
    // names that start with the client's search prefix); 0: the server sends everyone and
    // knows no `search` (a server before windows).
    int presence_window = 0;
};
// Who a caller proved to be, as a server with an identity provider tells the callee
// (`identity` in call and offer, added by the server, never taken from a client). Absent
// from a server without one.
struct caller_identity {
    bool verified = false;  // false: the caller typed a name, no account behind it
    std::string name;       // the account's display name (verified only)
    std::string email;
    std::string issuer;
    bool operator==(caller_identity const&) const = default;
};
// Payloads as in to_server: the server relays the sender's text; decode() (the client's)
// always builds the tree and leaves the text empty.
struct offer {
    std::string from;
    json sdp;
    std::string sdp_text;
    std::optional<caller_identity> identity;  // read by decode() only; the server adds it
};
struct answer {
    std::string from;
    json sdp;
    std::string sdp_text;
};
struct candidate {
    std::string from;
    json candidate;
    std::string candidate_text;
};
struct leave {
    std::string from;
    end_reason reason = end_reason::hung_up;
};
// `from` is ringing us.
struct call {
    std::string from;
    std::optional<caller_identity> identity;
};
// `from` accepted our ring: send the offer now.
struct accept {
    std::string from;
};
// `from` tried to call while we were busy.
struct missed {
    std::string from;
};
enum class availability { available, busy, offline };
struct presence_entry {
    std::string name;
    availability status = availability::available;
    bool operator==(presence_entry const&) const = default;
};
// Who is online. `full`: the whole list, replacing any earlier one (sent after login);
// otherwise only the users whose status changed (offline ones are to be removed). The
// recipient itself is never listed.
//
// From a server with presence windows (login `presenceWindow`), the list is the window: the
// first names, in byte order, of those online that start with the client's search prefix. A
// name that enters it is listed with its status, one pushed out of it (or gone) as `offline`.
struct presence {
    bool full = false;
    std::vector<presence_entry> users;
    // Window servers only: `more`, whether more names match than the window holds (in every
    // frame, so it can turn false again); `prefix`, the search a full list answers.
    std::optional<bool> more;
    std::optional<std::string> prefix;
};
// Reply to refresh_ice.
struct ice_servers {
    std::vector<ice_server> servers;  // `iceServers`
    int ttl = 0;                      // `iceTtl`
};
struct error {
    error_code code = error_code::invalid_message;
    std::string message;
    std::string user;  // the user the failed request named, when there is one
};

using message = std::variant<login_result, offer, answer, candidate, leave, error, call, accept,
                             missed, presence, ice_servers>;

}  // namespace to_client

}  // namespace duet::protocol
