#pragma once

#include <atomic>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "lean_client.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

// Pairs of signed-in clients, A calling B, as the relay and calls scenarios use them.
struct client_pair {
    std::size_t index = 0;
    std::shared_ptr<lean_client> a, b;
    std::string a_name, b_name;
    bool a_in = false, b_in = false;
};

class client_pairs {
  public:
    using handler = std::function<void(client_pair&, std::string_view frame)>;

    // Connects pairs number `first` to `first + count - 1`, named PREFIX TAG "a"/"b" N; every
    // frame after a side's login reply goes to `on_a` or `on_b`.
    client_pairs(net::io_context& ioc, options const& opts, std::string const& tag,
                 std::size_t first, std::size_t count, handler on_a, handler on_b);

    // Runs until every pair is signed in; false if one failed or a minute passed.
    bool sign_in();
    // Closes every client without counting it as a failure.
    void close_all();

    std::vector<client_pair>& pairs() { return pairs_; }
    int disconnects() const { return failed_; }

  private:
    net::io_context& ioc_;
    std::vector<client_pair> pairs_;
    int ready_ = 0;
    int failed_ = 0;
};

// What every worker of a timed scenario has: its own I/O context and clients, run on a
// thread of its own, so the generator can use more than one core when there are any to spare.
struct worker_base {
    net::io_context ioc{1};
    std::unique_ptr<client_pairs> clients;
    bool measuring = false;
    bool sending = true;
    double elapsed = 0;  // seconds measured
    int failures = 0;    // disconnects while running
};

// The server's CPU use over the measured window (with --server-pid), as JSON.
inline nlohmann::json server_cpu_json(cpu_times const& before, cpu_times const& after,
                                      double seconds) {
    nlohmann::json threads = nlohmann::json::array();
    for (std::size_t i = 0; i < after.threads.size() && i < before.threads.size(); ++i) {
        auto const share = (after.threads[i] - before.threads[i]) / seconds;
        if (share >= 0.01) threads.push_back(std::round(share * 1000) / 1000);
    }
    auto const user = after.user - before.user;
    auto const system = after.system - before.system;
    return {{"user_s", user},
            {"system_s", system},
            {"cores_busy", (user + system) / seconds},  // 1.0 = one core all the time
            {"threads_busy", threads}};
}

// Splits `pairs` over `threads` workers made by `make(first, count)`, signs every pair in,
// then on every worker at once: start(), a warm-up, `seconds` measured, and the close.
// The server's CPU use over the measured window goes to `server_cpu` when its pid is known.
// False if some pair could not sign in.
template <class Worker, class Make>
bool run_workers(std::vector<std::unique_ptr<Worker>>& workers, options const& opts, Make make,
                 nlohmann::json& server_cpu) {
    auto const threads = static_cast<std::size_t>(std::max(1, std::min(opts.threads, opts.pairs)));
    auto const pairs = static_cast<std::size_t>(opts.pairs);
    for (std::size_t t = 0, first = 0; t < threads; ++t) {
        auto const count = pairs / threads + (t < pairs % threads ? 1 : 0);
        workers.push_back(make(first, count));
        first += count;
    }
    std::atomic<std::size_t> signed_in{0};
    std::atomic<bool> failed{false};
    std::atomic<bool> go{false};
    clock::time_point warm_until, measure_until;
    auto body = [&](Worker& w) {
        if (!w.clients->sign_in()) failed = true;
        ++signed_in;
        while (!go.load(std::memory_order_acquire)) w.ioc.run_for(std::chrono::milliseconds(1));
        if (failed) return;
        w.start();
        run_until(
            w.ioc, [&] { return clock::now() >= warm_until; }, 1e9);
        w.measuring = true;
        auto const t0 = clock::now();
        run_until(
            w.ioc, [&] { return clock::now() >= measure_until; }, 1e9);
        w.elapsed = std::chrono::duration<double>(clock::now() - t0).count();
        w.measuring = false;
        w.sending = false;
        w.failures = w.clients->disconnects();
        w.clients->close_all();
    };
    std::vector<std::thread> running;
    for (std::size_t t = 1; t < workers.size(); ++t)
        running.emplace_back(body, std::ref(*workers[t]));
    std::thread coordinator([&] {
        while (signed_in.load() < workers.size()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        auto const now = clock::now();
        auto const warm = std::chrono::duration<double>(std::min(1.0, opts.seconds / 5));
        warm_until = now + std::chrono::duration_cast<clock::duration>(warm);
        measure_until = warm_until + std::chrono::duration_cast<clock::duration>(
                                         std::chrono::duration<double>(opts.seconds));
        go.store(true, std::memory_order_release);
        if (failed || opts.server_pid <= 0) return;
        std::this_thread::sleep_until(warm_until);
        auto const before = process_cpu(opts.server_pid);
        auto const t0 = clock::now();
        std::this_thread::sleep_until(measure_until);
        auto const after = process_cpu(opts.server_pid);
        server_cpu = server_cpu_json(before, after,
                                     std::chrono::duration<double>(clock::now() - t0).count());
    });
    body(*workers[0]);
    coordinator.join();
    for (auto& t : running) t.join();
    return !failed;
}

}  // namespace loadgen
