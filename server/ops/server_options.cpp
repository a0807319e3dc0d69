#include "ops/server_options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <functional>
#include <string_view>

#include "redis/connection.hpp"

namespace duet {

namespace {

// The tutorial's public STUN server: enough for most home networks; `--ice-server none`
// keeps a LAN-only or test deployment from reaching outside.
constexpr char const* default_stun = "stun:stun2.1.google.com:19302";

using setter = std::function<std::string(std::string_view, server_options&)>;

struct option_spec {
    std::string_view name;
    std::string_view value_name;
    std::string_view help;
    setter set;  // returns an error message, empty on success
};

template <class T>
bool parse_number(std::string_view text, T min, T max, T& out) {
    unsigned long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return false;
    if (value < static_cast<unsigned long long>(min) ||
        value > static_cast<unsigned long long>(max))
        return false;
    out = static_cast<T>(value);
    return true;
}

template <class T>
setter number(T server_options::*field, T min, T max) {
    return [=](std::string_view v, server_options& o) -> std::string {
        if (parse_number(v, min, max, o.*field)) return {};
        return "must be a number from " + std::to_string(min) + " to " + std::to_string(max);
    };
}

template <class T>
setter limit(T server_limits::*field, T min, T max) {
    return [=](std::string_view v, server_options& o) -> std::string {
        if (parse_number(v, min, max, o.limits.*field)) return {};
        return "must be a number from " + std::to_string(min) + " to " + std::to_string(max);
    };
}

setter rate(double server_limits::*field) {
    return [=](std::string_view v, server_options& o) -> std::string {
        unsigned long long n = 0;
        if (!parse_number<unsigned long long>(v, 1, 1'000'000, n))
            return "must be a number from 1 to 1000000";
        o.limits.*field = static_cast<double>(n);
        return {};
    };
}

setter seconds(std::chrono::milliseconds server_limits::*field) {
    return [=](std::string_view v, server_options& o) -> std::string {
        // Whole or fractional seconds ("15", "0.5"): tests use short ones.
        double value = 0;
        std::string text(v);
        char* end = nullptr;
        value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !(value > 0) || value > 86400)
            return "must be a number of seconds, more than 0 and at most 86400";
        o.limits.*field = std::chrono::milliseconds(static_cast<long long>(value * 1000));
        return {};
    };
}

setter text(std::string server_options::*field) {
    return [=](std::string_view v, server_options& o) -> std::string {
        if (v.empty()) return "needs a value";
        o.*field = std::string(v);
        return {};
    };
}

bool has_scheme(std::string_view url, std::initializer_list<std::string_view> schemes) {
    for (std::string_view scheme : schemes) {
        if (url.substr(0, scheme.size()) == scheme && url.size() > scheme.size()) return true;
    }
    return false;
}

bool is_ice_url(std::string_view url) {
    return has_scheme(url, {"stun:", "stuns:", "turn:", "turns:"});
}

// A TURN URI (RFC 7065): turn: or turns:, a host, maybe a port and ?transport=. What a
// browser would refuse is refused here, where the operator sees it.
bool is_turn_uri(std::string_view uri) {
    if (!has_scheme(uri, {"turn:", "turns:"})) return false;
    for (char c : uri) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '\x7f') return false;
    }
    auto host = uri.substr(uri.find(':') + 1);
    return !host.empty() && host.front() != '?' && host.front() != ':';
}

