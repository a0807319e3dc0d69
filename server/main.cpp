// duet-server: serves the Duet web client and relays its signaling, on one port.
#include <ifaddrs.h>
#include <sys/resource.h>
#include <net/if.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include "cluster/redis_bindings.hpp"
#include "cluster/redis_registry.hpp"
#include "identity/relying_party.hpp"
#include "net/beast.hpp"
#include "net/listener.hpp"
#include "ops/heartbeat.hpp"
#include "ops/log.hpp"
#include "ops/memory_trim.hpp"
#include "net/server_context.hpp"
#include "ops/server_options.hpp"
#include "net/signaling_session.hpp"
#include "ops/turn_credentials.hpp"
#include "signaling/presence.hpp"
#include "signaling/user_registry.hpp"

namespace {

using namespace duet;

std::string url_for(char const* scheme, std::string host, unsigned short port) {
    return std::string(scheme) + "://" + host + ":" + std::to_string(port) + "/";
}

std::string url_host(net::ip::address const& address) {
    return address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
}

// The addresses other devices on the LAN can reach us at, for the printed URLs.
std::vector<net::ip::address> lan_addresses() {
    std::vector<net::ip::address> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (ifaddrs* it = list; it; it = it->ifa_next) {
        if (!it->ifa_addr || !(it->ifa_flags & IFF_UP) || (it->ifa_flags & IFF_LOOPBACK)) continue;
        if (it->ifa_addr->sa_family != AF_INET) continue;
        char text[64] = {};
        auto* sin = reinterpret_cast<sockaddr_in*>(it->ifa_addr);
        if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text)) {
            error_code ec;
            auto address = net::ip::make_address(text, ec);
            if (!ec) out.push_back(address);
        }
    }
    freeifaddrs(list);
    return out;
}

