#include "ops/server_options.hpp"

#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <vector>

using namespace duet;
using namespace std::chrono_literals;

namespace {

parsed_options parse(std::initializer_list<char const*> args) {
    std::vector<char const*> argv{"duet-server"};
    argv.insert(argv.end(), args.begin(), args.end());
    return parse_server_options(static_cast<int>(argv.size()), argv.data());
}

server_options parse_ok(std::initializer_list<char const*> args) {
    auto parsed = parse(args);
    INFO("message: " << parsed.message);
    REQUIRE(parsed.options.has_value());
    CHECK_FALSE(parsed.is_error);
    return *parsed.options;
}

// The error a bad command line gives: it names the problem and points at --help.
std::string parse_error(std::initializer_list<char const*> args) {
    auto parsed = parse(args);
    REQUIRE_FALSE(parsed.options.has_value());
    CHECK(parsed.is_error);
    CHECK_THAT(parsed.message, Catch::Contains("duet-server --help"));
    return parsed.message;
}

}  // namespace

TEST_CASE("server options: defaults", "[options]") {
    auto o = parse_ok({});
    CHECK(o.host == "::");  // every interface, so phones on the LAN can join
    CHECK(o.port == 8080);
    CHECK(o.web_root == ".");
    CHECK(o.threads == 1);
    REQUIRE(o.ice_servers.size() == 1);
    CHECK(o.ice_servers[0].urls == std::vector<std::string>{"stun:stun2.1.google.com:19302"});
    CHECK(o.ice_servers[0].username.empty());
    CHECK(o.tls_cert.empty());  // plain HTTP unless asked
    CHECK(o.tls_key.empty());
    CHECK(o.allowed_origins.empty());

    server_limits const defaults;
    CHECK(o.limits.max_message_bytes == defaults.max_message_bytes);
    CHECK(o.limits.idle_timeout == defaults.idle_timeout);

    // Call control: no TURN, presence on, 30 s to ring and to restore media.
    CHECK(o.turn_uris.empty());
    CHECK(o.turn_secret.empty());
    CHECK(o.turn_ttl == 3600);
    CHECK(o.presence);
    CHECK(o.ring_timeout == 30);
    CHECK(o.lost_timeout == 30);
    CHECK(o.ice_transport_policy == "all");
}

