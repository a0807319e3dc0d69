// chaos: N clients connect, sign in, call, relay, send garbage, close or vanish and come
// back, at random, for a while. Afterwards: every well-formed relay between two users who
// both stayed connected must have arrived, and the server's memory is read again.
#include <map>
#include <random>
#include <vector>

#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

namespace {

// How long a relay may take before it counts as lost, and how long both ends must have
// stayed connected after it was sent for it to count at all.
constexpr double grace_s = 2.0;

struct connection {
    std::shared_ptr<ws_client> ws;
    bool logged_in = false;
    double closed_at = 1e18;  // seconds since start; open until set
};

struct slot {
    std::string name;
    std::vector<connection> generations;  // one per connect
    bool busy_connecting = false;
    std::unique_ptr<net::steady_timer> timer;
};

struct relay_record {
    int from = 0, from_gen = 0, to = 0, to_gen = 0;
    double sent_at = 0;
    bool delivered = false;
};

std::string garbage(std::mt19937& rng, std::size_t max_message) {
    switch (rng() % 8) {
        case 0: return "not json at all";
        case 1: return R"({"type":"offer","name":42,"offer":"x"})";
        case 2: return R"({"type":"warp","name":"x"})";
        case 3: return std::string(200, '[') + std::string(200, ']');
        case 4: return R"({"type":"candidate"})";
        case 5: return R"([1,2,3])";
        case 6: return R"({"type":"login","name":""})";
        default: return std::string(max_message + 100, 'x');  // over the limit: closed
    }
}

}  // namespace

