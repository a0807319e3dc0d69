// duet-loadgen: load for any server that speaks the tutorial's signaling protocol.
// Prints one JSON line per scenario; exits non-zero if a scenario could not run cleanly.
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <iostream>

#include "scenario.hpp"

namespace {

char const* usage = R"(Usage: duet-loadgen SCENARIO --url ws://ADDR:PORT/PATH [options]

Scenarios:
  connect   open --connections N WebSockets and sign each in; logins/s over the fill and
            per slice, the server's memory and CPU per connection (needs --server-pid);
            with --hold, all stay idle at the full count and must answer a ping at its end
  relay     --pairs P sign in; A sends candidates to B, B sends each back, --window W in
            flight per pair, for --seconds S; messages/s and round-trip p50/p99/p99.9
  calls     --pairs P repeat offer, answer, 10 candidates, leave for --seconds S; calls/s
  chaos     --connections N clients connect, sign in, call, relay, send garbage, close and
            vanish at random for --seconds S; checks that every relay the server must
            deliver arrived (proved by probes: refresh_ice, answered in order)

Options:
  --url URL            server to load (required)
  --server-pid PID     read the server's resident memory from /proc
  --connections N      (default 1000)
  --pairs P            (default 10)
  --window W           (default 1)
  --seconds S          (default 5)
  --concurrency C      connect: handshakes in flight (default 200)
  --source-addresses K connect: client i leaves from 127.0.0.(1 + i mod K), for more
                       connections to one server port than one address has ephemeral
                       ports (/proc/sys/net/ipv4/ip_local_port_range: about 28,000);
                       loopback servers only (default: the system's choice)
  --hold S             connect: seconds idle at the full count (default 0)
  --slice N            connect: logins per rate slice (default: a tenth of --connections)
  --fill-timeout S     connect: seconds for every login to be answered (default 300)
  --threads T          relay, calls: generator threads, the pairs split between them
                       (default 1; more only helps with a core to spare for each)
  --prefix TEXT        prefix of user names, to keep runs apart (default lg)
  --seed N             chaos: random seed (default 1)
)";

// Ten thousand sockets need more descriptors than the usual soft limit of 1024 (a hundred
// thousand more than the usual hard limit: raise it in the shell, `ulimit -Hn`, which needs
// CAP_SYS_RESOURCE). Returns the soft limit now in force.
rlim_t raise_fd_limit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return RLIM_INFINITY;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
        getrlimit(RLIMIT_NOFILE, &lim);
    }
    return lim.rlim_cur;
}

}  // namespace

int main(int argc, char** argv) {
    loadgen::options opts;
    std::string url;
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
        std::cout << usage;
        return argc < 2 ? 2 : 0;
    }
    opts.scenario = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "duet-loadgen: " << arg << " needs a value\n";
            return 2;
        }
        std::string value = argv[++i];
        auto number = [&] { return std::atoi(value.c_str()); };
        if (arg == "--url") url = value;
        else if (arg == "--server-pid") opts.server_pid = number();
        else if (arg == "--connections") opts.connections = number();
        else if (arg == "--pairs") opts.pairs = number();
        else if (arg == "--window") opts.window = number();
        else if (arg == "--seconds") opts.seconds = std::atof(value.c_str());
        else if (arg == "--concurrency") opts.concurrency = number();
        else if (arg == "--source-addresses") opts.source_addresses = number();
        else if (arg == "--hold") opts.hold_seconds = std::atof(value.c_str());
        else if (arg == "--slice") opts.slice = number();
        else if (arg == "--fill-timeout") opts.fill_timeout = std::atof(value.c_str());
        else if (arg == "--threads") opts.threads = number();
        else if (arg == "--prefix") opts.prefix = value;
        else if (arg == "--seed") opts.seed = static_cast<unsigned>(number());
        else {
            std::cerr << "duet-loadgen: unknown option " << arg << "\n" << usage;
            return 2;
        }
    }
    std::string error;
    if (!loadgen::parse_url(url, opts.where, error)) {
        std::cerr << "duet-loadgen: " << error << "\n";
        return 2;
    }
    if (opts.connections < 1 || opts.pairs < 1 || opts.window < 1 || opts.seconds <= 0 ||
        opts.concurrency < 1 || opts.threads < 1) {
        std::cerr << "duet-loadgen: counts and --seconds must be positive\n";
        return 2;
    }
    if (opts.source_addresses < 0 || opts.source_addresses > 254 || opts.hold_seconds < 0 ||
        opts.slice < 0 || opts.fill_timeout <= 0) {
        std::cerr << "duet-loadgen: --source-addresses is 0 to 254; --hold, --slice and "
                     "--fill-timeout cannot be negative\n";
        return 2;
    }
    // Past the limit every further socket fails at once: a run of errors, not a measurement.
    rlim_t const fd_limit = raise_fd_limit();
    bool const many = opts.scenario == "connect" || opts.scenario == "chaos";
    if (many && fd_limit != RLIM_INFINITY &&
        static_cast<rlim_t>(opts.connections) + 64 > fd_limit) {
        std::cerr << "duet-loadgen: " << opts.connections << " connections need "
                  << opts.connections + 64 << " descriptors; this process may open " << fd_limit
                  << " (raise the hard limit in the shell: ulimit -Hn N; ulimit -n N)\n";
        return 2;
    }

    nlohmann::json result;
    bool ok = false;
    if (opts.scenario == "connect") ok = loadgen::run_connect(opts, result);
    else if (opts.scenario == "relay") ok = loadgen::run_relay(opts, result);
    else if (opts.scenario == "calls") ok = loadgen::run_calls(opts, result);
    else if (opts.scenario == "chaos") ok = loadgen::run_chaos(opts, result);
    else {
        std::cerr << "duet-loadgen: unknown scenario '" << opts.scenario << "'\n" << usage;
        return 2;
    }
    result["ok"] = ok;
    std::cout << result.dump() << std::endl;
    return ok ? 0 : 1;
}
