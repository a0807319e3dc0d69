#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ws_client.hpp"

namespace loadgen {

struct options {
    std::string scenario;
    target where;
    int server_pid = 0;
    int connections = 1000;  // connect, chaos
    int pairs = 10;          // relay, calls
    int window = 1;          // relay: messages in flight per pair
    double seconds = 5;      // relay, calls, chaos
    int concurrency = 200;   // connect: handshakes in flight
    int source_addresses = 0;  // connect: clients leave from 127.0.0.1 .. 127.0.0.K (0: any)
    double hold_seconds = 0;   // connect: idle at the full count before leaving
    int slice = 0;             // connect: logins per rate slice (0: a tenth of the connections)
    double fill_timeout = 300; // connect: seconds for every client to be answered
    int threads = 1;         // relay, calls: generator threads, each with its share of pairs
    std::string prefix = "lg";
    unsigned seed = 1;
};

// Each prints one JSON line with its figures and returns false if the run itself failed.
bool run_connect(options const& opts, nlohmann::json& out);
bool run_relay(options const& opts, nlohmann::json& out);
bool run_calls(options const& opts, nlohmann::json& out);
bool run_chaos(options const& opts, nlohmann::json& out);

// The number after `"key":` in a frame, without parsing the whole JSON: the load generator
// must stay cheaper per message than the server it measures.
bool find_number(std::string_view frame, std::string_view key, std::int64_t& out);
bool has_type(std::string_view frame, std::string_view type);

// Runs `ioc` until `done()` or `timeout_s` seconds pass, polling every few milliseconds.
template <class Done>
bool run_until(net::io_context& ioc, Done done, double timeout_s) {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(static_cast<long>(timeout_s * 1000));
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        ioc.run_for(std::chrono::milliseconds(5));
        if (ioc.stopped()) ioc.restart();
    }
    return true;
}

inline void run_for(net::io_context& ioc, double seconds) {
    run_until(ioc, [] { return false; }, seconds);
}

}  // namespace loadgen
