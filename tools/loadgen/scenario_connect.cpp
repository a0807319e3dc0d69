// connect: N connections, each signs in; connections/s and the server's memory per
// connection, then everyone leaves and the memory is read again.
#include <vector>

#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

bool run_connect(options const& opts, nlohmann::json& out) {
    net::io_context ioc{1};
    long const rss_before = rss_kib(opts.server_pid);

    std::vector<std::shared_ptr<ws_client>> clients;
    clients.reserve(static_cast<std::size_t>(opts.connections));
    int started = 0;
    int in_flight = 0;
    int logged_in = 0;
    int failed = 0;

    std::function<void()> start_next = [&] {
        while (in_flight < opts.concurrency && started < opts.connections) {
            int const i = started++;
            ++in_flight;
            auto c = std::make_shared<ws_client>(ioc, opts.where);
            clients.push_back(c);
            bool* answered = new bool(false);
            c->on_message([&, answered](std::string_view frame) {
                if (*answered || !has_type(frame, "login")) return;  // greetings, etc.
                *answered = true;
                --in_flight;
                if (frame.find("\"success\":true") != std::string_view::npos) {
                    ++logged_in;
                } else {
                    ++failed;
                }
                start_next();
            });
            c->on_close([&, answered] {
                if (!*answered) {
                    *answered = true;
                    --in_flight;
                    ++failed;
                    start_next();
                }
                delete answered;
            });
            c->connect([c, i, &opts](error_code ec) {
                if (ec) return;  // on_close counts it
                c->send(R"({"type":"login","name":")" + opts.prefix + std::to_string(i) + "\"}");
            });
        }
    };

    auto const t0 = clock::now();
    start_next();
    bool finished = run_until(ioc, [&] { return logged_in + failed == opts.connections; }, 300);
    double const elapsed = std::chrono::duration<double>(clock::now() - t0).count();

    run_for(ioc, 1.0);  // let the server settle before reading its memory
    long const rss_loaded = rss_kib(opts.server_pid);

    for (auto& c : clients) c->close();
    run_until(ioc, [&] {
        for (auto& c : clients) {
            if (c->is_open()) return false;
        }
        return true;
    }, 30);
    // A server may hand freed memory back on a timer (Duet trims every 5 s): wait past one.
    run_for(ioc, 6.0);
    long const rss_after = rss_kib(opts.server_pid);
    clients.clear();

    out = {
        {"scenario", "connect"},
        {"connections", opts.connections},
        {"logged_in", logged_in},
        {"failed", failed},
        {"seconds", elapsed},
        {"connections_per_s", elapsed > 0 ? logged_in / elapsed : 0},
        {"server_rss_before_kib", rss_before},
        {"server_rss_loaded_kib", rss_loaded},
        {"server_rss_after_close_kib", rss_after},
        {"bytes_per_connection",
         logged_in > 0 ? static_cast<double>(rss_loaded - rss_before) * 1024.0 / logged_in : 0},
    };
    return finished && failed == 0;
}

}  // namespace loadgen
