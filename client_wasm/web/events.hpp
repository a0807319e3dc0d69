// What the browser reports to the app, as plain C++ values. The web layer converts every JS
// value on arrival, so nothing outside web/ ever sees one.
#pragma once

#include <string>
#include <variant>

#include "call_machine.hpp"

namespace duet::web {

struct socket_opened {};
struct socket_message {
    std::string text;
};
struct socket_closed {
    std::string reason;
};

struct media_ready {};
struct media_denied {
    std::string reason;
};

struct local_description {
    call::pc_id pc;
    protocol::json sdp;
};
struct remote_description_applied {
    call::pc_id pc;
};
struct ice_candidate {
    call::pc_id pc;
    protocol::json candidate;
};
struct connection_state {
    call::pc_id pc;
    std::string state;  // RTCPeerConnectionState: "connected", "failed", ...
};
struct remote_track {
    call::pc_id pc;
};
struct operation_failed {
    call::pc_id pc;
    std::string what;
    bool fatal = true;  // false for a candidate the browser refused: the call may still work
};

using event = std::variant<socket_opened, socket_message, socket_closed, media_ready, media_denied,
                           local_description, remote_description_applied, ice_candidate,
                           connection_state, remote_track, operation_failed>;

}  // namespace duet::web
