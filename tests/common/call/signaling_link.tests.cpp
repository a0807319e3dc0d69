// Sign-in, reconnect with backoff, and the one outbox: through the machine, and the link
// on its own.
#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

TEST_CASE("call machine: signing in", "[signaling_link]") {
    call_machine m;

    SECTION("the login declares ring and presence; no token or partner the first time") {
        m.on_signaling_open();
        auto l = sent<proto::to_server::login>(m.sign_in("alice"));
        CHECK(l.name == "alice");
        CHECK(l.token.empty());
        CHECK(l.partner.empty());
        CHECK(l.features == std::vector<std::string>{"ring", "presence"});
    }
    SECTION("starts idle, and the camera stays off until a call") {
        auto out = m.signed_in(login_reply("alice"));
        CHECK(m.current_state() == state::idle);
        CHECK(m.signaling_state() == call::signaling::online);
        CHECK(m.self() == "alice");
        CHECK(last_status(out) == "Signed in as alice");
        CHECK_FALSE(has<act::request_media>(out));
    }
    SECTION("the login reply's ICE servers, policy and timeouts are taken") {
        auto out = m.signed_in(login_reply("alice"));
        auto ice = only<act::set_ice_servers>(out);
        REQUIRE(ice.servers.size() == 1);
        CHECK(ice.servers[0].urls == std::vector<std::string>{"turn:turn.example:3478"});
        CHECK(ice.transport_policy == "all");
        CHECK(m.ring_timeout_ms() == 20000);
        CHECK(m.lost_timeout_ms() == 15000);
        CHECK_FALSE(starts(out, timer::ice_refresh));
    }
    SECTION("signing in again under the same name shows the token") {
        m.signed_in(login_reply("alice"));
        CHECK(sent<proto::to_server::login>(m.sign_in("alice")).token == "tok-alice");
        CHECK(sent<proto::to_server::login>(m.sign_in("carol")).token.empty());
    }
    SECTION("calling before signing in does nothing") {
        CHECK(m.call("bob").empty());
        CHECK(m.on_call({"bob"}).empty());
        CHECK(m.on_offer(offer_from("bob")).empty());
        CHECK(m.current_state() == state::idle);
    }
    SECTION("a fresh sign-in drops an old call") {
        call::pc_id pc = 0;
        auto in_call = caller_in_call(&pc);
        auto out = in_call.signed_in(login_reply("alice"));
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(cancels(out, timer::lost) == false);  // none ran
        CHECK(in_call.current_state() == state::idle);
        CHECK(in_call.partner().empty());
    }
}

