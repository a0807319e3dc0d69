#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scenario.hpp"

namespace loadgen {

// Pairs of signed-in clients, A calling B, as the relay and calls scenarios use them.
struct client_pair {
    std::size_t index = 0;
    std::shared_ptr<ws_client> a, b;
    std::string a_name, b_name;
    bool a_in = false, b_in = false;
};

class client_pairs {
public:
    using handler = std::function<void(client_pair&, std::string_view frame)>;

    // Connects `count` pairs named PREFIX TAG "a"/"b" N; every frame after a side's login
    // reply goes to `on_a` or `on_b`.
    client_pairs(net::io_context& ioc, options const& opts, std::string const& tag,
                 handler on_a, handler on_b);

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

}  // namespace loadgen