TEST_CASE("server options: every flag", "[options]") {
    SECTION("--host, --port, --web-root, --threads") {
        auto o = parse_ok(
            {"--host", "127.0.0.1", "--port", "0", "--web-root", "/srv/duet", "--threads", "4"});
        CHECK(o.host == "127.0.0.1");
        CHECK(o.port == 0);
        CHECK(o.web_root == "/srv/duet");
        CHECK(o.threads == 4);
    }
    SECTION("--flag=value works as well as --flag value") {
        auto o = parse_ok({"--host=::1", "--port=65535", "--web-root=web", "--threads=64"});
        CHECK(o.host == "::1");
        CHECK(o.port == 65535);
        CHECK(o.web_root == "web");
        CHECK(o.threads == 64);
    }
    SECTION("the last of a repeated flag wins") {
        CHECK(parse_ok({"--port", "1", "--port", "2"}).port == 2);
    }
    SECTION("--ice-server repeats, in order, replacing the default") {
        auto o = parse_ok({"--ice-server", "stun:stun.example.org:3478", "--ice-server",
                           "turns:turn.example.org:5349", "--ice-server=turn:10.0.0.1"});
        REQUIRE(o.ice_servers.size() == 3);
        CHECK(o.ice_servers[0].urls == std::vector<std::string>{"stun:stun.example.org:3478"});
        CHECK(o.ice_servers[1].urls == std::vector<std::string>{"turns:turn.example.org:5349"});
        CHECK(o.ice_servers[2].urls == std::vector<std::string>{"turn:10.0.0.1"});
        CHECK(parse_ok({"--ice-server", "stuns:x"}).ice_servers.size() == 1);
    }
    SECTION("--ice-server none hands out none") {
        CHECK(parse_ok({"--ice-server", "none"}).ice_servers.empty());
        CHECK(parse_ok({"--ice-server", "none", "--ice-server", "none"}).ice_servers.empty());
    }
    SECTION("--tls-cert with --tls-key") {
        auto o = parse_ok({"--tls-cert", "cert.pem", "--tls-key=key.pem"});
        CHECK(o.tls_cert == "cert.pem");
        CHECK(o.tls_key == "key.pem");
    }
    SECTION("--allowed-origin repeats; a trailing slash is dropped") {
        auto o = parse_ok({"--allowed-origin", "https://duet.example.org/", "--allowed-origin",
                           "http://192.168.1.5:8080"});
        CHECK(o.allowed_origins ==
              std::vector<std::string>{"https://duet.example.org", "http://192.168.1.5:8080"});
    }
    SECTION("limits") {
        auto o = parse_ok({"--max-message-bytes",
                           "1024",
                           "--max-header-bytes",
                           "4096",
                           "--max-body-bytes",
                           "0",
                           "--max-json-depth",
                           "8",
                           "--rate",
                           "5",
                           "--burst",
                           "10",
                           "--max-queued-bytes",
                           "8192",
                           "--max-connections",
                           "100",
                           "--max-connections-per-address",
                           "3",
                           "--handshake-timeout",
                           "2",
                           "--header-timeout",
                           "0.5",
                           "--login-timeout",
                           "1.25",
                           "--idle-timeout",
                           "30"});
        CHECK(o.limits.max_message_bytes == 1024);
        CHECK(o.limits.max_header_bytes == 4096);
        CHECK(o.limits.max_body_bytes == 0);
        CHECK(o.limits.max_json_depth == 8);
        CHECK(o.limits.messages_per_second == 5);
        CHECK(o.limits.message_burst == 10);
        CHECK(o.limits.max_queued_bytes == 8192);
        CHECK(o.limits.max_connections == 100);
        CHECK(o.limits.max_connections_per_address == 3);
        CHECK(o.limits.handshake_timeout == 2s);
        CHECK(o.limits.header_timeout == 500ms);
        CHECK(o.limits.login_timeout == 1250ms);
        CHECK(o.limits.idle_timeout == 30s);
    }
    SECTION("TURN: URIs in order with their secret and lifetime") {
        auto o = parse_ok({"--turn-uri", "turn:turn.example.org:3478?transport=udp",
                           "--turn-uri=turns:turn.example.org:5349", "--turn-secret", "s3cret",
                           "--turn-ttl", "20"});
        CHECK(o.turn_uris == std::vector<std::string>{"turn:turn.example.org:3478?transport=udp",
                                                      "turns:turn.example.org:5349"});
        CHECK(o.turn_secret == "s3cret");
        CHECK(o.turn_ttl == 20);
        // The STUN default stays: TURN credentials come on top of it.
        CHECK(o.ice_servers.size() == 1);
    }
    SECTION("--ice-transport-policy, --ring-timeout, --lost-timeout, --no-presence") {
        auto o = parse_ok({"--ice-transport-policy", "relay", "--turn-uri", "turn:127.0.0.1",
                           "--turn-secret", "s", "--ring-timeout", "45", "--lost-timeout=5",
                           "--no-presence"});
        CHECK(o.ice_transport_policy == "relay");
        CHECK(o.ring_timeout == 45);
        CHECK(o.lost_timeout == 5);
        CHECK_FALSE(o.presence);
        // A TURN URL given with --ice-server (static credentials) is enough for relay too.
        CHECK(parse_ok({"--ice-transport-policy=relay", "--ice-server", "turns:t.example.org"})
                  .ice_transport_policy == "relay");
        CHECK(parse_ok({"--ice-transport-policy", "all"}).ice_transport_policy == "all");
    }
}

