// relay: P pairs; A sends candidates to B with a send timestamp inside, B sends each back,
// W in flight per pair. Relayed messages/s and round-trip latency percentiles.
#include <charconv>
#include <vector>

#include "client_pairs.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

namespace {

// A realistic trickled candidate (~170 bytes on the wire), written into `out` (reused, so
// no allocation per message).
std::string_view candidate_to(std::string& out, std::string const& to, std::int64_t t) {
    out.assign(R"({"type":"candidate","name":")");
    out.append(to);
    out.append(
        R"(","candidate":{"candidate":"candidate:842163049 1 udp 1677729535 192.0.2.10 49203 typ srflx raddr 0.0.0.0 rport 0","sdpMid":"0","sdpMLineIndex":0,"t":)");
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, t);
    out.append(digits, end);
    out.append("}}");
    return out;
}

struct relay_worker : worker_base {
    latency_samples rtt;
    std::int64_t relayed = 0;
    std::string scratch;
    int window = 1;

    relay_worker(options const& opts, std::size_t first, std::size_t count) : window(opts.window) {
        clients = std::make_unique<client_pairs>(
            ioc, opts, "r", first, count,
            [this](client_pair& p, std::string_view frame) {
                std::int64_t t = 0;
                if (!has_type(frame, "candidate") || !find_number(frame, "t", t)) return;
                auto const now = now_ns();
                if (measuring) {
                    rtt.add(now - t);
                    relayed += 2;
                }
                if (sending) p.a->send(candidate_to(scratch, p.b_name, now));
            },
            [this](client_pair& p, std::string_view frame) {
                std::int64_t t = 0;
                if (!has_type(frame, "candidate") || !find_number(frame, "t", t)) return;
                p.b->send(candidate_to(scratch, p.a_name, t));
            });
        scratch.reserve(512);
    }

    void start() {
        for (auto& p : clients->pairs()) {
            for (int w = 0; w < window; ++w) p.a->send(candidate_to(scratch, p.b_name, now_ns()));
        }
    }
};

}  // namespace

bool run_relay(options const& opts, nlohmann::json& out) {
    std::vector<std::unique_ptr<relay_worker>> workers;
    nlohmann::json server_cpu;
    if (!run_workers(
            workers, opts,
            [&](std::size_t first, std::size_t count) {
                return std::make_unique<relay_worker>(opts, first, count);
            },
            server_cpu)) {
        out = {{"scenario", "relay"}, {"error", "pairs did not all sign in"}};
        return false;
    }
    latency_samples rtt;
    std::int64_t relayed = 0;
    double rate = 0;
    double elapsed = 0;
    int failures = 0;
    for (auto& w : workers) {
        rtt.merge(w->rtt);
        relayed += w->relayed;
        rate += w->elapsed > 0 ? static_cast<double>(w->relayed) / w->elapsed : 0;
        elapsed = std::max(elapsed, w->elapsed);
        failures += w->failures;
    }

    out = {
        {"scenario", "relay"},
        {"pairs", opts.pairs},
        {"window", opts.window},
        {"threads", workers.size()},
        {"seconds", elapsed},
        {"relayed", relayed},
        {"messages_per_s", rate},
        {"rtt_p50_ms", rtt.percentile_ms(50)},
        {"rtt_p99_ms", rtt.percentile_ms(99)},
        {"rtt_p999_ms", rtt.percentile_ms(99.9)},
        {"disconnects", failures},
    };
    if (!server_cpu.is_null()) out["server_cpu"] = server_cpu;
    return failures == 0 && relayed > 0;
}

}  // namespace loadgen
