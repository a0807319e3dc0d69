// Two machines against each other through a fake relay and a fake browser: whole calls, glare
// in both orders, an ICE restart, and a call that outlives a signaling drop.
#include <catch2/catch.hpp>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

namespace {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

// A login reply with the server's defaults.
proto::to_client::login_result default_login(std::string name) {
    proto::to_client::login_result r;
    r.success = true;
    r.name = std::move(name);
    return r;
}

json sdp(std::string type, int n) {
    return json{{"type", type}, {"sdp", type + " " + std::to_string(n)}};
}

struct side {
    std::string name;
    call_machine m;
    bool online = true;  // its signaling socket is up
    std::set<call::pc_id> open_pcs;
    std::map<timer, int> timers;
    std::vector<std::string> statuses;
    std::vector<std::string> missed;
    int media_requests = 0;
    int ice_restarts = 0;
    int offers_sent = 0;
    int accepts_sent = 0;
};

// Runs what each action asks for, the way the app and the browser would, one step at a time:
// sends are relayed to the other side by name (or dropped while its socket is down), browser
// work completes with a made-up description.
struct world {
    side a;
    side b;
    std::deque<std::function<void()>> pending;
    int descriptions = 0;

    world(std::string na, std::string nb) {
        a.name = std::move(na);
        b.name = std::move(nb);
        a.m.signed_in(default_login(a.name));
        b.m.signed_in(default_login(b.name));
    }

    side& other(side& s) { return &s == &a ? b : a; }

    void later(side& s, std::function<call::actions(call_machine&)> f) {
        pending.push_back([this, &s, f] { apply(s, f(s.m)); });
    }

    void deliver(side& from, proto::to_server::message const& msg) {
        side& to = other(from);
        std::string const& f = from.name;
        std::visit(
            overloaded{
                [&](proto::to_server::call const& m) {
                    if (m.to != to.name) return;
                    later(to, [f](call_machine& x) { return x.on_call({f}); });
                },
                [&](proto::to_server::accept const& m) {
                    if (m.to != to.name) return;
                    later(to, [f](call_machine& x) { return x.on_accept({f}); });
                },
                [&](proto::to_server::offer const& m) {
                    if (m.to != to.name) return;
                    later(to, [f, m](call_machine& x) { return x.on_offer({f, m.sdp}); });
                },
                [&](proto::to_server::answer const& m) {
                    if (m.to != to.name) return;
                    later(to, [f, m](call_machine& x) { return x.on_answer({f, m.sdp}); });
                },
                [&](proto::to_server::candidate const& m) {
                    if (m.to != to.name) return;
                    later(to, [f, m](call_machine& x) { return x.on_candidate({f, m.candidate}); });
                },
                [&](proto::to_server::leave const& m) {
                    if (m.to != to.name) return;
                    later(to, [f, m](call_machine& x) { return x.on_leave({f, m.reason}); });
                },
                [&](auto const&) {},  // login, refresh_ice: the server's own business
            },
            msg);
    }

    void apply(side& s, call::actions const& out) {
        for (auto const& action : out) {
            std::visit(
                overloaded{
                    [&](act::send const& x) {
                        if (std::holds_alternative<proto::to_server::offer>(x.message)) {
                            ++s.offers_sent;
                        }
                        if (std::holds_alternative<proto::to_server::accept>(x.message)) {
                            ++s.accepts_sent;
                        }
                        if (s.online && other(s).online) deliver(s, x.message);
                    },
                    [&](act::connect_signaling const&) {},
                    [&](act::request_media const&) {
                        ++s.media_requests;
                        later(s, [](call_machine& x) { return x.on_media_ready(); });
                    },
                    [&](act::create_peer_connection const& x) { s.open_pcs.insert(x.pc); },
                    [&](act::create_offer const& x) {
                        if (x.ice_restart) ++s.ice_restarts;
                        json d = sdp("offer", ++descriptions);
                        later(s, [x, d](call_machine& m) { return m.on_offer_created(x.pc, d); });
                    },
                    [&](act::set_local_description const& x) {
                        later(s,
                              [x](call_machine& m) { return m.on_local_description(x.pc, x.sdp); });
                        later(s, [x](call_machine& m) { return m.on_ice_candidate(x.pc, json{}); });
                    },
                    [&](act::create_answer const& x) {
                        json d = sdp("answer", ++descriptions);
                        later(s,
                              [x, d](call_machine& m) { return m.on_local_description(x.pc, d); });
                    },
                    [&](act::set_remote_description const& x) {
                        later(s, [x](call_machine& m) {
                            return m.on_remote_description_applied(x.pc);
                        });
                    },
                    [&](act::add_ice_candidate const&) {},
                    [&](act::close_peer_connection const& x) { s.open_pcs.erase(x.pc); },
                    [&](act::set_ice_servers const&) {},
                    [&](act::start_timer const& x) { s.timers[x.which] = x.ms; },
                    [&](act::cancel_timer const& x) { s.timers.erase(x.which); },
                    [&](act::set_status const& x) {
                        s.statuses.push_back(call::status_text(x.status));
                    },
                    [&](act::missed_call const& x) { s.missed.push_back(x.from); },
                },
                action);
        }
    }

