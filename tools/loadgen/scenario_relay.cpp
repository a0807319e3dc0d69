// relay: P pairs; A sends candidates to B with a send timestamp inside, B sends each back,
// W in flight per pair. Relayed messages/s and round-trip latency percentiles.
#include <vector>

#include "client_pairs.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

namespace {

// A realistic trickled candidate (~170 bytes on the wire).
std::string candidate_to(std::string const& to, std::int64_t t) {
    return R"({"type":"candidate","name":")" + to +
           R"(","candidate":{"candidate":"candidate:842163049 1 udp 1677729535 192.0.2.10 49203 typ srflx raddr 0.0.0.0 rport 0","sdpMid":"0","sdpMLineIndex":0,"t":)" +
           std::to_string(t) + "}}";
}

}  // namespace

bool run_relay(options const& opts, nlohmann::json& out) {
    net::io_context ioc{1};
    latency_samples rtt;
    std::int64_t relayed = 0;
    bool measuring = false;
    bool sending = true;

    client_pairs clients(
        ioc, opts, "r",
        [&](client_pair& p, std::string_view frame) {
            std::int64_t t = 0;
            if (!has_type(frame, "candidate") || !find_number(frame, "t", t)) return;
            if (measuring) {
                rtt.add(now_ns() - t);
                relayed += 2;
            }
            if (sending) p.a->send(candidate_to(p.b_name, now_ns()));
        },
        [&](client_pair& p, std::string_view frame) {
            std::int64_t t = 0;
            if (!has_type(frame, "candidate") || !find_number(frame, "t", t)) return;
            p.b->send(candidate_to(p.a_name, t));
        });

    if (!clients.sign_in()) {
        out = {{"scenario", "relay"}, {"error", "pairs did not all sign in"}};
        return false;
    }
    for (auto& p : clients.pairs()) {
        for (int w = 0; w < opts.window; ++w) p.a->send(candidate_to(p.b_name, now_ns()));
    }
    run_for(ioc, std::min(1.0, opts.seconds / 5));  // warm-up, not measured
    measuring = true;
    auto const t0 = clock::now();
    run_for(ioc, opts.seconds);
    double const elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    measuring = false;
    sending = false;
    int const failures_during_run = clients.disconnects();
    clients.close_all();

    out = {
        {"scenario", "relay"},
        {"pairs", opts.pairs},
        {"window", opts.window},
        {"seconds", elapsed},
        {"relayed", relayed},
        {"messages_per_s", relayed / elapsed},
        {"rtt_p50_ms", rtt.percentile_ms(50)},
        {"rtt_p99_ms", rtt.percentile_ms(99)},
        {"rtt_p999_ms", rtt.percentile_ms(99.9)},
        {"disconnects", failures_during_run},
    };
    return failures_during_run == 0 && relayed > 0;
}

}  // namespace loadgen