TEST_CASE("call machine: the signaling connection drops", "[signaling_link]") {
    SECTION("not signed in: nothing to keep") {
        call_machine m;
        CHECK(m.on_signaling_lost().empty());
        CHECK(m.on_signaling_open().empty());
    }
    SECTION("in a call: the call is kept and a reconnect scheduled within the first second") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        auto out = m.on_signaling_lost();
        CHECK(m.reconnecting());
        CHECK(m.current_state() == state::in_call);
        CHECK(m.partner() == "bob");
        CHECK_FALSE(has<act::close_peer_connection>(out));
        int first = started_ms(out, timer::reconnect);
        CHECK(first >= 0);
        CHECK(first <= call::reconnect_first_window_ms);
        CHECK(has<act::connect_signaling>(m.on_timer(timer::reconnect)));
    }
    SECTION("tries are paced start to start; in a call no slot passes 2 s") {
        auto m = caller_in_call();
        m.on_signaling_lost();
        std::vector<int> slots;
        for (int i = 0; i < 8; ++i) {
            auto tried = m.on_timer(timer::reconnect);
            REQUIRE(has<act::connect_signaling>(tried));
            slots.push_back(started_ms(tried, timer::reconnect));
            // Refused at once: the slot's timer still runs, nothing starts before it fires.
            auto failed = m.on_signaling_lost();
            CHECK_FALSE(starts(failed, timer::reconnect));
            CHECK_FALSE(has<act::connect_signaling>(failed));
        }
        CHECK(slots[0] >= 500);
        CHECK(slots[0] <= 1000);
        CHECK(slots[1] >= 1000);
        for (int ms : slots) CHECK(ms <= call::reconnect_cap_in_call_ms);
    }
    SECTION("a try still under way when its slot ends is followed at once if it fails") {
        auto m = signed_machine();
        m.on_signaling_lost();
        m.on_timer(timer::reconnect);
        auto due = m.on_timer(timer::reconnect);  // the slot is over, the socket still opening
        CHECK_FALSE(has<act::connect_signaling>(due));
        CHECK_FALSE(starts(due, timer::reconnect));
        CHECK(started_ms(m.on_signaling_lost(), timer::reconnect) == 0);  // the connect timeout
        CHECK(has<act::connect_signaling>(m.on_timer(timer::reconnect)));
    }
    SECTION("the login after the reconnect carries the token and the partner") {
        auto m = caller_in_call();
        m.on_signaling_lost();
        auto out = m.on_signaling_open();
        auto l = sent<proto::to_server::login>(out);
        CHECK(l.name == "alice");
        CHECK(l.token == "tok-alice");
        CHECK(l.partner == "bob");
        CHECK(l.features == std::vector<std::string>{"ring", "presence"});
    }
    SECTION("messages meanwhile are queued, then flushed in order after the login") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_signaling_lost();
        m.on_disconnected(pc);
        auto restart = m.on_timer(timer::ice_grace);
        REQUIRE(has<act::create_offer>(restart));
        CHECK_FALSE(has<act::send>(m.on_local_description(pc, sdp("offer"))));
        CHECK_FALSE(has<act::send>(m.on_ice_candidate(pc, cand(5))));
        CHECK(m.queued_messages() == 2);

        CHECK(has<act::connect_signaling>(m.on_timer(timer::reconnect)));
        auto login = m.on_signaling_open();
        CHECK(sends<proto::to_server::login>(login).size() == 1);
        auto back = m.signed_in(login_reply("alice"));
        CHECK_FALSE(m.reconnecting());
        CHECK(m.current_state() == state::in_call);
        CHECK_FALSE(has<act::close_peer_connection>(back));
        auto s = all_of<act::send>(back);
        REQUIRE(s.size() == 2);
        CHECK(std::get<proto::to_server::offer>(s[0].message).to == "bob");
        CHECK(std::get<proto::to_server::candidate>(s[1].message).candidate == cand(5));
        CHECK(m.queued_messages() == 0);
        CHECK(cancels(back, timer::reconnect));  // the next try's slot
        // The answer to the flushed offer restores the call.
        m.on_answer(answer_from("bob"));
        m.on_remote_description_applied(pc);
        CHECK(last_status(m.on_connected(pc)) == "Connected to bob");
    }
    SECTION("hanging up while reconnecting: the leave waits for the login") {
        auto m = caller_in_call();
        m.on_signaling_lost();
        auto out = m.hang_up();
        CHECK_FALSE(has<act::send>(out));
        CHECK(m.current_state() == state::ended);
        auto back = m.signed_in(login_reply("alice"));
        CHECK(sent<proto::to_server::leave>(back).to == "bob");
        CHECK(last_status(back) == "Signed in as alice");
    }
    SECTION("the queue is bounded") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_signaling_lost();
        for (int i = 0; i < int(call::max_queued_messages) + 20; ++i)
            m.on_ice_candidate(pc, cand(i));
        CHECK(m.queued_messages() == call::max_queued_messages);
    }
    SECTION("a ring does not survive: ringing_out ends") {
        auto m = signed_machine();
        m.call("bob");
        auto out = m.on_signaling_lost();
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Lost the connection to the server");
        CHECK(cancels(out, timer::ring));
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("a ring does not survive: ringing_in is a missed call") {
        auto m = signed_machine();
        m.on_call({"bob"});
        CHECK(last_status(m.on_signaling_lost()) == "Missed call from bob");
        CHECK(m.current_state() == state::ended);
    }
    SECTION("Call while reconnecting is refused") {
        auto m = signed_machine();
        m.on_signaling_lost();
        auto out = m.call("bob");
        CHECK(m.current_state() == state::idle);
        CHECK_FALSE(has<act::send>(out));
        CHECK(m.queued_messages() == 0);
    }
    SECTION("a refused login after the reconnect signs out and ends the call") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_signaling_lost();
        proto::to_client::login_result refused;
        refused.message = "Name \"alice\" is taken";
        auto out = m.on_login_failed(refused);
        CHECK(m.signaling_state() == call::signaling::signed_out);
        CHECK(m.self().empty());
        CHECK(m.current_state() == state::idle);
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(last_status(out) == "Name \"alice\" is taken");
        CHECK(m.on_timer(timer::reconnect).empty());
    }
    SECTION("a login refused for now (unavailable) keeps the call and tries again") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_signaling_lost();
        CHECK(has<act::connect_signaling>(m.on_timer(timer::reconnect)));
        CHECK(sent<proto::to_server::login>(m.on_signaling_open()).partner == "bob");
        proto::to_client::login_result later;
        later.code = proto::error_code::unavailable;
        later.message = "The server cannot reach its user directory now";
        auto out = m.on_login_failed(later);
        CHECK(m.signaling_state() == call::signaling::reconnecting);
        CHECK(m.current_state() == state::in_call);
        CHECK_FALSE(has<act::close_peer_connection>(out));
        CHECK_FALSE(has<act::set_status>(out));
        CHECK_FALSE(starts(out, timer::reconnect));  // the slot's timer still runs
        // The next slot: the login again over the socket still open, token and partner.
        auto again = m.on_timer(timer::reconnect);
        CHECK_FALSE(has<act::connect_signaling>(again));
        auto login = sent<proto::to_server::login>(again);
        CHECK(login.token == "tok-alice");
        CHECK(login.partner == "bob");
        auto range = call::reconnect_range(2, true);
        CHECK(started_ms(again, timer::reconnect) >= range.min_ms);
        CHECK(started_ms(again, timer::reconnect) <= range.max_ms);
        m.signed_in(login_reply("alice"));
        CHECK(m.signaling_state() == call::signaling::online);
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("unavailable after its slot is over: the next try at once; a closed socket reopens") {
        auto m = signed_machine();
        m.on_signaling_lost();
        m.on_timer(timer::reconnect);
        m.on_signaling_open();
        CHECK(m.on_timer(timer::reconnect).empty());  // the try is under way
        proto::to_client::login_result later;
        later.code = proto::error_code::unavailable;
        CHECK(started_ms(m.on_login_failed(later), timer::reconnect) == 0);
        // The server closed that socket meanwhile: the next try opens a new one.
        m.on_signaling_lost();
        CHECK(has<act::connect_signaling>(m.on_timer(timer::reconnect)));
        CHECK(m.signaling_state() == call::signaling::reconnecting);
    }
    SECTION("a refused login from the login screen is not the machine's business") {
        call_machine m;
        CHECK(m.on_login_failed({}).empty());
    }
}

