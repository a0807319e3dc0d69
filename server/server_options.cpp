#include "server_options.hpp"

#include <charconv>
#include <string_view>

namespace duet {

namespace {

// The tutorial's public STUN server: enough for most home networks; `--ice-server none`
// keeps a LAN-only or test deployment from reaching outside.
constexpr char const* default_stun = "stun:stun2.1.google.com:19302";

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

bool is_ice_url(std::string_view url) {
    for (std::string_view scheme : {"stun:", "stuns:", "turn:", "turns:"}) {
        if (url.substr(0, scheme.size()) == scheme && url.size() > scheme.size()) return true;
    }
    return false;
}

parsed_options error(std::string message) {
    return {std::nullopt, std::move(message) + "\nTry 'duet-server --help'.", true};
}

}  // namespace

std::string server_usage() {
    return R"(Usage: duet-server [options]

Serves the Duet web client and relays its WebRTC signaling over WebSocket (at / and /ws)
on one port.

Options:
  --host ADDR         address to listen on (default: :: , every interface, IPv4 and IPv6;
                      use 127.0.0.1 to stay on this machine)
  --port N            TCP port, 0 picks a free one (default: 8080)
  --web-root DIR      folder of static files to serve: index.html, duet.js, duet.wasm
                      (default: current folder)
  --threads N         I/O threads, 1-64 (default: 1)
  --ice-server URL    STUN/TURN URL handed to clients for RTCPeerConnection; repeatable;
                      "none" hands out none, for LAN-only use
                      (default: stun:stun2.1.google.com:19302)
  --help              show this text and exit
)";
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

        auto take_value = [&](std::string_view& out) {
            if (has_inline) {
                out = value;
                return true;
            }
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string_view v;
        if (arg == "--host" || arg == "--port" || arg == "--web-root" || arg == "--threads" ||
            arg == "--ice-server") {
            if (!take_value(v)) return error("Option " + std::string(arg) + " needs a value");
        } else {
            return error("Unknown option: " + std::string(arg));
        }

        if (arg == "--host") {
            if (v.empty()) return error("--host needs an address");
            opts.host = std::string(v);
        } else if (arg == "--port") {
            if (!parse_number<std::uint16_t>(v, 0, 65535, opts.port))
                return error("--port must be a number from 0 to 65535, not '" + std::string(v) +
                             "'");
        } else if (arg == "--web-root") {
            if (v.empty()) return error("--web-root needs a folder");
            opts.web_root = std::string(v);
        } else if (arg == "--threads") {
            if (!parse_number<unsigned>(v, 1, 64, opts.threads))
                return error("--threads must be a number from 1 to 64, not '" + std::string(v) +
                             "'");
        } else if (arg == "--ice-server") {
            ice_given = true;
            if (v == "none") {
                ice_none = true;
            } else if (is_ice_url(v)) {
                opts.ice_servers.push_back({{std::string(v)}, {}, {}});
            } else {
                return error("--ice-server must be a stun:, stuns:, turn: or turns: URL or "
                             "'none', not '" +
                             std::string(v) + "'");
            }
        }
    }
    if (ice_none && !opts.ice_servers.empty())
        return error("--ice-server none cannot be combined with other ICE servers");
    if (!ice_given) opts.ice_servers.push_back({{default_stun}, {}, {}});
    return {std::move(opts), {}, false};
}

}  // namespace duet
