// relay: P pairs; A sends candidates to B with a send timestamp inside, B sends each back,
// W in flight per pair. Relayed messages/s and round-trip latency percentiles.
#include <vector>

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
    struct pair_state {
        std::shared_ptr<ws_client> a, b;
        std::string a_name, b_name;
        bool a_in = false, b_in = false;
    };
    std::vector<pair_state> pairs(static_cast<std::size_t>(opts.pairs));
    latency_samples rtt;
    std::int64_t relayed = 0;
    bool measuring = false;
    bool sending = true;
    int ready = 0;
    int failed = 0;

    for (int i = 0; i < opts.pairs; ++i) {
        auto& p = pairs[static_cast<std::size_t>(i)];
        p.a_name = opts.prefix + "a" + std::to_string(i);
        p.b_name = opts.prefix + "b" + std::to_string(i);
        p.a = std::make_shared<ws_client>(ioc, opts.where);
        p.b = std::make_shared<ws_client>(ioc, opts.where);

        auto on_login = [&, &p = p](bool& flag, std::string_view frame) {
            if (flag || !has_type(frame, "login")) return false;
            flag = true;
            if (frame.find("\"success\":true") == std::string_view::npos) ++failed;
            if (p.a_in && p.b_in) ++ready;
            return true;
        };
        p.a->on_message([&, &p = p, on_login](std::string_view frame) {
            if (on_login(p.a_in, frame)) return;
            std::int64_t t = 0;
            if (!has_type(frame, "candidate") || !find_number(frame, "t", t)) return;
            if (measuring) {
                rtt.add(now_ns() - t);
                relayed += 2;
            }
            if (sending) p.a->send(candidate_to(p.b_name, now_ns()));
        });
        p.b->on_message([&, &p = p, on_login](std::string_view frame) {
            if (on_login(p.b_in, frame)) return;
            std::int64_t t = 0;
            if (!has_type(frame, "candidate") || !find_number(frame, "t", t)) return;
            p.b->send(candidate_to(p.a_name, t));
        });
        p.a->on_close([&] { ++failed; });
        p.b->on_close([&] { ++failed; });
        for (auto* side : {&p.a, &p.b}) {
            auto c = *side;
            std::string name = side == &p.a ? p.a_name : p.b_name;
            c->connect([c, name](error_code ec) {
                if (!ec) c->send(R"({"type":"login","name":")" + name + "\"}");
            });
        }
    }

    if (!run_until(ioc, [&] { return ready == opts.pairs || failed > 0; }, 60) || failed > 0) {
        out = {{"scenario", "relay"}, {"error", "pairs did not all sign in"}};
        return false;
    }
    for (auto& p : pairs) {
        for (int w = 0; w < opts.window; ++w) p.a->send(candidate_to(p.b_name, now_ns()));
    }
    run_for(ioc, std::min(1.0, opts.seconds / 5));  // warm-up, not measured
    measuring = true;
    auto const t0 = clock::now();
    run_for(ioc, opts.seconds);
    double const elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    measuring = false;
    sending = false;
    int const failures_during_run = failed;
    for (auto& p : pairs) {
        p.a->on_close({});
        p.b->on_close({});
        p.a->close();
        p.b->close();
    }
    run_for(ioc, 0.5);

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