    // Everything queued, and what that queues, until nothing is left.
    void run() {
        for (int guard = 0; !pending.empty() && guard < 10000; ++guard) {
            auto next = std::move(pending.front());
            pending.pop_front();
            next();
        }
        REQUIRE(pending.empty());
    }

    void act_on(side& s, call::actions out) {
        apply(s, out);
        run();
    }

    // ICE finds its path: both current connections report it.
    void connect() {
        act_on(a, a.m.on_connected(a.m.current_pc()));
        act_on(b, b.m.on_connected(b.m.current_pc()));
    }

    void fire(side& s, timer t) {
        REQUIRE(s.timers.count(t) == 1);
        s.timers.erase(t);
        act_on(s, s.m.on_timer(t));
    }

    void in_call() {
        act_on(a, a.m.call(b.name));
        act_on(b, b.m.accept());
        connect();
        REQUIRE(a.m.current_state() == state::in_call);
        REQUIRE(b.m.current_state() == state::in_call);
    }
};

}  // namespace

TEST_CASE("call pair: a call that rings, is accepted and hung up", "[call_machine]") {
    world w("alice", "bob");
    w.act_on(w.a, w.a.m.call("bob"));
    CHECK(w.a.m.current_state() == state::ringing_out);
    CHECK(w.b.m.current_state() == state::ringing_in);
    CHECK(w.b.m.partner() == "alice");
    // The caller's camera may start; the callee's may not, and no connection exists yet.
    CHECK(w.a.media_requests == 1);
    CHECK(w.b.media_requests == 0);
    CHECK(w.a.open_pcs.empty());
    CHECK(w.b.open_pcs.empty());

    w.act_on(w.b, w.b.m.accept());
    CHECK(w.b.media_requests == 1);
    CHECK(w.a.m.current_state() == state::connecting);
    CHECK(w.b.m.current_state() == state::connecting);
    CHECK(w.a.open_pcs.size() == 1);
    CHECK(w.b.open_pcs.size() == 1);
    CHECK(w.a.timers.count(timer::ring) == 0);
    CHECK(w.b.timers.count(timer::ring) == 0);

    w.connect();
    CHECK(w.a.m.current_state() == state::in_call);
    CHECK(w.b.m.current_state() == state::in_call);
    CHECK(w.a.statuses.back() == "Connected to bob");
    CHECK(w.a.timers.empty());
    CHECK(w.b.timers.empty());

    w.act_on(w.b, w.b.m.hang_up());
    CHECK(w.a.m.current_state() == state::ended);
    CHECK(w.a.statuses.back() == "bob hung up");
    CHECK(w.a.open_pcs.empty());
    CHECK(w.b.open_pcs.empty());
}

TEST_CASE("call pair: declined, cancelled, unanswered", "[call_machine]") {
    world w("alice", "bob");
    w.act_on(w.a, w.a.m.call("bob"));

    SECTION("declined") {
        w.act_on(w.b, w.b.m.decline());
        CHECK(w.a.statuses.back() == "bob declined");
        CHECK(w.b.media_requests == 0);
    }
    SECTION("cancelled") {
        w.act_on(w.a, w.a.m.cancel());
        CHECK(w.b.m.current_state() == state::ended);
        CHECK(w.b.statuses.back() == "Missed call from alice");
    }
    SECTION("the caller's ring times out first") {
        w.fire(w.a, timer::ring);
        CHECK(w.a.statuses.back() == "No answer from bob");
        CHECK(w.b.statuses.back() == "Missed call from alice");
        CHECK(w.b.timers.count(timer::ring) == 0);
    }
    SECTION("the callee's ring times out first") {
        w.fire(w.b, timer::ring);
        CHECK(w.b.statuses.back() == "Missed call from alice");
        CHECK(w.a.statuses.back() == "No answer from bob");
        CHECK(w.a.timers.count(timer::ring) == 0);
    }
    CHECK(w.a.m.current_state() == state::ended);
    CHECK(w.b.m.current_state() == state::ended);
    CHECK(w.a.open_pcs.empty());
    CHECK(w.b.open_pcs.empty());
}