// Each connection is a descriptor; the usual soft limit of 1024 would cap the server far
// below --max-connections, so take what the hard limit allows.
void raise_descriptor_limit(std::size_t wanted) {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
    rlim_t target = std::min<rlim_t>(lim.rlim_max, static_cast<rlim_t>(wanted) + 64);
    if (lim.rlim_cur < target) {
        lim.rlim_cur = target;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    auto parsed = parse_server_options(argc, argv);
    if (!parsed.options) {
        (parsed.is_error ? std::cerr : std::cout) << parsed.message << "\n";
        return parsed.is_error ? 2 : 0;
    }
    auto const& opts = *parsed.options;

    std::error_code fs_ec;
    auto web_root = std::filesystem::canonical(opts.web_root, fs_ec);
    if (fs_ec || !std::filesystem::is_directory(web_root)) {
        std::cerr << "duet-server: --web-root '" << opts.web_root << "' is not a folder\n";
        return 2;
    }

    raise_descriptor_limit(opts.limits.max_connections);

    error_code ec;
    auto address = net::ip::make_address(opts.host, ec);
    if (ec) {
        std::cerr << "duet-server: --host '" << opts.host << "' is not an IP address\n";
        return 2;
    }

    std::optional<ssl::context> tls;
    if (!opts.tls_cert.empty()) {
        tls.emplace(ssl::context::tls_server);
        tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1);
        tls->use_certificate_chain_file(opts.tls_cert, ec);
        if (!ec) tls->use_private_key_file(opts.tls_key, ssl::context::pem, ec);
        if (ec) {
            std::cerr << "duet-server: cannot load --tls-cert/--tls-key: " << ec.message() << "\n";
            return 2;
        }
    }

    // Presence goes out from a job of its own, posted once the io_context exists: after the
    // relay that caused it, and in order with several threads (see presence::delivery).
    net::io_context* presence_context = nullptr;
    presence presence_sender([&presence_context](std::function<void()> deliver) {
        if (presence_context) {
            net::post(*presence_context, std::move(deliver));
        } else {
            deliver();
        }
    });
    // One process keeps its users itself; a node of several shares them through Redis.
    std::unique_ptr<cluster::cluster_registry> shared_registry;
    std::unique_ptr<user_registry> local_registry;
    if (!opts.redis.empty()) {
        cluster::cluster_config cluster;
        cluster.where = *redis::parse_url(opts.redis);
        cluster.node_id = opts.node_id.empty() ? cluster::random_node_id() : opts.node_id;
        std::cout << "duet-server: node " << cluster.node_id << ", users shared through "
                  << opts.redis << "\n";
        cluster.presence_window = static_cast<std::size_t>(opts.presence_window);
        shared_registry = cluster::make_redis_registry(std::move(cluster), presence_sender);
    } else {
        local_registry = make_local_registry(static_cast<std::size_t>(opts.presence_window));
    }
    user_registry& registry =
        shared_registry ? static_cast<user_registry&>(*shared_registry) : *local_registry;
    signaling_config signaling;
    signaling.ice_servers = opts.ice_servers;
    signaling.limits.max_depth = opts.limits.max_json_depth;
    signaling.messages_per_second = opts.limits.messages_per_second;
    signaling.message_burst = opts.limits.message_burst;
    if (!opts.turn_secret.empty()) {
        signaling.make_turn_server = [uris = opts.turn_uris, secret = opts.turn_secret,
                                      ttl = opts.turn_ttl](std::string const& name) {
            auto expiry = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count() +
                          ttl;
            auto credential = make_turn_credential(secret, name, expiry);
            return protocol::ice_server{uris, std::move(credential.username),
                                        std::move(credential.credential)};
        };
        signaling.ice_ttl = opts.turn_ttl;
    }
    signaling.ice_transport_policy = opts.ice_transport_policy;
    signaling.ring_timeout = opts.ring_timeout;
    signaling.lost_timeout = opts.lost_timeout;
    signaling.presence = opts.presence;
    signaling.presence_window = opts.presence_window;
    signaling.defer = [&presence_context](std::chrono::seconds delay, std::function<void()> job) {
        if (!presence_context) return job();
        auto timer = std::make_shared<net::steady_timer>(*presence_context, delay);
        // Abandoned at shutdown, with the io_context: nobody is left to tell.
        timer->async_wait([timer, job = std::move(job)](boost::system::error_code cancelled) {
            if (!cancelled) job();
        });
    };
    server_context context{
        registry,
        presence_sender,
        std::move(signaling),
        web_root,
        opts.limits,
        opts.allowed_origins,
        tls ? &*tls : nullptr,
        std::make_shared<connection_limiter>(opts.limits.max_connections,
                                             opts.limits.max_connections_per_address),
        executor_policy(opts.threads),
        {},
    };
    // Before the io_context: provider requests in flight refer to it until it is destroyed.
    // A node of a cluster keeps its name bindings in the cluster's Redis, not in its file.
    std::unique_ptr<cluster::redis_bindings> shared_bindings;
    if (!opts.oidc_issuer.empty() && !opts.redis.empty())
        shared_bindings = cluster::make_redis_bindings(*redis::parse_url(opts.redis));
    std::unique_ptr<identity::relying_party> relying_party;
    // Declared after everything a session uses, so it is destroyed first: its destructor
    // destroys the sessions pending handlers still own, and each signs out of the registry.
    net::io_context ioc{static_cast<int>(opts.threads)};
    presence_context = &ioc;
    // Caught from here on, before the URL line tells anyone we are up: a SIGTERM sent right
    // after it must shut down cleanly, not kill the process with the default action.
    net::signal_set signals(ioc, SIGINT, SIGTERM);

    if (shared_registry) shared_registry->start(ioc.get_executor());
    if (shared_bindings) shared_bindings->start(ioc.get_executor());
    if (!opts.oidc_issuer.empty()) {
        auto made = identity::relying_party::make(opts, ioc.get_executor(), shared_bindings.get());
        if (!made) {
            std::cerr << "duet-server: " << made.failure.message << "\n";
            return 2;
        }
        relying_party = std::move(*made.value);
        context.identity = relying_party.get();
        context.signaling.identity_enabled = true;
        context.signaling.require_identity = opts.require_identity;
        context.signaling.holder_of = [rp = relying_party.get()](std::string const& name,
                                                                 completion<name_holder> done) {
            rp->bindings().holder_of(name, std::move(done));
        };
    }

    auto server = std::make_shared<listener>(ioc, tcp::endpoint{address, opts.port}, context, ec);
    if (ec) {
        std::cerr << "duet-server: cannot listen on " << opts.host << " port " << opts.port
                  << ": " << ec.message() << "\n";
        return 1;
    }
    server->run();
    auto beat = std::make_shared<heartbeat>(
        net::make_strand(ioc),
        heartbeat::period_for(opts.limits.login_timeout, opts.limits.idle_timeout),
        [&sessions = context.sessions](heartbeat::clock::time_point now) {
            for (auto const& session : sessions.snapshot()) session->heartbeat(now);
        });
    beat->run();
    auto trim = std::make_shared<memory_trim>(ioc, context.limiter);
    trim->run();

    auto const port = server->local_endpoint().port();
    // Plain HTTP always answers on loopback; other devices need HTTPS for the camera.
    char const* lan_scheme = tls ? "https" : "http";
    std::cout << "duet-server listening on " << url_for("http", url_host(address), port)
              << (tls ? " (and https on the same port)" : "") << " (web root "
              << web_root.string() << ")\n";
    if (address.is_unspecified()) {
        std::cout << "  open on this machine: " << url_for("http", "localhost", port) << "\n";
        for (auto const& lan : lan_addresses()) {
            std::cout << "  open from the network: " << url_for(lan_scheme, url_host(lan), port)
                      << "\n";
        }
    }
    std::cout << std::flush;

    net::steady_timer shutdown_deadline(ioc);
    signals.async_wait([&](error_code const&, int) {
        log_line("duet-server: shutting down");
        server->stop();
        beat->stop();
        trim->stop();
        // A node hands its users over: /readyz says 503 from now on, the listener is closed
        // (a balancer's connection is refused and goes to another node), and every client is
        // told 1001, which it answers by reconnecting through the balancer at once.
        if (shared_registry) shared_registry->drain();
        for (auto const& session : context.sessions.snapshot()) session->close_going_away();
        // Give close frames a moment to leave; idle keep-alive HTTP connections would
        // otherwise hold the process for their whole timeout.
        shutdown_deadline.expires_after(std::chrono::milliseconds(500));
        shutdown_deadline.async_wait([&](error_code const&) {
            if (!shared_registry) return ioc.stop();
            // The names of the users who left are removed from Redis by then (their
            // removals were sent before this flush), unless Redis takes longer than 2 s.
            shared_registry->flush([&ioc] { ioc.stop(); });
            shutdown_deadline.expires_after(std::chrono::seconds(2));
            shutdown_deadline.async_wait([&](error_code const&) { ioc.stop(); });
        });
    });

    std::vector<std::thread> workers;
    for (unsigned i = 1; i < opts.threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : workers) t.join();
    // Sessions the io_context's destructor destroys sign out into a stopped registry: their
    // names in Redis go with this node's heartbeat (docs/cluster.md).
    if (shared_registry) shared_registry->stop();
    if (shared_bindings) shared_bindings->stop();
    // Sessions the io_context's destructor destroys sign out; their presence goes out inline.
    presence_context = nullptr;
    return 0;
}