bool run_chaos(options const& opts, nlohmann::json& out) {
    net::io_context ioc{1};
    std::mt19937 rng(opts.seed);
    auto uniform = [&](double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng);
    };
    auto const t0 = clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(clock::now() - t0).count(); };

    long const rss_before = rss_kib(opts.server_pid);
    std::vector<slot> slots(static_cast<std::size_t>(opts.connections));
    std::vector<relay_record> relays;
    std::map<std::string, int> counts;
    bool running = true;

    auto current = [&](int i) -> connection* {
        auto& s = slots[static_cast<std::size_t>(i)];
        if (s.generations.empty()) return nullptr;
        auto& c = s.generations.back();
        return c.closed_at > 1e17 ? &c : nullptr;
    };
    auto live_peer = [&](int self) -> int {
        for (int tries = 0; tries < 8; ++tries) {
            int j = static_cast<int>(rng() % slots.size());
            auto* c = current(j);
            if (j != self && c && c->logged_in) return j;
        }
        return -1;
    };

    std::function<void(int)> schedule;
    std::function<void(int)> act;

    auto connect = [&](int i) {
        auto& s = slots[static_cast<std::size_t>(i)];
        int const gen = static_cast<int>(s.generations.size());
        auto ws = std::make_shared<ws_client>(ioc, opts.where);
        s.generations.push_back({ws});
        // A plain pointer: the client owning a handler that owns the client would never die.
        ws->on_message([&, i, gen, raw = ws.get()](std::string_view frame) {
            auto& conn = slots[static_cast<std::size_t>(i)].generations[static_cast<std::size_t>(gen)];
            if (has_type(frame, "login")) {
                if (frame.find("\"success\":true") != std::string_view::npos) {
                    conn.logged_in = true;
                    ++counts["logins"];
                }
            } else if (has_type(frame, "offer")) {
                // Answer as a browser would; the caller's name is in the frame.
                auto at = frame.find("\"name\":\"");
                if (at != std::string_view::npos) {
                    auto end = frame.find('"', at + 8);
                    std::string caller(frame.substr(at + 8, end - at - 8));
                    raw->send(R"({"type":"answer","name":")" + caller +
                             R"(","answer":{"type":"answer","sdp":"v=0"}})");
                }
            } else if (has_type(frame, "candidate")) {
                std::int64_t id = 0;
                if (find_number(frame, "id", id) && id >= 0 &&
                    static_cast<std::size_t>(id) < relays.size()) {
                    relays[static_cast<std::size_t>(id)].delivered = true;
                }
            }
        });
        ws->on_close([&, i, gen] {
            auto& conn = slots[static_cast<std::size_t>(i)].generations[static_cast<std::size_t>(gen)];
            if (conn.closed_at > 1e17) {
                conn.closed_at = elapsed();
                ++counts["server_closed"];  // we did not close it ourselves
            }
        });
        ws->connect([&, i, ws](error_code ec) {
            if (ec) {
                ++counts["connect_failed"];
                return;
            }
            ws->send(R"({"type":"login","name":")" + slots[static_cast<std::size_t>(i)].name + "\"}");
        });
    };

    auto end_connection = [&](int i, bool vanish) {
        auto* c = current(i);
        if (!c) return;
        c->closed_at = elapsed();
        if (vanish) {
            ++counts["vanished"];
            c->ws->abort();
        } else {
            ++counts["closed"];
            c->ws->close();
        }
    };

    act = [&](int i) {
        if (!running) return;
        auto* c = current(i);
        if (!c) {
            connect(i);
            return schedule(i);
        }
        if (!c->logged_in) return schedule(i);
        auto roll = rng() % 100;
        if (roll < 45) {
            int j = live_peer(i);
            if (j >= 0) {
                relay_record r{i, static_cast<int>(slots[static_cast<std::size_t>(i)].generations.size()) - 1, j,
                               static_cast<int>(slots[static_cast<std::size_t>(j)].generations.size()) - 1,
                               elapsed(), false};
                relays.push_back(r);
                c->ws->send(R"({"type":"candidate","name":")" + slots[static_cast<std::size_t>(j)].name +
                            R"(","candidate":{"candidate":"candidate:1 1 udp 1 192.0.2.1 9 typ host","id":)" +
                            std::to_string(relays.size() - 1) + "}}");
                ++counts["relays_sent"];
            }
        } else if (roll < 55) {
            int j = live_peer(i);
            if (j >= 0) {
                c->ws->send(R"({"type":"offer","name":")" + slots[static_cast<std::size_t>(j)].name +
                            R"(","offer":{"type":"offer","sdp":"v=0"}})");
                ++counts["offers"];
            }
        } else if (roll < 62) {
            c->ws->send(R"({"type":"leave"})");
        } else if (roll < 72) {
            auto g = garbage(rng, 64 * 1024);
            if (g.size() > 64 * 1024) {
                c->closed_at = elapsed();  // the server will close it: not a lost relay
                ++counts["oversize"];
            }
            if (rng() % 4 == 0) {
                c->ws->send_binary(g);
            } else {
                c->ws->send(g);
            }
            ++counts["garbage"];
        } else if (roll < 76) {
            end_connection(i, true);
        } else if (roll < 80) {
            end_connection(i, false);
        }
        schedule(i);
    };

    schedule = [&](int i) {
        auto& s = slots[static_cast<std::size_t>(i)];
        s.timer->expires_after(std::chrono::milliseconds(static_cast<long>(uniform(50, 600))));
        s.timer->async_wait([&, i](error_code ec) {
            if (!ec) act(i);
        });
    };

    for (int i = 0; i < opts.connections; ++i) {
        auto& s = slots[static_cast<std::size_t>(i)];
        s.name = opts.prefix + "x" + std::to_string(i);
        s.timer = std::make_unique<net::steady_timer>(ioc);
        s.timer->expires_after(std::chrono::milliseconds(static_cast<long>(uniform(0, 1000))));
        s.timer->async_wait([&, i](error_code ec) {
            if (!ec) act(i);
        });
    }

    run_for(ioc, opts.seconds);
    running = false;
    for (auto& s : slots) s.timer->cancel();
    double const stop_at = elapsed();
    run_for(ioc, grace_s + 0.5);  // relays still in flight land

    // A relay must arrive when both ends stayed connected for the grace period after it.
    std::int64_t expected = 0, delivered = 0, lost = 0;
    for (auto const& r : relays) {
        auto const& from = slots[static_cast<std::size_t>(r.from)].generations[static_cast<std::size_t>(r.from_gen)];
        auto const& to = slots[static_cast<std::size_t>(r.to)].generations[static_cast<std::size_t>(r.to_gen)];
        double const needed_until = std::min(r.sent_at + grace_s, stop_at + grace_s);
        if (from.closed_at < needed_until || to.closed_at < needed_until || !to.logged_in) continue;
        ++expected;
        if (r.delivered) {
            ++delivered;
        } else {
            ++lost;
        }
    }

    for (auto& s : slots) {
        if (!s.generations.empty() && s.generations.back().ws->is_open()) {
            s.generations.back().ws->close();
        }
    }
    run_for(ioc, 2.0);
    long const rss_after = rss_kib(opts.server_pid);

    out = {
        {"scenario", "chaos"},
        {"clients", opts.connections},
        {"seconds", opts.seconds},
        {"relays_expected", expected},
        {"relays_delivered", delivered},
        {"relays_lost", lost},
        {"server_rss_before_kib", rss_before},
        {"server_rss_after_kib", rss_after},
    };
    for (auto const& [k, v] : counts) out[k] = v;
    return lost == 0 && expected > 0;
}

}  // namespace loadgen
