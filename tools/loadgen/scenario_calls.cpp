// calls: P pairs each repeat a full call setup: offer, answer, 10 candidates, leave.
#include <vector>

#include "client_pairs.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

namespace {

// About the size of a real audio+video offer (2-3 KiB), so parsing costs what it would.
std::string const& fake_sdp() {
    static std::string const sdp = [] {
        std::string s = "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";
        for (int i = 0; s.size() < 2400; ++i) {
            s += "a=rtpmap:" + std::to_string(96 + i % 30) + " VP8/90000\\r\\na=rtcp-fb:" +
                 std::to_string(96 + i % 30) + " nack pli\\r\\n";
        }
        return s;
    }();
    return sdp;
}

std::string description(char const* type, std::string const& to) {
    return std::string(R"({"type":")") + type + R"(","name":")" + to + R"(",")" + type +
           R"(":{"type":")" + type + R"(","sdp":")" + fake_sdp() + "\"}}";
}

}  // namespace

bool run_calls(options const& opts, nlohmann::json& out) {
    constexpr int candidates_per_call = 10;
    net::io_context ioc{1};
    std::int64_t calls = 0;
    bool measuring = false;
    bool running = true;
    std::vector<int> candidates_seen(static_cast<std::size_t>(opts.pairs));

    client_pairs clients(
        ioc, opts, "c",
        [&](client_pair& p, std::string_view frame) {
            if (has_type(frame, "answer")) {
                for (int k = 0; k < candidates_per_call; ++k) {
                    p.a->send(R"({"type":"candidate","name":")" + p.b_name +
                              R"(","candidate":{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 )" +
                              std::to_string(50000 + k) +
                              R"( typ host","sdpMid":"0","sdpMLineIndex":0}})");
                }
            } else if (has_type(frame, "leave")) {
                if (measuring) ++calls;
                if (running) p.a->send(description("offer", p.b_name));
            }
        },
        [&](client_pair& p, std::string_view frame) {
            auto& seen = candidates_seen[p.index];
            if (has_type(frame, "offer")) {
                seen = 0;
                p.b->send(description("answer", p.a_name));
            } else if (has_type(frame, "candidate") && ++seen == candidates_per_call) {
                p.b->send(R"({"type":"leave","name":")" + p.a_name + "\"}");
            }
        });

    if (!clients.sign_in()) {
        out = {{"scenario", "calls"}, {"error", "pairs did not all sign in"}};
        return false;
    }
    for (auto& p : clients.pairs()) p.a->send(description("offer", p.b_name));
    run_for(ioc, std::min(1.0, opts.seconds / 5));
    measuring = true;
    auto const t0 = clock::now();
    run_for(ioc, opts.seconds);
    double const elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    measuring = false;
    running = false;
    int const failures_during_run = clients.disconnects();
    clients.close_all();

    out = {
        {"scenario", "calls"},
        {"pairs", opts.pairs},
        {"seconds", elapsed},
        {"calls", calls},
        {"calls_per_s", calls / elapsed},
        {"messages_per_call", 2 * (3 + candidates_per_call)},
        {"disconnects", failures_during_run},
    };
    return failures_during_run == 0 && calls > 0;
}

}  // namespace loadgen