TEST_CASE("server options: bad values are errors naming the flag and the value", "[options]") {
    SECTION("--port") {
        for (char const* bad :
             {"65536", "-1", "http", "", "80x", " 80", "1e3", "99999999999999999999"}) {
            INFO("value: '" << bad << "'");
            auto message = parse_error({"--port", bad});
            CHECK_THAT(message, Catch::Contains("--port"));
            CHECK_THAT(message, Catch::Contains(std::string("'") + bad + "'"));
        }
    }
    SECTION("--threads") {
        for (char const* bad : {"0", "65", "two", "-4"}) {
            INFO("value: '" << bad << "'");
            CHECK_THAT(parse_error({"--threads", bad}), Catch::Contains("--threads"));
        }
    }
    SECTION("--ice-server") {
        for (char const* bad :
             {"http://stun.example.org", "stun.example.org:3478", "stun:", "", "None"}) {
            INFO("value: '" << bad << "'");
            CHECK_THAT(parse_error({"--ice-server", bad}), Catch::Contains("--ice-server"));
        }
    }
    SECTION("--ice-server none mixed with a URL, either order") {
        CHECK_THAT(parse_error({"--ice-server", "none", "--ice-server", "stun:a"}),
                   Catch::Contains("none"));
        CHECK_THAT(parse_error({"--ice-server", "stun:a", "--ice-server", "none"}),
                   Catch::Contains("none"));
    }
    SECTION("empty host and web root") {
        CHECK_THAT(parse_error({"--host", ""}), Catch::Contains("--host"));
        CHECK_THAT(parse_error({"--web-root="}), Catch::Contains("--web-root"));
    }
    SECTION("limits out of range") {
        CHECK_THAT(parse_error({"--max-message-bytes", "10"}),
                   Catch::Contains("--max-message-bytes"));
        CHECK_THAT(parse_error({"--max-json-depth", "1000"}), Catch::Contains("--max-json-depth"));
        CHECK_THAT(parse_error({"--rate", "0"}), Catch::Contains("--rate"));
        for (char const* bad : {"0", "-1", "abc", "1s", "", "86401", "nan"}) {
            INFO("value: '" << bad << "'");
            CHECK_THAT(parse_error({"--idle-timeout", bad}), Catch::Contains("--idle-timeout"));
        }
    }
    SECTION("TLS needs both halves") {
        CHECK_THAT(parse_error({"--tls-cert", "cert.pem"}), Catch::Contains("--tls-key"));
        CHECK_THAT(parse_error({"--tls-key", "key.pem"}), Catch::Contains("--tls-cert"));
        CHECK_THAT(parse_error({"--tls-cert", "", "--tls-key", "k"}),
                   Catch::Contains("--tls-cert"));
    }
    SECTION("--allowed-origin must be an origin") {
        for (char const* bad : {"example.org", "ws://example.org", "*", ""}) {
            INFO("value: '" << bad << "'");
            CHECK_THAT(parse_error({"--allowed-origin", bad}), Catch::Contains("--allowed-origin"));
        }
    }
    SECTION("call control") {
        for (char const* bad : {"stun:a", "http://turn.example.org", "turn:", "turns:",
                                "turn:?transport=udp", "turn:a b", "", "TURN:a"}) {
            INFO("value: '" << bad << "'");
            CHECK_THAT(parse_error({"--turn-uri", bad, "--turn-secret", "s"}),
                       Catch::Contains("--turn-uri"));
        }
        CHECK_THAT(parse_error({"--turn-secret", "", "--turn-uri", "turn:a"}),
                   Catch::Contains("--turn-secret"));
        for (char const* bad : {"9", "0", "-1", "ten", "604801", "1.5"}) {
            INFO("value: '" << bad << "'");
            CHECK_THAT(parse_error({"--turn-ttl", bad}), Catch::Contains("--turn-ttl"));
        }
        for (char const* flag : {"--ring-timeout", "--lost-timeout"}) {
            for (char const* bad : {"0", "3601", "soon", "", "2.5"}) {
                INFO(flag << " '" << bad << "'");
                CHECK_THAT(parse_error({flag, bad}), Catch::Contains(flag));
            }
        }
        for (char const* bad : {"none", "RELAY", "", "public"}) {
            INFO("value: '" << bad << "'");
            CHECK_THAT(parse_error({"--ice-transport-policy", bad}),
                       Catch::Contains("--ice-transport-policy"));
        }
        CHECK_THAT(parse_error({"--no-presence=1"}), Catch::Contains("--no-presence takes no value"));
    }
    SECTION("call control flags that need each other") {
        CHECK_THAT(parse_error({"--turn-uri", "turn:a"}), Catch::Contains("--turn-secret"));
        CHECK_THAT(parse_error({"--turn-secret", "s"}), Catch::Contains("--turn-uri"));
        auto relay = parse_error({"--ice-transport-policy", "relay"});
        CHECK_THAT(relay, Catch::Contains("--ice-transport-policy"));
        CHECK_THAT(relay, Catch::Contains("TURN"));
        CHECK_THAT(parse_error({"--ice-transport-policy", "relay", "--ice-server", "stun:a"}),
                   Catch::Contains("TURN"));
    }
    SECTION("a flag without its value") {
        CHECK_THAT(parse_error({"--port"}), Catch::Contains("--port needs a value"));
        CHECK_THAT(parse_error({"--host", "::1", "--web-root"}), Catch::Contains("--web-root"));
    }
    SECTION("unknown options and stray arguments") {
        CHECK_THAT(parse_error({"--frobnicate"}), Catch::Contains("Unknown option: --frobnicate"));
        CHECK_THAT(parse_error({"--frobnicate=1"}),
                   Catch::Contains("Unknown option: --frobnicate"));
        CHECK_THAT(parse_error({"-p", "80"}), Catch::Contains("Unknown option: -p"));
        CHECK_THAT(parse_error({"web"}), Catch::Contains("Unknown option: web"));
        CHECK_THAT(parse_error({"--PORT", "80"}), Catch::Contains("Unknown option"));
    }
}