std::vector<option_spec> const& specs() {
    using L = server_limits;
    static std::vector<option_spec> const table{
        {"--host", "ADDR",
         "address to listen on (default: ::, every interface, IPv4 and IPv6; 127.0.0.1 stays "
         "on this machine)",
         [](std::string_view v, server_options& o) -> std::string {
             if (v.empty()) return "needs an address";
             o.host = std::string(v);
             return {};
         }},
        {"--port", "N", "TCP port; 0 picks a free one (default: 8080)",
         number<std::uint16_t>(&server_options::port, 0, 65535)},
        {"--web-root", "DIR",
         "folder of static files to serve: index.html, duet.js, duet.wasm (default: .)",
         [](std::string_view v, server_options& o) -> std::string {
             if (v.empty()) return "needs a folder";
             o.web_root = std::string(v);
             return {};
         }},
        {"--threads", "N", "I/O threads, 1-64 (default: 1)",
         number<unsigned>(&server_options::threads, 1, 64)},
        {"--ice-server", "URL",
         "STUN/TURN URL handed to clients for RTCPeerConnection; repeatable; \"none\" hands out "
         "none, for LAN-only use (default: stun:stun2.1.google.com:19302)",
         [](std::string_view v, server_options& o) -> std::string {
             if (v == "none") return {};
             if (!is_ice_url(v)) return "must be a stun:, stuns:, turn: or turns: URL or 'none'";
             o.ice_servers.push_back({{std::string(v)}, {}, {}});
             return {};
         }},
        {"--tls-cert", "FILE",
         "PEM certificate chain; with --tls-key the port serves HTTPS and WSS (plain HTTP "
         "stays available to loopback clients, others are redirected)",
         [](std::string_view v, server_options& o) -> std::string {
             if (v.empty()) return "needs a file";
             o.tls_cert = std::string(v);
             return {};
         }},
        {"--tls-key", "FILE", "PEM private key for --tls-cert",
         [](std::string_view v, server_options& o) -> std::string {
             if (v.empty()) return "needs a file";
             o.tls_key = std::string(v);
             return {};
         }},
        {"--allowed-origin", "ORIGIN",
         "another web origin (scheme://host[:port]) whose pages may open a signaling socket; "
         "repeatable (default: only the server's own)",
         [](std::string_view v, server_options& o) -> std::string {
             if (v.substr(0, 7) != "http://" && v.substr(0, 8) != "https://")
                 return "must be an origin such as https://example.org";
             while (!v.empty() && v.back() == '/') v.remove_suffix(1);
             o.allowed_origins.emplace_back(v);
             return {};
         }},
        {"--max-message-bytes", "N", "largest WebSocket message accepted (default: 65536)",
         limit<std::size_t>(&L::max_message_bytes, 256, 16 << 20)},
        {"--max-header-bytes", "N", "largest HTTP request header (default: 8192)",
         limit<std::size_t>(&L::max_header_bytes, 512, 1 << 20)},
        {"--max-body-bytes", "N", "largest HTTP request body (default: 1024)",
         limit<std::size_t>(&L::max_body_bytes, 0, 1 << 20)},
        {"--max-json-depth", "N", "deepest JSON nesting accepted (default: 32)",
         limit<std::size_t>(&L::max_json_depth, 4, 512)},
        {"--rate", "N", "messages per second a connection may send, sustained (default: 50)",
         rate(&L::messages_per_second)},
        {"--burst", "N", "messages a connection may send at once above the rate (default: 200)",
         rate(&L::message_burst)},
        {"--max-queued-bytes", "N",
         "bytes waiting to be sent to one client before it is dropped as not reading "
         "(default: 1048576)",
         limit<std::size_t>(&L::max_queued_bytes, 4096, std::size_t{1} << 30)},
        {"--max-connections", "N", "connections in total (default: 20000)",
         limit<std::size_t>(&L::max_connections, 1, 1'000'000)},
        {"--max-connections-per-address", "N",
         "connections from one remote address (default: 64)",
         limit<std::size_t>(&L::max_connections_per_address, 1, 1'000'000)},
        {"--handshake-timeout", "SECONDS", "TLS and WebSocket handshakes (default: 10)",
         seconds(&L::handshake_timeout)},
        {"--header-timeout", "SECONDS", "reading an HTTP request header (default: 10)",
         seconds(&L::header_timeout)},
        {"--login-timeout", "SECONDS",
         "a signaling connection must sign in within this (default: 30)",
         seconds(&L::login_timeout)},
        {"--idle-timeout", "SECONDS",
         "a connection silent this long, pings unanswered, is closed; a partner whose network "
         "vanished is noticed within it (default: 15)",
         seconds(&L::idle_timeout)},
        {"--turn-uri", "URI",
         "TURN server (turn: or turns:) for which each client gets its own short-lived "
         "credentials, signed with --turn-secret; repeatable, all in one entry",
         [](std::string_view v, server_options& o) -> std::string {
             if (!is_turn_uri(v))
                 return "must be a turn: or turns: URI such as turn:turn.example.org:3478";
             o.turn_uris.emplace_back(v);
             return {};
         }},
        {"--turn-secret", "SECRET",
         "the TURN server's shared secret (coturn: use-auth-secret, static-auth-secret)",
         [](std::string_view v, server_options& o) -> std::string {
             if (v.empty()) return "needs a secret";
             o.turn_secret = std::string(v);
             return {};
         }},
        {"--turn-ttl", "SECONDS",
         "how long TURN credentials stay valid; clients renew them before (default: 3600)",
         number<int>(&server_options::turn_ttl, 10, 7 * 86400)},
        {"--ice-transport-policy", "all|relay",
         "\"relay\" makes clients send media only through TURN, hiding their addresses from "
         "each other (default: all)",
         [](std::string_view v, server_options& o) -> std::string {
             if (v != "all" && v != "relay") return "must be all or relay";
             o.ice_transport_policy = std::string(v);
             return {};
         }},
        {"--ring-timeout", "SECONDS",
         "a call not accepted within this stops ringing (default: 30)",
         number<int>(&server_options::ring_timeout, 1, 3600)},
        {"--lost-timeout", "SECONDS",
         "a call whose media cannot be restored within this ends (default: 30)",
         number<int>(&server_options::lost_timeout, 1, 3600)},
        {"--oidc-issuer", "URL",
         "sign in through this OpenID Connect provider (its https issuer URL, exactly as its "
         "discovery document says); the redirect URI to register is <origin>/auth/callback",
         [](std::string_view v, server_options& o) -> std::string {
             if (v.substr(0, 8) != "https://" || v.size() <= 8) return "must be an https:// URL";
             o.oidc_issuer = std::string(v);
             return {};
         }},
        {"--oidc-client-id", "ID", "the client id the provider gave this server",
         text(&server_options::oidc_client_id)},
        {"--oidc-client-secret-file", "FILE",
         "a file holding the client secret the provider gave (read once at start)",
         text(&server_options::oidc_client_secret_file)},
        {"--oidc-label", "TEXT", "the provider's name on the login screen's \"Sign in with\" button",
         text(&server_options::oidc_label)},
        {"--oidc-ca-file", "PEM",
         "certificates to trust for the provider's TLS, for one a private CA signed (default: "
         "the system's)",
         text(&server_options::oidc_ca_file)},
        {"--session-key-file", "FILE",
         "at least 32 bytes signing the session cookie; share it between the nodes of a "
         "cluster (default: a random key per process, so a restart signs everyone out)",
         text(&server_options::session_key_file)},
        {"--identity-file", "FILE",
         "where names bound to provider accounts are kept across restarts (default: memory "
         "only; with --redis they are kept in Redis, shared by every node)",
         text(&server_options::identity_file)},
        {"--require-identity", "",
         "refuse name-only logins: everyone signs in through the provider",
         [](std::string_view, server_options& o) -> std::string {
             o.require_identity = true;
             return {};
         }},
        {"--no-presence", "",
         "send no lists of who is online and who is busy (default: sent to clients that ask)",
         [](std::string_view, server_options& o) -> std::string {
             o.presence = false;
             return {};
         }},
        {"--presence-window", "NAMES",
         "the most names a list of who is online holds: the first ones, by name, of those "
         "matching the person's search; a login costs the server this, not everyone online "
         "(default: 100)",
         number<int>(&server_options::presence_window, 1, 10000)},
        {"--redis", "redis://HOST:PORT/DB",
         "share users with the other servers (nodes) using this Redis; HOST an IP address "
         "(default: none, one process keeps its users itself)",
         [](std::string_view v, server_options& o) -> std::string {
             if (!redis::parse_url(std::string(v))) return "must be redis://HOST:PORT/DB";
             o.redis = std::string(v);
             return {};
         }},
        {"--node-id", "NAME",
         "this server's name among the nodes sharing one Redis: letters, digits, - and _ "
         "(default: 8 random hex digits)",
         [](std::string_view v, server_options& o) -> std::string {
             auto ok = [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
             };
             if (v.empty() || v.size() > 64 || !std::all_of(v.begin(), v.end(), ok)) {
                 return "must be 1 to 64 letters, digits, - or _";
             }
             o.node_id = std::string(v);
             return {};
         }},
    };
    return table;
}