TEST_CASE("call pair: glare resolves to exactly one call, in either order", "[call_machine]") {
    world w("alice", "bob");  // bob is polite
    // Both press Call before either ring arrives.
    w.apply(w.a, w.a.m.call("bob"));
    w.apply(w.b, w.b.m.call("alice"));
    SECTION("alice's ring reaches bob first") {}
    SECTION("bob's ring reaches alice first") {
        // Queued: alice's ring at bob, alice's camera, bob's ring at alice, bob's camera.
        REQUIRE(w.pending.size() == 4);
        std::swap(w.pending[0], w.pending[2]);
    }
    w.run();

    CHECK(w.a.m.current_role() == call::role::caller);
    CHECK(w.b.m.current_role() == call::role::callee);
    CHECK(w.b.accepts_sent == 1);
    CHECK(w.a.accepts_sent == 0);
    CHECK(w.a.offers_sent == 1);
    CHECK(w.b.offers_sent == 0);
    CHECK(w.a.open_pcs.size() == 1);
    CHECK(w.b.open_pcs.size() == 1);
    w.connect();
    CHECK(w.a.m.current_state() == state::in_call);
    CHECK(w.b.m.current_state() == state::in_call);
    CHECK(w.a.m.partner() == "bob");
    CHECK(w.b.m.partner() == "alice");
}

TEST_CASE("call pair: a busy callee", "[call_machine]") {
    world w("alice", "bob");
    w.in_call();
    // carol's ring reaches bob anyway (it crossed the call starting): refused, and noticed.
    w.act_on(w.b, w.b.m.on_call({"carol"}));
    CHECK(w.b.missed == std::vector<std::string>{"carol"});
    CHECK(w.b.m.current_state() == state::in_call);
}

TEST_CASE("call pair: ICE restart brings a dropped path back", "[call_machine]") {
    world w("alice", "bob");
    w.in_call();
    auto pa = w.a.m.current_pc();
    auto pb = w.b.m.current_pc();

    w.act_on(w.a, w.a.m.on_disconnected(pa));
    w.act_on(w.b, w.b.m.on_disconnected(pb));
    CHECK(w.a.timers.count(timer::ice_grace) == 1);
    CHECK(w.b.timers.count(timer::ice_grace) == 0);  // the callee waits for the caller
    CHECK(w.b.timers.count(timer::lost) == 1);
    w.fire(w.a, timer::ice_grace);
    CHECK(w.a.ice_restarts == 1);
    CHECK(w.a.offers_sent == 2);

    w.connect();
    CHECK(w.a.m.current_pc() == pa);  // the same connection throughout
    CHECK(w.b.m.current_pc() == pb);
    CHECK(w.a.timers.empty());
    CHECK(w.b.timers.empty());
    CHECK(w.a.m.current_state() == state::in_call);
    CHECK(w.b.m.current_state() == state::in_call);
}

TEST_CASE("call pair: lostTimeout ends the call on both sides", "[call_machine]") {
    world w("alice", "bob");
    w.in_call();
    w.act_on(w.a, w.a.m.on_connection_failed(w.a.m.current_pc()));
    w.fire(w.a, timer::lost);
    CHECK(w.a.statuses.back() == "Connection lost");
    CHECK(w.b.statuses.back() == "Connection lost");
    CHECK(w.a.m.current_state() == state::ended);
    CHECK(w.b.m.current_state() == state::ended);
}

TEST_CASE("call pair: the caller's signaling drops; the call survives it", "[call_machine]") {
    world w("alice", "bob");
    w.in_call();
    auto pa = w.a.m.current_pc();

    // A network switch: the socket closes and the media path breaks at the same moment.
    w.a.online = false;
    w.act_on(w.a, w.a.m.on_signaling_lost());
    CHECK(w.a.m.reconnecting());
    CHECK(w.a.m.current_state() == state::in_call);
    w.act_on(w.a, w.a.m.on_disconnected(pa));
    w.fire(w.a, timer::ice_grace);  // the restart offer waits in the queue
    CHECK(w.a.m.queued_messages() >= 1);
    CHECK(w.b.m.current_state() == state::in_call);

    w.fire(w.a, timer::reconnect);
    w.a.online = true;
    w.act_on(w.a, w.a.m.on_signaling_open());
    auto r = proto::to_client::login_result{};
    r.success = true;
    r.name = "alice";
    w.act_on(w.a, w.a.m.signed_in(r));  // flushes the restart offer to bob, who answers
    CHECK_FALSE(w.a.m.reconnecting());
    CHECK(w.a.m.queued_messages() == 0);

    w.connect();
    CHECK(w.a.m.current_state() == state::in_call);
    CHECK(w.b.m.current_state() == state::in_call);
    CHECK(w.a.m.current_pc() == pa);
    CHECK(w.a.statuses.back() == "Connected to bob");
}
