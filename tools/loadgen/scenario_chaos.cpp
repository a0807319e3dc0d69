// chaos: N clients connect, sign in, call, relay, send garbage, close or vanish and come
// back, at random, for a while. Afterwards: every well-formed relay the server must have
// delivered has arrived, and the server's memory is read again.
//
// Which relays the server must have delivered is decided by the order of messages, never by
// how long they took, so a slow machine (sanitizers, two loaded cores) cannot turn a late
// relay into a "lost" one. A probe (refresh_ice, answered by ice_servers) follows every
// relay. The server handles a connection's messages in order, so the probe's answer proves
// the relay was handled: routed to the receiver's connection, or refused because the
// receiver was gone. A relay routed to a connection is written to it before anything that
// connection is sent in answer to a message read later (one strand per connection, queued in
// order), so an answer on the receiver's connection to a probe it sent after that proves the
// relay was written to a connection that was still there: it must have arrived, and before
// that answer. A relay without both proofs (an end closed or vanished first) may rightly be
// dropped and is not counted. At the end every connection still signed in probes twice, so
// the relays sent last are counted too.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <iostream>
#include <map>
#include <random>
#include <vector>

#include "scenario.hpp"
#include "stats.hpp"

namespace loadgen {

namespace {

// How long the final probes may take to be answered on connections that stay open. Not a
// deadline on any relay: a server that leaves an open connection unanswered this long has
// stopped working, and the run fails.
constexpr double drain_timeout_s = 30.0;

// Events of the run, numbered in the order this (single) thread saw them.
using tick = std::uint64_t;

struct connection {
    std::shared_ptr<ws_client> ws;
    bool logged_in = false;
    bool ended = false;                           // we closed it or are about to, or the server did
    std::deque<tick> probes;                      // sent, not answered yet, oldest first
    std::vector<std::pair<tick, tick>> answered;  // (sent, answered), in the order sent

    // When the first probe sent after `after` was answered; 0 if none was.
    tick answer_after(tick after) const {
        auto it = std::find_if(answered.begin(), answered.end(),
                               [after](auto const& p) { return p.first > after; });
        return it == answered.end() ? 0 : it->second;
    }
};

struct slot {
    std::string name;
    std::vector<connection> generations;  // one per connect
    bool busy_connecting = false;
    std::unique_ptr<net::steady_timer> timer;
};

struct relay_record {
    int from = 0, from_gen = 0, to = 0, to_gen = 0;
    tick sent = 0;
    tick received = 0;  // 0 until it arrives
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

    long const rss_before = rss_kib(opts.server_pid);
    std::vector<slot> slots(static_cast<std::size_t>(opts.connections));
    std::vector<relay_record> relays;
    std::map<std::string, int> counts;
    bool running = true;
    tick last_tick = 0;
    auto next_tick = [&] { return ++last_tick; };

    auto current = [&](int i) -> connection* {
        auto& s = slots[static_cast<std::size_t>(i)];
        if (s.generations.empty()) return nullptr;
        auto& c = s.generations.back();
        return c.ended ? nullptr : &c;
    };
    auto probe = [&](connection& c) {
        c.ws->send(R"({"type":"refresh_ice"})");
        c.probes.push_back(next_tick());
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
                    // Only on the connection it was sent to: elsewhere it is as good as lost.
                    auto& r = relays[static_cast<std::size_t>(id)];
                    if (r.to == i && r.to_gen == gen && r.received == 0) r.received = next_tick();
                }
            } else if (has_type(frame, "ice_servers")) {
                // Answers come in the order the probes went: only probes are answered so.
                if (!conn.probes.empty()) {
                    conn.answered.emplace_back(conn.probes.front(), next_tick());
                    conn.probes.pop_front();
                }
            }
        });
        ws->on_close([&, i, gen] {
            auto& conn = slots[static_cast<std::size_t>(i)].generations[static_cast<std::size_t>(gen)];
            if (!conn.ended) {
                conn.ended = true;
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
        c->ended = true;
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
                               next_tick(), 0};
                relays.push_back(r);
                c->ws->send(R"({"type":"candidate","name":")" + slots[static_cast<std::size_t>(j)].name +
                            R"(","candidate":{"candidate":"candidate:1 1 udp 1 192.0.2.1 9 typ host","id":)" +
                            std::to_string(relays.size() - 1) + "}}");
                probe(*c);
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
                c->ended = true;  // the server will close it
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

    // Every connection still signed in probes, and once all are answered, probes again: the
    // first answers prove the last relays were handled, the second that they were written.
    auto unanswered = [&] {
        int n = 0;
        for (int i = 0; i < opts.connections; ++i) {
            if (auto* c = current(i); c && !c->probes.empty()) ++n;
        }
        return n;
    };
    auto all_answered = [&] { return unanswered() == 0; };
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < opts.connections; ++i) {
            if (auto* c = current(i); c && c->logged_in) probe(*c);
        }
        run_until(ioc, all_answered, drain_timeout_s);
    }
    int const probes_unanswered = unanswered();

    std::int64_t expected = 0, delivered = 0, lost = 0;
    for (auto const& r : relays) {
        auto const& from = slots[static_cast<std::size_t>(r.from)].generations[static_cast<std::size_t>(r.from_gen)];
        auto const& to = slots[static_cast<std::size_t>(r.to)].generations[static_cast<std::size_t>(r.to_gen)];
        tick const handled = from.answer_after(r.sent);
        tick const written = handled ? to.answer_after(handled) : 0;
        if (!written) continue;
        ++expected;
        if (r.received != 0 && r.received < written) {
            ++delivered;
        } else {
            if (++lost <= 10) {
                std::cerr << "duet-loadgen: lost relay " << (&r - relays.data()) << " from "
                          << slots[static_cast<std::size_t>(r.from)].name << " (connection "
                          << r.from_gen << ") to " << slots[static_cast<std::size_t>(r.to)].name
                          << " (connection " << r.to_gen
                          << "): " << (r.received ? "arrived after" : "missing at")
                          << " the answer to a later probe\n";
            }
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
        {"probes_unanswered", probes_unanswered},
        {"server_rss_before_kib", rss_before},
        {"server_rss_after_kib", rss_after},
    };
    for (auto const& [k, v] : counts) out[k] = v;
    return lost == 0 && expected > 0 && probes_unanswered == 0;
}

}  // namespace loadgen