parsed_options error(std::string message) {
    return {std::nullopt, std::move(message) + "\nTry 'duet-server --help'.", true};
}

}  // namespace

std::string server_usage() {
    std::string out =
        "Usage: duet-server [options]\n\n"
        "Serves the Duet web client and relays its WebRTC signaling over WebSocket (at / and\n"
        "/ws) on one port.\n\nOptions:\n";
    constexpr std::size_t indent = 35;
    constexpr std::size_t width = 96;
    auto add = [&](std::string left, std::string_view help) {
        left.resize(indent, ' ');
        out += left;
        std::size_t column = indent;
        while (!help.empty()) {
            auto space = help.find(' ');
            auto word = help.substr(0, space);
            if (column > indent && column + 1 + word.size() > width) {
                out += "\n" + std::string(indent, ' ');
                column = indent;
            } else if (column > indent) {
                out += ' ';
                ++column;
            }
            out += word;
            column += word.size();
            help = space == std::string_view::npos ? std::string_view{} : help.substr(space + 1);
        }
        out += '\n';
    };
    for (auto const& spec : specs()) {
        auto left = "  " + std::string(spec.name);
        if (!spec.value_name.empty()) left += " " + std::string(spec.value_name);
        add(std::move(left), spec.help);
    }
    add("  --help", "show this text and exit");
    return out;
}

