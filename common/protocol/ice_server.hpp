// The STUN and TURN servers a client hands to RTCPeerConnection, and their one JSON form.
// The server sends the list at login and in `ice_servers`; the client writes the same list
// into its RTCConfiguration (client_wasm/web/peer_connection.cpp), so both use these.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace duet::protocol {

using json = nlohmann::json;

// An RTCIceServer as the browser takes it: {urls, username?, credential?}.
struct ice_server {
    std::vector<std::string> urls;
    std::string username;
    std::string credential;
};

// An array of RTCIceServer objects; `urls` is always an array, and empty credentials are
// left out.
json ice_servers_to_json(std::vector<ice_server> const& servers);

// Lenient as the browser is with what it accepts: `urls` as one string or an array, and
// entries that are not objects or have no URL skipped. Not an array: none.
std::vector<ice_server> ice_servers_from_json(json const& list);

}  // namespace duet::protocol
