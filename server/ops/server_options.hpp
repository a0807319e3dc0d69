#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/protocol.hpp"

namespace duet {

// Every bound the server puts on what a client may make it do. Each is a flag.
struct server_limits {
    std::size_t max_message_bytes = 64 * 1024;  // an SDP is a few KiB
    std::size_t max_header_bytes = 8 * 1024;
    std::size_t max_body_bytes = 1024;          // only GETs are served
    std::size_t max_json_depth = 32;            // an SDP message nests 3 deep
    double messages_per_second = 50;            // sustained rate per connection
    double message_burst = 200;                 // ICE trickle comes in bursts
    std::size_t max_queued_bytes = 1024 * 1024; // per connection, towards a slow reader
    std::size_t max_connections = 20000;
    std::size_t max_connections_per_address = 64;
    std::chrono::milliseconds handshake_timeout{10'000};  // TLS and WebSocket
    std::chrono::milliseconds header_timeout{10'000};     // slowloris
    std::chrono::milliseconds login_timeout{30'000};
    std::chrono::milliseconds idle_timeout{15'000};       // ping/pong heartbeat
};

struct server_options {
    std::string host = "::";  // all interfaces (dual stack), so phones on the LAN can join
    std::uint16_t port = 8080;
    std::string web_root = ".";
    unsigned threads = 1;
    std::vector<protocol::ice_server> ice_servers;  // filled with the default when not given
    server_limits limits;
    std::string tls_cert;  // PEM certificate chain; with tls_key, serves HTTPS and WSS
    std::string tls_key;
    std::vector<std::string> allowed_origins;  // beyond the server's own

    // Call control (docs/call_control.md).
    std::vector<std::string> turn_uris;  // with turn_secret: a TURN entry per login
    std::string turn_secret;             // coturn's static-auth-secret
    int turn_ttl = 3600;                 // seconds TURN credentials stay valid
    bool presence = true;                // --no-presence turns the lists off
    int presence_window = 100;           // --presence-window
    int ring_timeout = 30;               // seconds, for clients that ring
    int lost_timeout = 30;               // seconds to restore media before giving up
    std::string ice_transport_policy = "all";  // or "relay": media only through TURN

    // Several nodes (docs/cluster.md): users shared through this Redis; empty: in-process.
    std::string redis;
    std::string node_id;  // empty: a random one
    // Sign-in through an OpenID Connect provider (server/identity/README.md).
    std::string oidc_issuer;  // empty: name-only logins, as always
    std::string oidc_client_id;
    std::string oidc_client_secret_file;  // read once at start, whitespace trimmed
    std::string oidc_label = "your account";  // "Sign in with <label>"
    std::string oidc_ca_file;             // trust for the provider's TLS; empty: the system's
    std::string session_key_file;         // empty: a random key per process
    std::string identity_file;            // empty: bindings kept in memory only
    bool require_identity = false;        // refuse name-only logins
};

struct parsed_options {
    std::optional<server_options> options;  // empty: exit (help shown, or an error)
    std::string message;                    // help text or the error
    bool is_error = false;
};

parsed_options parse_server_options(int argc, char const* const* argv);
std::string server_usage();

}  // namespace duet
