// calls: P pairs each repeat a full call setup: offer, answer, 10 candidates, leave.
#include <vector>

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
    struct pair_state {
        std::shared_ptr<ws_client> a, b;
        std::string a_name, b_name;
        bool a_in = false, b_in = false;
        int candidates_seen = 0;
    };
    std::vector<pair_state> pairs(static_cast<std::size_t>(opts.pairs));
    std::int64_t calls = 0;
    bool measuring = false;
    bool running = true;
    int ready = 0;
    int failed = 0;

    for (int i = 0; i < opts.pairs; ++i) {
        auto& p = pairs[static_cast<std::size_t>(i)];
        p.a_name = opts.prefix + "ca" + std::to_string(i);
        p.b_name = opts.prefix + "cb" + std::to_string(i);
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
        });
        p.b->on_message([&, &p = p, on_login](std::string_view frame) {
            if (on_login(p.b_in, frame)) return;
            if (has_type(frame, "offer")) {
                p.candidates_seen = 0;
                p.b->send(description("answer", p.a_name));
            } else if (has_type(frame, "candidate")) {
                if (++p.candidates_seen == candidates_per_call) {
                    p.b->send(R"({"type":"leave","name":")" + p.a_name + "\"}");
                }
            }
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
        out = {{"scenario", "calls"}, {"error", "pairs did not all sign in"}};
        return false;
    }
    for (auto& p : pairs) p.a->send(description("offer", p.b_name));
    run_for(ioc, std::min(1.0, opts.seconds / 5));
    measuring = true;
    auto const t0 = clock::now();
    run_for(ioc, opts.seconds);
    double const elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    measuring = false;
    running = false;
    int const failures_during_run = failed;
    for (auto& p : pairs) {
        p.a->on_close({});
        p.b->on_close({});
        p.a->close();
        p.b->close();
    }
    run_for(ioc, 0.5);

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
