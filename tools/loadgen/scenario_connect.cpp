// connect: N connections, each signs in; the sign-in rate while the server fills (over the
// whole fill and per slice of logins, to see whether it slows as the server holds more), the
// server's memory and CPU per connection, then (--hold) everyone stays idle at the full count
// and must still be there, answering a ping, before all leave and the memory is read again.
// Every failure is counted by kind: a refused connection must not pass for a slow one.
#include <unistd.h>

#include <iostream>
#include <vector>

#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

namespace {

// 127.0.0.1, 127.0.0.2, ... for client i of `count` addresses.
net::ip::address source_for(int i, int count) {
    return net::ip::address_v4(0x7F000001u + static_cast<unsigned>(i % count));
}

double cpu_seconds(int pid) {
    auto const t = process_cpu(pid);
    return t.user + t.system;
}

}  // namespace

bool run_connect(options const& opts, nlohmann::json& out) {
    net::io_context ioc{1};
    long const rss_before = rss_kib(opts.server_pid);
    double const cpu_before = cpu_seconds(opts.server_pid);
    int const slice = opts.slice > 0 ? opts.slice : std::max(1, opts.connections / 10);
    // The server's own limit: past it the server refuses (or fails to accept) the rest.
    long const server_files = max_open_files(opts.server_pid);
    if (server_files > 0 && server_files < opts.connections + 16) {
        std::cerr << "duet-loadgen: the server (pid " << opts.server_pid << ") may open "
                  << server_files << " descriptors, fewer than " << opts.connections
                  << " connections need: expect failures\n";
    }

    struct state {
        bool answered = false;   // the login answered, or the attempt failed
        bool logged_in = false;  // and it succeeded
    };
    std::vector<std::shared_ptr<ws_client>> clients;
    std::vector<state> states(static_cast<std::size_t>(opts.connections));
    clients.reserve(static_cast<std::size_t>(opts.connections));
    int started = 0;
    int in_flight = 0;
    int logged_in = 0;
    int failed_connect = 0;   // TCP connect or WebSocket handshake failed
    int refused = 0;          // the server answered the login with success false
    int closed_early = 0;     // closed after the handshake, before the login's answer
    int dropped_filling = 0;  // closed by the server after signing in, while others sign in
    int dropped_idle = 0;     // the same once all are in
    bool filled = false;
    int closed = 0;  // every connection that ended, for the close phase
    bool closing = false;
    std::string first_error;
    nlohmann::json slices = nlohmann::json::array();
    auto const t0 = clock::now();
    auto slice_start = t0;
    double slice_cpu = cpu_before;

    auto failures = [&] { return failed_connect + refused + closed_early; };
    auto note_slice = [&] {
        if (logged_in % slice != 0 && logged_in + failures() != opts.connections) return;
        auto const now = clock::now();
        double const seconds = std::chrono::duration<double>(now - slice_start).count();
        double const cpu = cpu_seconds(opts.server_pid);
        int const in_slice =
            logged_in - (slices.empty() ? 0 : slices.back()["logged_in"].get<int>());
        if (in_slice <= 0) return;
        slices.push_back({
            {"logged_in", logged_in},
            {"seconds", seconds},
            {"logins_per_s", seconds > 0 ? in_slice / seconds : 0},
            {"server_cpu_per_login_us", (cpu - slice_cpu) * 1e6 / in_slice},
            {"server_rss_kib", rss_kib(opts.server_pid)},
        });
        slice_start = now;
        slice_cpu = cpu;
    };

    std::function<void()> start_next = [&] {
        while (in_flight < opts.concurrency && started < opts.connections) {
            int const i = started++;
            ++in_flight;
            auto c = std::make_shared<ws_client>(ioc, opts.where);
            if (opts.source_addresses > 0) c->set_source(source_for(i, opts.source_addresses));
            clients.push_back(c);
            state* const st = &states[static_cast<std::size_t>(i)];
            auto answer = [&, st](bool ok) {
                st->answered = true;
                st->logged_in = ok;
                --in_flight;
                if (ok) {
                    ++logged_in;
                    note_slice();
                }
                start_next();
            };
            c->on_message([&, st, answer](std::string_view frame) {
                if (st->answered || !has_type(frame, "login")) return;  // greetings, etc.
                bool const ok = frame.find("\"success\":true") != std::string_view::npos;
                if (!ok) {
                    ++refused;
                    if (first_error.empty()) first_error = "login refused: " + std::string(frame);
                }
                answer(ok);
            });
            c->on_close([&, st, answer] {
                ++closed;
                if (!st->answered) {
                    ++closed_early;
                    if (first_error.empty()) first_error = "closed before the login's answer";
                    answer(false);
                } else if (st->logged_in && !closing) {
                    ++(filled ? dropped_idle : dropped_filling);
                    if (first_error.empty()) first_error = "closed by the server while idle";
                }
            });
            c->connect([&, c, i, st, answer](error_code ec) {
                if (ec) {
                    if (st->answered) return;
                    ++failed_connect;
                    ++closed;
                    if (first_error.empty()) first_error = "connect: " + ec.message();
                    return answer(false);
                }
                c->send(R"({"type":"login","name":")" + opts.prefix + std::to_string(i) + "\"}");
            });
        }
    };

    // How late this generator's own loop runs (a 100 ms timer's lateness, the worst seen): a
    // client that answers the server's ping seconds late is dropped as gone, and this tells a
    // starved generator from a slow server.
    net::steady_timer lag_timer(ioc);
    double max_lag_ms = 0;
    std::function<void()> arm_lag = [&] {
        auto const due = clock::now() + std::chrono::milliseconds(100);
        lag_timer.expires_at(due);
        lag_timer.async_wait([&, due](error_code ec) {
            if (ec) return;
            max_lag_ms = std::max(
                max_lag_ms, std::chrono::duration<double, std::milli>(clock::now() - due).count());
            arm_lag();
        });
    };
    arm_lag();

    start_next();
    bool const finished = run_until(
        ioc, [&] { return logged_in + failures() == opts.connections; }, opts.fill_timeout);
    double const elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    double const cpu_filled = cpu_seconds(opts.server_pid);
    filled = true;

    bool const reads_server = opts.server_pid > 0;
    if (reads_server) run_for(ioc, 1.0);  // let the server settle before reading its memory
    long const rss_loaded = rss_kib(opts.server_pid);

    // Idle at the full count: nobody may be dropped (the server pings idle clients, which
    // Beast answers), and at the end every connection answers a ping of ours.
    int pongs = 0;
    int open_after_hold = 0;
    double cpu_hold = 0;
    if (opts.hold_seconds > 0) {
        double const cpu_hold_start = cpu_seconds(opts.server_pid);
        run_for(ioc, opts.hold_seconds);
        cpu_hold = cpu_seconds(opts.server_pid) - cpu_hold_start;
        // A few hundred at a time, the loop turning between them: 100,000 pings in one go
        // would stall it for seconds, past the server's own ping's window.
        std::size_t next_ping = 0;
        bool pinged_all = false;
        std::function<void()> ping_some = [&] {
            for (std::size_t end = std::min(clients.size(), next_ping + 500); next_ping < end;
                 ++next_ping) {
                auto& c = clients[next_ping];
                if (!c->is_open()) continue;
                ++open_after_hold;
                c->ping([&] { ++pongs; });
            }
            if (next_ping < clients.size()) return net::post(ioc, ping_some);
            pinged_all = true;
        };
        ping_some();
        run_until(
            ioc, [&] { return pinged_all && pongs == open_after_hold; }, 60);
    }
    long const rss_held = rss_kib(opts.server_pid);
    long const loadgen_rss = rss_kib(static_cast<int>(::getpid()));

    closing = true;
    lag_timer.cancel();
    for (auto& c : clients) c->close();
    run_until(
        ioc, [&] { return closed == opts.connections; }, 30 + opts.connections / 2000.0);
    // A server may hand freed memory back on a timer (Duet trims every 5 s): wait past one.
    if (reads_server) run_for(ioc, 6.0);
    long const rss_after = rss_kib(opts.server_pid);
    clients.clear();

    double const fill_cpu = cpu_filled - cpu_before;
    out = {
        {"scenario", "connect"},
        {"connections", opts.connections},
        {"source_addresses", opts.source_addresses},
        {"logged_in", logged_in},
        {"failed", failures()},
        {"failures",
         {{"connect", failed_connect},
          {"login_refused", refused},
          {"closed_before_login", closed_early}}},
        {"first_error", first_error},
        {"seconds", elapsed},
        {"connections_per_s", elapsed > 0 ? logged_in / elapsed : 0},
        {"slices", slices},
        {"server_cpu_fill_s", fill_cpu},
        {"server_cpu_per_login_us", logged_in > 0 ? fill_cpu * 1e6 / logged_in : 0},
        {"server_rss_before_kib", rss_before},
        {"server_rss_loaded_kib", rss_loaded},
        {"server_rss_after_close_kib", rss_after},
        {"bytes_per_connection",
         logged_in > 0 ? static_cast<double>(rss_loaded - rss_before) * 1024.0 / logged_in : 0},
        {"loadgen_rss_kib", loadgen_rss},
        {"server_max_open_files", server_files},
        {"dropped_while_filling", dropped_filling},
        {"loadgen_max_lag_ms", max_lag_ms},
    };
    if (opts.hold_seconds > 0) {
        out["hold_seconds"] = opts.hold_seconds;
        out["dropped_while_idle"] = dropped_idle;
        out["open_after_hold"] = open_after_hold;
        out["pongs"] = pongs;
        out["server_cpu_hold_s"] = cpu_hold;
        out["server_rss_held_kib"] = rss_held;
    }
    bool const held = opts.hold_seconds <= 0 || pongs == logged_in;
    return finished && failures() == 0 && dropped_filling + dropped_idle == 0 && held;
}

}  // namespace loadgen