parsed_options parse_server_options(int argc, char const* const* argv) {
    server_options opts;
    bool ice_given = false;
    bool ice_none = false;

    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        bool has_inline = false;
        if (auto eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_inline = true;
        }
        if (arg == "--help" || arg == "-h") return {std::nullopt, server_usage(), false};

        option_spec const* spec = nullptr;
        for (auto const& s : specs()) {
            if (s.name == arg) spec = &s;
        }
        if (!spec) return error("Unknown option: " + std::string(arg));
        if (spec->value_name.empty()) {
            // A switch: on when given, and nothing to parse.
            if (has_inline) return error("Option " + std::string(arg) + " takes no value");
            spec->set({}, opts);
            continue;
        }
        if (!has_inline) {
            if (i + 1 >= argc) return error("Option " + std::string(arg) + " needs a value");
            value = argv[++i];
        }
        if (arg == "--ice-server") {
            ice_given = true;
            ice_none = ice_none || value == "none";
        }
        if (auto problem = spec->set(value, opts); !problem.empty()) {
            return error(std::string(arg) + " " + problem + ", not '" + std::string(value) + "'");
        }
    }
    if (ice_none && !opts.ice_servers.empty())
        return error("--ice-server none cannot be combined with other ICE servers");
    if (opts.tls_cert.empty() != opts.tls_key.empty())
        return error("--tls-cert and --tls-key must be given together");
    if (opts.turn_uris.empty() != opts.turn_secret.empty())
        return error("--turn-uri and --turn-secret must be given together");
    if (opts.ice_transport_policy == "relay" && opts.turn_uris.empty() &&
        std::none_of(opts.ice_servers.begin(), opts.ice_servers.end(), [](auto const& s) {
            return has_scheme(s.urls.front(), {"turn:", "turns:"});
        }))
        return error("--ice-transport-policy relay needs a TURN server (--turn-uri, or a turn: "
                     "--ice-server)");
    if (!opts.oidc_issuer.empty() &&
        (opts.oidc_client_id.empty() || opts.oidc_client_secret_file.empty()))
        return error("--oidc-issuer needs --oidc-client-id and --oidc-client-secret-file");
    if (opts.oidc_issuer.empty() && (opts.require_identity || !opts.oidc_client_id.empty()))
        return error("--require-identity and --oidc-client-id need --oidc-issuer");
    if (!ice_given) opts.ice_servers.push_back({{default_stun}, {}, {}});
    return {std::move(opts), {}, false};
}

}  // namespace duet