TEST_CASE("signaling link: one outbox for everything, the login included", "[signaling_link]") {
    call_machine m;

    SECTION("Sign in on a closed socket: the socket is opened, the login waits for it") {
        auto out = m.sign_in("alice");
        CHECK(has<act::connect_signaling>(out));
        CHECK_FALSE(has<act::send>(out));
        CHECK(m.queued_messages() == 1);
        auto opened = m.on_signaling_open();
        auto l = sent<proto::to_server::login>(opened);
        CHECK(l.name == "alice");
        CHECK(l.features == std::vector<std::string>{"ring", "presence"});
        CHECK(m.queued_messages() == 0);
    }
    SECTION("Sign in on an open socket: the login goes at once") {
        m.on_signaling_open();
        auto out = m.sign_in("alice");
        CHECK_FALSE(has<act::connect_signaling>(out));
        CHECK(sent<proto::to_server::login>(out).name == "alice");
    }
    SECTION("the socket closes before it opened: the waiting login goes with it") {
        m.sign_in("alice");
        CHECK(m.on_signaling_lost().empty());
        CHECK(m.queued_messages() == 0);
        CHECK(m.on_signaling_open().empty());
    }
    SECTION("after being signed out by the server, Sign in opens a new socket") {
        m.on_signaling_open();
        m.signed_in(login_reply("alice"));
        m.signed_out({});
        m.on_signaling_lost();  // the server closes the socket
        auto out = m.sign_in("alice");
        CHECK(has<act::connect_signaling>(out));
        CHECK(m.queued_messages() == 1);
        CHECK(sent<proto::to_server::login>(m.on_signaling_open()).token == "tok-alice");
    }
    SECTION("a fresh sign-in drops what an old session queued") {
        auto c = caller_in_call();
        c.on_signaling_lost();
        c.hang_up();
        REQUIRE(c.queued_messages() == 1);
        c.signed_in(login_reply("carol"));
        CHECK(c.queued_messages() == 0);
        CHECK(c.self() == "carol");
    }
}

TEST_CASE("signaling link: on its own", "[signaling_link]") {
    call::signaling_link link;
    call::actions out;
    SECTION("signed out: nothing to restore when the socket closes") {
        CHECK(link.on_socket_closed(false) == std::nullopt);
        CHECK(link.state() == call::signaling::signed_out);
    }
    SECTION("online, then lost: reconnecting with backoff; the login after it is due") {
        link.on_signed_in(login_reply("alice"), out);
        CHECK(link.state() == call::signaling::online);
        CHECK(link.socket_open());
        CHECK(*link.on_socket_closed(false) <= call::reconnect_first_window_ms);
        CHECK(link.state() == call::signaling::reconnecting);
        CHECK(link.on_reconnect_due(false));  // a try starts
        link.send(proto::to_server::refresh_ice{}, out);
        CHECK(out.empty());
        CHECK(link.on_socket_open(out));  // open, but the queue waits for the login
        CHECK(out.empty());
        link.send_now(link.login_request("alice", "bob"), out);
        auto l = sent<proto::to_server::login>(out);
        CHECK(l.partner == "bob");
        CHECK(l.token == "tok-alice");
        out.clear();
        link.on_signed_in(login_reply("alice"), out);
        CHECK(sends<proto::to_server::refresh_ice>(out).size() == 1);
        CHECK(link.queued() == 0);
    }
    SECTION("nothing is sent on a socket that is not open") {
        link.send_now(proto::to_server::refresh_ice{}, out);
        CHECK(out.empty());
    }
}
