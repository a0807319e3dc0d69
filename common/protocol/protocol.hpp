// The signaling wire protocol: the tutorial's JSON messages plus Duet's additions.
//
// Sans-I/O: compiled into the native server and the wasm client alike. Decoding never
// throws (wasm builds run with exceptions disabled, where a throw aborts the tab); every
// failure comes back as a value with a message fit to show a person.
//
// This header only gathers the parts, one concept each:
//   messages.hpp    the message structs of both directions, error codes, end reasons, limits
//   ice_server.hpp  the STUN/TURN server list and its JSON form
//   enum_names.hpp  the wire names of the enums, both ways
//   to_server.hpp   client-to-server decode and encode
//   to_client.hpp   server-to-client decode and encode
// (fields.hpp and payload_text.hpp are the codecs' own helpers; names.hpp the user-name rules.)
#pragma once

#include "protocol/enum_names.hpp"
#include "protocol/ice_server.hpp"
#include "protocol/messages.hpp"
#include "protocol/to_client.hpp"
#include "protocol/to_server.hpp"