TEST_CASE("server options: several nodes sharing a Redis", "[options]") {
    auto one = parse_ok({});
    CHECK(one.redis.empty());  // one process, its own registry
    CHECK(one.node_id.empty());
    auto node = parse_ok({"--redis", "redis://127.0.0.1:6390/2", "--node-id", "node_2-b"});
    CHECK(node.redis == "redis://127.0.0.1:6390/2");
    CHECK(node.node_id == "node_2-b");
    for (auto const* bad : {"127.0.0.1:6379", "redis://", "redis://:1", "redis://h:x", "redis://h:1/x"}) {
        CHECK_THAT(parse_error({"--redis", bad}), Catch::Contains("--redis"));
    }
    for (auto const* bad : {"", "a b", "n\xc3\xa9", "../x"}) {
        CHECK_THAT(parse_error({"--node-id", bad}), Catch::Contains("--node-id"));
    }
}

TEST_CASE("server options: --help", "[options]") {
    for (char const* flag : {"--help", "-h"}) {
        auto parsed = parse({"--port", "1", flag});
        REQUIRE_FALSE(parsed.options.has_value());
        CHECK_FALSE(parsed.is_error);  // help is asked for, not an error
        CHECK(parsed.message == server_usage());
    }
    auto usage = server_usage();
    CHECK_THAT(usage, Catch::StartsWith("Usage: duet-server"));
    // Every flag is documented, with its default where it has one.
    for (char const* flag : {"--host ADDR",
                             "--port N",
                             "--web-root DIR",
                             "--threads N",
                             "--ice-server URL",
                             "--tls-cert FILE",
                             "--tls-key FILE",
                             "--allowed-origin ORIGIN",
                             "--max-message-bytes N",
                             "--max-header-bytes N",
                             "--max-body-bytes N",
                             "--max-json-depth N",
                             "--rate N",
                             "--burst N",
                             "--max-queued-bytes N",
                             "--max-connections N",
                             "--max-connections-per-address N",
                             "--handshake-timeout",
                             "--header-timeout",
                             "--login-timeout",
                             "--idle-timeout",
                             "--turn-uri URI",
                             "--turn-secret SECRET",
                             "--turn-ttl SECONDS",
                             "--ice-transport-policy all|relay",
                             "--ring-timeout SECONDS",
                             "--lost-timeout SECONDS",
                             "--no-presence ",
                             "--redis redis://HOST:PORT/DB",
                             "--node-id NAME",
                             "--help"}) {
        CHECK_THAT(usage, Catch::Contains(flag));
    }
    CHECK_THAT(usage, Catch::Contains("default: 8080"));
    CHECK_THAT(usage, Catch::Contains("stun:stun2.1.google.com:19302"));
    CHECK_THAT(usage, Catch::Contains("none"));
}

TEST_CASE("server options: sign-in through an OpenID Connect provider", "[options][identity]") {
    SECTION("off by default") {
        auto o = parse_ok({});
        CHECK(o.oidc_issuer.empty());
        CHECK_FALSE(o.require_identity);
    }
    SECTION("every flag") {
        auto o = parse_ok({"--oidc-issuer", "https://id.example.org", "--oidc-client-id", "duet",
                           "--oidc-client-secret-file", "/run/secret", "--oidc-label", "Example",
                           "--oidc-ca-file", "/etc/ca.pem", "--session-key-file", "/run/key",
                           "--identity-file", "/var/lib/duet/ids.json", "--require-identity"});
        CHECK(o.oidc_issuer == "https://id.example.org");
        CHECK(o.oidc_client_id == "duet");
        CHECK(o.oidc_client_secret_file == "/run/secret");
        CHECK(o.oidc_label == "Example");
        CHECK(o.oidc_ca_file == "/etc/ca.pem");
        CHECK(o.session_key_file == "/run/key");
        CHECK(o.identity_file == "/var/lib/duet/ids.json");
        CHECK(o.require_identity);
    }
    SECTION("an issuer needs https, a client id and a secret; --require-identity needs an issuer") {
        CHECK_THAT(parse_error({"--oidc-issuer", "http://id.example.org"}),
                   Catch::Contains("--oidc-issuer must be an https:// URL"));
        CHECK_THAT(parse_error({"--oidc-issuer", "https://id.example.org"}),
                   Catch::Contains("--oidc-client-id"));
        CHECK_THAT(parse_error({"--require-identity"}), Catch::Contains("need --oidc-issuer"));
    }
}
