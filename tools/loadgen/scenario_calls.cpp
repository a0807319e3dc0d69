// calls: P pairs each repeat a full call setup: offer, answer, 10 candidates, leave.
#include <vector>

#include "client_pairs.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

namespace {

constexpr int candidates_per_call = 10;

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

std::string_view description(std::string& out, char const* type, std::string const& to) {
    out.assign(R"({"type":")").append(type).append(R"(","name":")").append(to);
    out.append(R"(",")").append(type).append(R"(":{"type":")").append(type);
    out.append(R"(","sdp":")").append(fake_sdp()).append("\"}}");
    return out;
}

std::string_view candidate(std::string& out, std::string const& to, int k) {
    out.assign(R"({"type":"candidate","name":")").append(to);
    out.append(R"(","candidate":{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 )");
    out.append(std::to_string(50000 + k));
    out.append(R"( typ host","sdpMid":"0","sdpMLineIndex":0}})");
    return out;
}

struct calls_worker : worker_base {
    std::int64_t calls = 0;
    std::vector<int> candidates_seen;
    std::string scratch;

    calls_worker(options const& opts, std::size_t first, std::size_t count)
        : candidates_seen(count) {
        clients = std::make_unique<client_pairs>(
            ioc, opts, "c", first, count,
            [this](client_pair& p, std::string_view frame) {
                if (has_type(frame, "answer")) {
                    for (int k = 0; k < candidates_per_call; ++k) {
                        p.a->send(candidate(scratch, p.b_name, k));
                    }
                } else if (has_type(frame, "leave")) {
                    if (measuring) ++calls;
                    if (sending) p.a->send(description(scratch, "offer", p.b_name));
                }
            },
            [this](client_pair& p, std::string_view frame) {
                auto& seen = candidates_seen[p.index];
                if (has_type(frame, "offer")) {
                    seen = 0;
                    p.b->send(description(scratch, "answer", p.a_name));
                } else if (has_type(frame, "candidate") && ++seen == candidates_per_call) {
                    scratch.assign(R"({"type":"leave","name":")").append(p.a_name).append("\"}");
                    p.b->send(scratch);
                }
            });
        scratch.reserve(4096);
    }

    void start() {
        for (auto& p : clients->pairs()) p.a->send(description(scratch, "offer", p.b_name));
    }
};

}  // namespace

bool run_calls(options const& opts, nlohmann::json& out) {
    std::vector<std::unique_ptr<calls_worker>> workers;
    nlohmann::json server_cpu;
    if (!run_workers(
            workers, opts,
            [&](std::size_t first, std::size_t count) {
                return std::make_unique<calls_worker>(opts, first, count);
            },
            server_cpu)) {
        out = {{"scenario", "calls"}, {"error", "pairs did not all sign in"}};
        return false;
    }
    std::int64_t calls = 0;
    double rate = 0;
    double elapsed = 0;
    int failures = 0;
    for (auto& w : workers) {
        calls += w->calls;
        rate += w->elapsed > 0 ? static_cast<double>(w->calls) / w->elapsed : 0;
        elapsed = std::max(elapsed, w->elapsed);
        failures += w->failures;
    }

    out = {
        {"scenario", "calls"},
        {"pairs", opts.pairs},
        {"threads", workers.size()},
        {"seconds", elapsed},
        {"calls", calls},
        {"calls_per_s", rate},
        {"messages_per_call", 2 * (3 + candidates_per_call)},
        {"disconnects", failures},
    };
    if (!server_cpu.is_null()) out["server_cpu"] = server_cpu;
    return failures == 0 && calls > 0;
}

}  // namespace loadgen
