// One machine, every transition: each input is fed by hand and the actions checked.
// call_machine_pair.tests.cpp runs two machines against each other.
#include "call/call_machine.hpp"

#include <catch2/catch.hpp>

using namespace duet;
using call::call_machine;
using call::state;
using call::timer;
namespace act = call::act;
namespace proto = protocol;
using json = proto::json;
using proto::end_reason;

namespace {

template <class T>
std::vector<T> all_of(call::actions const& out) {
    std::vector<T> found;
    for (auto const& a : out) {
        if (auto const* p = std::get_if<T>(&a)) found.push_back(*p);
    }
    return found;
}

template <class T>
bool has(call::actions const& out) {
    return !all_of<T>(out).empty();
}

template <class T>
T only(call::actions const& out) {
    auto found = all_of<T>(out);
    REQUIRE(found.size() == 1);
    return found.front();
}

// The protocol messages of all `send` actions of type M.
template <class M>
std::vector<M> sends(call::actions const& out) {
    std::vector<M> found;
    for (auto const& s : all_of<act::send>(out)) {
        if (auto const* m = std::get_if<M>(&s.message)) found.push_back(*m);
    }
    return found;
}

// The protocol message of the only `send` action, as type M.
template <class M>
M sent(call::actions const& out) {
    auto s = only<act::send>(out);
    auto const* m = std::get_if<M>(&s.message);
    REQUIRE(m != nullptr);
    return *m;
}

std::string last_status(call::actions const& out) {
    auto found = all_of<act::set_status>(out);
    REQUIRE(!found.empty());
    return found.back().text;
}

bool starts(call::actions const& out, timer t, int ms = -1) {
    for (auto const& s : all_of<act::start_timer>(out)) {
        if (s.which == t && (ms < 0 || s.ms == ms)) return true;
    }
    return false;
}

bool cancels(call::actions const& out, timer t) {
    for (auto const& c : all_of<act::cancel_timer>(out)) {
        if (c.which == t) return true;
    }
    return false;
}

json sdp(char const* type) { return json{{"type", type}, {"sdp", std::string("v=0 ") + type}}; }
json cand(int n) { return json{{"candidate", "candidate:" + std::to_string(n)}, {"sdpMid", "0"}}; }

proto::to_client::offer offer_from(std::string from) { return {std::move(from), sdp("offer")}; }
proto::to_client::answer answer_from(std::string from) { return {std::move(from), sdp("answer")}; }
proto::to_client::candidate candidate_from(std::string from, int n) {
    return {std::move(from), cand(n)};
}
proto::to_client::leave leave_from(std::string from, end_reason r = end_reason::hung_up) {
    return {std::move(from), r};
}
proto::to_client::error error_about(proto::error_code code, std::string user,
                                    std::string text = "message") {
    return proto::to_client::make_error(code, std::move(text), std::move(user));
}

proto::to_client::login_result login_reply(std::string name) {
    proto::to_client::login_result r;
    r.success = true;
    r.name = std::move(name);
    r.token = "tok-" + r.name;
    r.ring_timeout = 20;
    r.lost_timeout = 15;
    r.ice_transport_policy = "all";
    r.ice_servers = {{{"turn:turn.example:3478"}, "u", "p"}};
    return r;
}

// Signed in with a login reply that sets the timeouts (20 s ring, 15 s lost).
call_machine signed_machine(std::string name = "alice") {
    call_machine m;
    m.signed_in(login_reply(std::move(name)));
    return m;
}

// Signed in, camera already granted (by an earlier call).
call_machine ready_machine(std::string name = "alice") {
    auto m = signed_machine(std::move(name));
    m.on_media_ready();
    return m;
}

// alice rang bob; bob accepted; her connection and offer are being made.
call_machine caller_connecting(call::pc_id* pc = nullptr) {
    auto m = ready_machine();
    m.call("bob");
    auto out = m.on_accept({"bob"});
    auto id = only<act::create_peer_connection>(out).pc;
    if (pc) *pc = id;
    return m;
}

// ... and her offer has gone out.
call_machine caller_offer_sent(call::pc_id* pc = nullptr) {
    call::pc_id id = 0;
    auto m = caller_connecting(&id);
    m.on_local_description(id, sdp("offer"));
    if (pc) *pc = id;
    return m;
}

// alice in a call with bob, as the caller.
call_machine caller_in_call(call::pc_id* pc = nullptr) {
    call::pc_id id = 0;
    auto m = caller_offer_sent(&id);
    m.on_answer(answer_from("bob"));
    m.on_remote_description_applied(id);
    m.on_connected(id);
    REQUIRE(m.current_state() == state::in_call);
    if (pc) *pc = id;
    return m;
}

// alice accepted bob's ring, has her camera, and is answering his offer.
call_machine callee_answering(call::pc_id* pc = nullptr) {
    auto m = ready_machine();
    m.on_call({"bob"});
    m.accept();
    auto out = m.on_offer(offer_from("bob"));
    auto id = only<act::create_peer_connection>(out).pc;
    if (pc) *pc = id;
    return m;
}

// alice in a call with bob, as the callee.
call_machine callee_in_call(call::pc_id* pc = nullptr) {
    call::pc_id id = 0;
    auto m = callee_answering(&id);
    m.on_remote_description_applied(id);
    m.on_local_description(id, sdp("answer"));
    m.on_connected(id);
    REQUIRE(m.current_state() == state::in_call);
    if (pc) *pc = id;
    return m;
}

}  // namespace

TEST_CASE("call machine: names and constants", "[call_machine]") {
    CHECK(call::to_string(state::idle) == "idle");
    CHECK(call::to_string(state::ringing_out) == "ringing_out");
    CHECK(call::to_string(state::ringing_in) == "ringing_in");
    CHECK(call::to_string(state::connecting) == "connecting");
    CHECK(call::to_string(state::in_call) == "in_call");
    CHECK(call::to_string(state::ended) == "ended");
    CHECK(call::to_string(timer::ice_grace) == "ice_grace");

    SECTION("reconnect backoff: 0, 0.5, 1, 2, 4 s, then every 5 s") {
        CHECK(call::reconnect_delay_ms(0) == 0);
        CHECK(call::reconnect_delay_ms(1) == 500);
        CHECK(call::reconnect_delay_ms(2) == 1000);
        CHECK(call::reconnect_delay_ms(3) == 2000);
        CHECK(call::reconnect_delay_ms(4) == 4000);
        CHECK(call::reconnect_delay_ms(5) == 5000);
        CHECK(call::reconnect_delay_ms(500) == 5000);
    }
    SECTION("the glare rule picks exactly one polite side") {
        CHECK(call::is_polite("bob", "alice"));
        CHECK_FALSE(call::is_polite("alice", "bob"));
    }
}

TEST_CASE("call machine: signing in", "[call_machine]") {
    call_machine m;

    SECTION("the login declares ring and presence; no token or peer the first time") {
        auto l = m.login_request("alice");
        CHECK(l.name == "alice");
        CHECK(l.token.empty());
        CHECK(l.peer.empty());
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
        CHECK(m.login_request("alice").token == "tok-alice");
        CHECK(m.login_request("carol").token.empty());
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
        CHECK(in_call.peer().empty());
    }
}

TEST_CASE("call machine: the caller rings", "[call_machine]") {
    auto m = signed_machine();

    SECTION("idle -> ringing_out: sends call, starts the ring timer, asks for the camera") {
        auto out = m.call("bob");
        CHECK(m.current_state() == state::ringing_out);
        CHECK(m.current_role() == call::role::caller);
        CHECK(m.peer() == "bob");
        CHECK(sent<proto::to_server::call>(out).to == "bob");
        CHECK(starts(out, timer::ring, 20000));
        CHECK(has<act::request_media>(out));
        CHECK_FALSE(has<act::create_peer_connection>(out));
        CHECK(last_status(out) == "Calling bob...");
    }
    SECTION("an empty name is refused without a call") {
        auto out = m.call("");
        CHECK(m.current_state() == state::idle);
        CHECK(last_status(out) == "Enter the name of the user to call");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("an invalid name shows the validation message") {
        auto out = m.call(" bob");
        CHECK(m.current_state() == state::idle);
        CHECK(last_status(out) == "Name must not start or end with a space");
    }
    SECTION("calling yourself is refused without a call") {
        auto out = m.call("alice");
        CHECK(m.current_state() == state::idle);
        CHECK(last_status(out) == "You cannot call yourself");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("a second call while ringing is ignored") {
        m.call("bob");
        CHECK(m.call("carol").empty());
        CHECK(m.peer() == "bob");
    }
    SECTION("the camera is asked for once, not again on the next call") {
        m.call("bob");
        m.cancel();
        CHECK_FALSE(has<act::request_media>(m.call("bob")));
    }
    SECTION("accept: ringing_out -> connecting, connection and offer") {
        m.call("bob");
        m.on_media_ready();
        auto out = m.on_accept({"bob"});
        CHECK(m.current_state() == state::connecting);
        CHECK(cancels(out, timer::ring));
        CHECK(starts(out, timer::lost, 15000));
        auto pc = only<act::create_peer_connection>(out).pc;
        auto offer = only<act::create_offer>(out);
        CHECK(offer.pc == pc);
        CHECK_FALSE(offer.ice_restart);
        CHECK(last_status(out) == "Connecting to bob...");
        auto sent_out = m.on_local_description(pc, sdp("offer"));
        auto o = sent<proto::to_server::offer>(sent_out);
        CHECK(o.to == "bob");
        CHECK(o.sdp == sdp("offer"));
    }
    SECTION("accepted before the camera is ready: the offer waits for it") {
        m.call("bob");
        auto out = m.on_accept({"bob"});
        CHECK(m.current_state() == state::connecting);
        CHECK_FALSE(has<act::create_peer_connection>(out));
        auto later = m.on_media_ready();
        auto pc = only<act::create_peer_connection>(later).pc;
        CHECK(only<act::create_offer>(later).pc == pc);
    }
    SECTION("denied camera: the call goes ahead receive-only") {
        m.call("bob");
        m.on_accept({"bob"});
        auto later = m.on_media_denied();
        CHECK(has<act::create_peer_connection>(later));
        CHECK(has<act::create_offer>(later));
        CHECK(all_of<act::set_status>(later).front().text == "Camera or microphone denied");
    }
    SECTION("an accept from someone else, or when not ringing, is ignored") {
        CHECK(m.on_accept({"bob"}).empty());
        m.call("bob");
        CHECK(m.on_accept({"mallory"}).empty());
        CHECK(m.current_state() == state::ringing_out);
    }
    SECTION("Cancel while ringing: leave{cancelled}, ended") {
        m.call("bob");
        auto out = m.cancel();
        CHECK(m.current_state() == state::ended);
        auto l = sent<proto::to_server::leave>(out);
        CHECK(l.to == "bob");
        CHECK(l.reason == end_reason::cancelled);
        CHECK(cancels(out, timer::ring));
        CHECK(last_status(out) == "Cancelled the call to bob");
        CHECK(m.peer().empty());
    }
    SECTION("Hang Up while ringing is Cancel") {
        m.call("bob");
        auto out = m.hang_up();
        CHECK(sent<proto::to_server::leave>(out).reason == end_reason::cancelled);
    }
    SECTION("Cancel while connecting closes the connection") {
        call::pc_id pc = 0;
        auto c = caller_connecting(&pc);
        auto out = c.cancel();
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(sent<proto::to_server::leave>(out).reason == end_reason::cancelled);
        CHECK(cancels(out, timer::lost));
    }
    SECTION("no answer within ringTimeout: leave{no_answer}, \"No answer from bob\"") {
        m.call("bob");
        auto out = m.on_timer(timer::ring);
        CHECK(m.current_state() == state::ended);
        auto l = sent<proto::to_server::leave>(out);
        CHECK(l.to == "bob");
        CHECK(l.reason == end_reason::no_answer);
        CHECK(last_status(out) == "No answer from bob");
        CHECK(m.on_timer(timer::ring).empty());  // fires once
    }
    SECTION("the callee declines") {
        m.call("bob");
        auto out = m.on_leave(leave_from("bob", end_reason::declined));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob declined");
        CHECK(cancels(out, timer::ring));
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("the callee is busy (server error)") {
        m.call("bob");
        auto out = m.on_error(error_about(proto::error_code::busy, "bob"));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob is busy");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("the callee is busy (its client's leave)") {
        m.call("bob");
        CHECK(last_status(m.on_leave(leave_from("bob", end_reason::busy))) == "bob is busy");
    }
    SECTION("the callee's ring timed out on its side first") {
        m.call("bob");
        CHECK(last_status(m.on_leave(leave_from("bob", end_reason::no_answer))) ==
              "No answer from bob");
    }
    SECTION("the callee is not online: back to idle") {
        m.call("bob");
        auto out = m.on_error(error_about(proto::error_code::not_online, "bob"));
        CHECK(m.current_state() == state::idle);
        CHECK(m.peer().empty());
        CHECK(last_status(out) == "bob is not online");
        CHECK(cancels(out, timer::ring));
    }
    SECTION("the server says we are already in a call") {
        m.call("bob");
        auto out = m.on_error(
            error_about(proto::error_code::already_in_call, "", "You are in a call already"));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "You are in a call already");
    }
    SECTION("a self_call error from the server ends the attempt") {
        m.call("bob");
        auto out = m.on_error(
            error_about(proto::error_code::self_call, "bob", "You cannot call yourself"));
        CHECK(m.current_state() == state::idle);
        CHECK(last_status(out) == "You cannot call yourself");
    }
}

TEST_CASE("call machine: the callee's phone rings", "[call_machine]") {
    auto m = signed_machine();

    SECTION("call -> ringing_in: ring timer, no camera, no connection, nothing sent") {
        auto out = m.on_call({"bob"});
        CHECK(m.current_state() == state::ringing_in);
        CHECK(m.current_role() == call::role::callee);
        CHECK(m.peer() == "bob");
        CHECK(starts(out, timer::ring, 20000));
        CHECK_FALSE(has<act::request_media>(out));
        CHECK_FALSE(has<act::create_peer_connection>(out));
        CHECK_FALSE(has<act::send>(out));
        CHECK(last_status(out) == "bob is calling...");
    }
    SECTION("Accept: sends accept, asks for the camera now, answers the offer") {
        m.on_call({"bob"});
        auto out = m.accept();
        CHECK(m.current_state() == state::connecting);
        CHECK(sent<proto::to_server::accept>(out).to == "bob");
        CHECK(cancels(out, timer::ring));
        CHECK(starts(out, timer::lost, 15000));
        CHECK(has<act::request_media>(out));
        CHECK_FALSE(has<act::create_peer_connection>(out));
        CHECK(last_status(out) == "Connecting to bob...");

        // The offer arrives before the camera is granted: it waits for it.
        CHECK(m.on_offer(offer_from("bob")).empty());
        auto later = m.on_media_ready();
        auto pc = only<act::create_peer_connection>(later).pc;
        auto srd = only<act::set_remote_description>(later);
        CHECK(srd.pc == pc);
        CHECK(srd.sdp == sdp("offer"));

        auto applied = m.on_remote_description_applied(pc);
        CHECK(only<act::create_answer>(applied).pc == pc);
        auto answered = m.on_local_description(pc, sdp("answer"));
        auto a = sent<proto::to_server::answer>(answered);
        CHECK(a.to == "bob");
        CHECK(a.sdp == sdp("answer"));
        auto connected = m.on_connected(pc);
        CHECK(m.current_state() == state::in_call);
        CHECK(cancels(connected, timer::lost));
        CHECK(last_status(connected) == "Connected to bob");
    }
    SECTION("with the camera already granted the offer is applied on arrival") {
        m.on_media_ready();
        m.on_call({"bob"});
        m.accept();
        auto out = m.on_offer(offer_from("bob"));
        auto pc = only<act::create_peer_connection>(out).pc;
        CHECK(only<act::set_remote_description>(out).pc == pc);
    }
    SECTION("Decline: leave{declined}, ended, no camera") {
        m.on_call({"bob"});
        auto out = m.decline();
        CHECK(m.current_state() == state::ended);
        auto l = sent<proto::to_server::leave>(out);
        CHECK(l.to == "bob");
        CHECK(l.reason == end_reason::declined);
        CHECK(cancels(out, timer::ring));
        CHECK_FALSE(has<act::request_media>(out));
        CHECK(last_status(out) == "Declined the call from bob");
    }
    SECTION("Hang Up while ringing is Decline") {
        m.on_call({"bob"});
        CHECK(sent<proto::to_server::leave>(m.hang_up()).reason == end_reason::declined);
    }
    SECTION("ringing longer than ringTimeout: a missed call") {
        m.on_call({"bob"});
        auto out = m.on_timer(timer::ring);
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Missed call from bob");
        CHECK(sent<proto::to_server::leave>(out).reason == end_reason::no_answer);
    }
    SECTION("the caller cancels: a missed call") {
        m.on_call({"bob"});
        auto out = m.on_leave(leave_from("bob", end_reason::cancelled));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Missed call from bob");
        CHECK(cancels(out, timer::ring));
    }
    SECTION("the caller gave up on its side (no_answer): a missed call") {
        m.on_call({"bob"});
        CHECK(last_status(m.on_leave(leave_from("bob", end_reason::no_answer))) ==
              "Missed call from bob");
    }
    SECTION("the caller cancels after Accept: \"bob cancelled\"") {
        m.on_call({"bob"});
        m.accept();
        auto out = m.on_leave(leave_from("bob", end_reason::cancelled));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob cancelled");
        CHECK(cancels(out, timer::lost));
    }
    SECTION("our accept came too late: not_ringing") {
        m.on_call({"bob"});
        m.accept();
        auto out = m.on_error(error_about(proto::error_code::not_ringing, "bob"));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Missed call from bob");
    }
    SECTION("Accept, Decline and Cancel do nothing when nothing rings") {
        CHECK(m.accept().empty());
        CHECK(m.decline().empty());
        CHECK(m.cancel().empty());
        CHECK(m.hang_up().empty());
    }
    SECTION("a repeated ring from the same caller is ignored") {
        m.on_call({"bob"});
        CHECK(m.on_call({"bob"}).empty());
        CHECK(m.current_state() == state::ringing_in);
    }
    SECTION("a ring from ourselves is ignored") { CHECK(m.on_call({"alice"}).empty()); }
    SECTION("a ring after a call ended rings again") {
        m.on_call({"bob"});
        m.decline();
        m.on_call({"carol"});
        CHECK(m.current_state() == state::ringing_in);
        CHECK(m.peer() == "carol");
    }
}

TEST_CASE("call machine: a tutorial-style offer rings too", "[call_machine]") {
    auto m = signed_machine();

    SECTION("offer while idle -> ringing_in, nothing applied before Accept") {
        auto out = m.on_offer(offer_from("tut"));
        CHECK(m.current_state() == state::ringing_in);
        CHECK(m.peer() == "tut");
        CHECK(starts(out, timer::ring));
        CHECK_FALSE(has<act::create_peer_connection>(out));
        CHECK_FALSE(has<act::request_media>(out));
        CHECK_FALSE(has<act::send>(out));
        // Its candidates follow at once; they wait.
        CHECK(m.on_candidate(candidate_from("tut", 1)).empty());
        CHECK(m.queued_remote_candidates() == 1);
    }
    SECTION("Accept applies the offer: no accept message, which a tutorial page cannot read") {
        m.on_offer(offer_from("tut"));
        m.on_candidate(candidate_from("tut", 1));
        auto out = m.accept();
        CHECK(sends<proto::to_server::accept>(out).empty());
        CHECK(has<act::request_media>(out));
        CHECK(m.current_state() == state::connecting);
        auto later = m.on_media_ready();
        auto pc = only<act::create_peer_connection>(later).pc;
        CHECK(only<act::set_remote_description>(later).sdp == sdp("offer"));
        auto applied = m.on_remote_description_applied(pc);
        CHECK(has<act::create_answer>(applied));
        CHECK(only<act::add_ice_candidate>(applied).candidate == cand(1));
        auto answered = m.on_local_description(pc, sdp("answer"));
        CHECK(sent<proto::to_server::answer>(answered).to == "tut");
    }
    SECTION("a newer offer while ringing replaces the first") {
        m.on_offer(offer_from("tut"));
        auto second = proto::to_client::offer{"tut", sdp("offer2")};
        CHECK(m.on_offer(second).empty());
        m.on_media_ready();
        auto out = m.accept();
        CHECK(only<act::set_remote_description>(out).sdp == sdp("offer2"));
    }
    SECTION("Decline sends leave{declined}") {
        m.on_offer(offer_from("tut"));
        CHECK(sent<proto::to_server::leave>(m.decline()).reason == end_reason::declined);
    }
    SECTION("an offer from a stranger during a call is refused as busy") {
        call::pc_id pc = 0;
        auto c = callee_answering(&pc);
        auto out = c.on_offer(offer_from("carol"));
        auto l = sent<proto::to_server::leave>(out);
        CHECK(l.to == "carol");
        CHECK(l.reason == end_reason::busy);
        CHECK_FALSE(has<act::close_peer_connection>(out));
        CHECK(c.peer() == "bob");
        CHECK(c.current_pc() == pc);
    }
}

TEST_CASE("call machine: missed calls", "[call_machine]") {
    auto m = signed_machine();

    SECTION("missed{X}: the notice, and nothing else changes") {
        auto out = m.on_missed({"carol"});
        CHECK(only<act::missed_call>(out).from == "carol");
        CHECK(m.current_state() == state::idle);
    }
    SECTION("a ring from a stranger during a call: refused as busy, noticed") {
        auto c = caller_in_call();
        auto out = c.on_call({"carol"});
        auto l = sent<proto::to_server::leave>(out);
        CHECK(l.to == "carol");
        CHECK(l.reason == end_reason::busy);
        CHECK(only<act::missed_call>(out).from == "carol");
        CHECK(c.current_state() == state::in_call);
        CHECK(c.peer() == "bob");
    }
    SECTION("not signed in: ignored") {
        call_machine fresh;
        CHECK(fresh.on_missed({"carol"}).empty());
    }
}

TEST_CASE("call machine: glare, both ring at once", "[call_machine]") {
    SECTION("the polite side gives up its ring and accepts the other's") {
        auto m = ready_machine("bob");  // bob > alice: polite
        m.call("alice");
        auto out = m.on_call({"alice"});
        CHECK(sent<proto::to_server::accept>(out).to == "alice");
        CHECK(sends<proto::to_server::leave>(out).empty());  // the link stays
        CHECK(cancels(out, timer::ring));
        CHECK(m.current_state() == state::connecting);
        CHECK(m.current_role() == call::role::callee);
        CHECK_FALSE(has<act::create_peer_connection>(out));  // waits for alice's offer
        auto offered = m.on_offer(offer_from("alice"));
        CHECK(has<act::create_peer_connection>(offered));
    }
    SECTION("the impolite side ignores the other's ring and waits for its accept") {
        auto m = ready_machine("alice");
        m.call("bob");
        CHECK(m.on_call({"bob"}).empty());
        CHECK(m.current_state() == state::ringing_out);
        CHECK(m.timer_running(timer::ring));
        auto out = m.on_accept({"bob"});
        CHECK(m.current_state() == state::connecting);
        CHECK(m.current_role() == call::role::caller);
        CHECK(has<act::create_offer>(out));
    }
    SECTION("a tutorial client's offer crossing our ring: the polite side answers it") {
        auto m = ready_machine("tut");  // tut > alice
        m.call("alice");
        auto out = m.on_offer(offer_from("alice"));
        CHECK(m.current_state() == state::connecting);
        CHECK(m.current_role() == call::role::callee);
        CHECK(has<act::set_remote_description>(out));
        CHECK(sends<proto::to_server::accept>(out).empty());
    }
    SECTION("... and the impolite side ignores it") {
        auto m = ready_machine("alice");
        m.call("tut");
        CHECK(m.on_offer(offer_from("tut")).empty());
        CHECK(m.current_state() == state::ringing_out);
    }
}

TEST_CASE("call machine: caller side of the connection", "[call_machine]") {
    call::pc_id pc = 0;
    auto m = caller_offer_sent(&pc);

    SECTION("the answer is applied, then connecting -> in_call on connect") {
        auto out = m.on_answer(answer_from("bob"));
        auto srd = only<act::set_remote_description>(out);
        CHECK(srd.pc == pc);
        CHECK(srd.sdp == sdp("answer"));
        CHECK_FALSE(has<act::create_answer>(m.on_remote_description_applied(pc)));
        CHECK(m.current_state() == state::connecting);
        auto connected = m.on_connected(pc);
        CHECK(m.current_state() == state::in_call);
        CHECK(last_status(connected) == "Connected to bob");
        CHECK(cancels(connected, timer::lost));
    }
    SECTION("an answer from someone else is ignored") {
        CHECK(m.on_answer(answer_from("mallory")).empty());
    }
    SECTION("a second answer is ignored") {
        m.on_answer(answer_from("bob"));
        CHECK(m.on_answer(answer_from("bob")).empty());  // still being applied
        m.on_remote_description_applied(pc);
        CHECK(m.on_answer(answer_from("bob")).empty());
    }
    SECTION("the peer hangs up while connecting") {
        auto out = m.on_leave(leave_from("bob"));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob hung up");
        CHECK(only<act::close_peer_connection>(out).pc == pc);
    }
    SECTION("a failed setup step ends the call and tells the peer") {
        auto out = m.on_failed(pc, "bad SDP");
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Call with bob failed: bad SDP");
        CHECK(sent<proto::to_server::leave>(out).reason == end_reason::connection_lost);
    }
    SECTION("ICE failing before it ever connected ends the call") {
        auto out = m.on_connection_failed(pc);
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Could not connect to bob");
        CHECK(sent<proto::to_server::leave>(out).reason == end_reason::connection_lost);
    }
    SECTION("not connected within lostTimeout: connection lost") {
        auto out = m.on_timer(timer::lost);
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Connection lost");
        CHECK(sent<proto::to_server::leave>(out).reason == end_reason::connection_lost);
    }
    SECTION("disconnected while connecting waits for failed or lost") {
        CHECK(m.on_disconnected(pc).empty());
    }
    SECTION("not_online while connecting keeps the call: the peer may be reconnecting") {
        auto out = m.on_error(error_about(proto::error_code::not_online, "bob"));
        CHECK(out.empty());
        CHECK(m.current_state() == state::connecting);
    }
}

TEST_CASE("call machine: ICE candidates", "[call_machine]") {
    SECTION("remote candidates before the remote description are queued, then applied") {
        call::pc_id pc = 0;
        auto m = caller_offer_sent(&pc);
        CHECK(m.on_candidate(candidate_from("bob", 1)).empty());
        CHECK(m.on_candidate(candidate_from("bob", 2)).empty());
        CHECK(m.queued_remote_candidates() == 2);
        m.on_answer(answer_from("bob"));
        CHECK(m.on_candidate(candidate_from("bob", 3)).empty());  // still being applied
        auto out = m.on_remote_description_applied(pc);
        auto added = all_of<act::add_ice_candidate>(out);
        REQUIRE(added.size() == 3);
        CHECK(added[0].candidate == cand(1));
        CHECK(added[2].candidate == cand(3));
        CHECK(m.queued_remote_candidates() == 0);
        auto direct = m.on_candidate(candidate_from("bob", 4));
        CHECK(only<act::add_ice_candidate>(direct).candidate == cand(4));
    }
    SECTION("remote candidates from a stranger are ignored") {
        auto m = caller_offer_sent();
        CHECK(m.on_candidate(candidate_from("mallory", 1)).empty());
        CHECK(m.queued_remote_candidates() == 0);
    }
    SECTION("the remote queue is bounded") {
        auto m = caller_offer_sent();
        for (int i = 0; i < int(call::max_queued_candidates) + 10; ++i) {
            m.on_candidate(candidate_from("bob", i));
        }
        CHECK(m.queued_remote_candidates() == call::max_queued_candidates);
    }
    SECTION("local candidates wait until the offer is sent") {
        call::pc_id pc = 0;
        auto m = caller_connecting(&pc);
        CHECK(m.on_ice_candidate(pc, cand(1)).empty());
        CHECK(m.queued_local_candidates() == 1);
        auto out = m.on_local_description(pc, sdp("offer"));
        auto s = all_of<act::send>(out);
        REQUIRE(s.size() == 2);
        CHECK(std::holds_alternative<proto::to_server::offer>(s[0].message));
        auto const& c = std::get<proto::to_server::candidate>(s[1].message);
        CHECK(c.to == "bob");
        CHECK(c.candidate == cand(1));
        auto later = m.on_ice_candidate(pc, cand(2));
        CHECK(sent<proto::to_server::candidate>(later).candidate == cand(2));
    }
    SECTION("the callee's candidates wait for its answer") {
        call::pc_id pc = 0;
        auto m = callee_answering(&pc);
        m.on_remote_description_applied(pc);
        CHECK(m.on_ice_candidate(pc, cand(7)).empty());
        auto out = m.on_local_description(pc, sdp("answer"));
        CHECK(all_of<act::send>(out).size() == 2);
    }
    SECTION("candidates after the call ended are ignored") {
        auto m = caller_offer_sent();
        m.hang_up();
        CHECK(m.on_candidate(candidate_from("bob", 1)).empty());
    }
}

TEST_CASE("call machine: in a call", "[call_machine]") {
    call::pc_id pc = 0;
    auto m = caller_in_call(&pc);

    SECTION("hang up: in_call -> ended, peer told, connection closed") {
        auto out = m.hang_up();
        CHECK(m.current_state() == state::ended);
        CHECK(m.peer().empty());
        auto l = sent<proto::to_server::leave>(out);
        CHECK(l.to == "bob");
        CHECK(l.reason == end_reason::hung_up);
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(last_status(out) == "Call with bob ended");
    }
    SECTION("the peer hangs up: \"bob hung up\", no leave back") {
        auto out = m.on_leave(leave_from("bob"));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob hung up");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("the peer lost the connection: \"Connection lost\"") {
        auto out = m.on_leave(leave_from("bob", end_reason::connection_lost));
        CHECK(last_status(out) == "Connection lost");
    }
    SECTION("a leave from a stranger does not end the call") {
        CHECK(m.on_leave(leave_from("mallory")).empty());
        CHECK(m.on_leave(leave_from("")).empty());
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("Cancel does not end a connected call") { CHECK(m.cancel().empty()); }
    SECTION("connected again is not a new transition") { CHECK(m.on_connected(pc).empty()); }
    SECTION("pressing Call during a call does nothing") { CHECK(m.call("carol").empty()); }
    SECTION("a ring from the peer during the call is ignored") {
        CHECK(m.on_call({"bob"}).empty());
    }
    SECTION("a stale error about someone else is ignored") {
        CHECK(m.on_error(error_about(proto::error_code::not_online, "carol")).empty());
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("a general server error only shows its message") {
        auto out = m.on_error(
            proto::to_client::make_error(proto::error_code::invalid_message, "Bad message"));
        CHECK(last_status(out) == "Bad message");
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("a failed renegotiation step does not end the call") {
        CHECK(m.on_failed(pc, "setRemoteDescription: wrong state").empty());
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("after it ended, a new call can start, and old results cannot touch it") {
        m.hang_up();
        m.call("bob");
        auto out = m.on_accept({"bob"});
        auto next = only<act::create_peer_connection>(out).pc;
        CHECK(next != pc);
        CHECK(m.on_connected(pc).empty());
        CHECK(m.on_disconnected(pc).empty());
        CHECK(m.on_connection_failed(pc).empty());
        CHECK(m.on_failed(pc, "x").empty());
        CHECK(m.on_ice_candidate(pc, cand(1)).empty());
        CHECK(m.on_local_description(pc, sdp("offer")).empty());
        CHECK(m.on_remote_description_applied(pc).empty());
        CHECK(m.current_state() == state::connecting);
    }
}

TEST_CASE("call machine: renegotiation inside a call (perfect negotiation)", "[call_machine]") {
    SECTION("an offer from the peer is answered on the same connection") {
        call::pc_id pc = 0;
        auto m = callee_in_call(&pc);
        auto out = m.on_offer(offer_from("bob"));
        CHECK_FALSE(has<act::create_peer_connection>(out));
        CHECK(only<act::set_remote_description>(out).pc == pc);
        CHECK(m.on_candidate(candidate_from("bob", 9)).empty());  // waits for the description
        auto applied = m.on_remote_description_applied(pc);
        CHECK(only<act::create_answer>(applied).pc == pc);
        CHECK(only<act::add_ice_candidate>(applied).candidate == cand(9));
        auto answered = m.on_local_description(pc, sdp("answer"));
        CHECK(sent<proto::to_server::answer>(answered).to == "bob");
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("the impolite side ignores an offer that collides with its own") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);  // alice < bob: impolite
        m.on_connection_failed(pc);    // starts an ICE restart offer
        CHECK(m.on_offer(offer_from("bob")).empty());
        // Its own offer still goes out and takes the answer.
        auto offered = m.on_local_description(pc, sdp("offer"));
        CHECK(sends<proto::to_server::offer>(offered).size() == 1);
        CHECK(has<act::set_remote_description>(m.on_answer(answer_from("bob"))));
    }
    SECTION("the polite side rolls its offer back and answers the other's") {
        call::pc_id pc = 0;
        auto m = ready_machine("bob");  // bob > alice: polite
        m.call("alice");
        m.on_accept({"alice"});
        pc = m.current_pc();
        m.on_local_description(pc, sdp("offer"));
        m.on_answer(answer_from("alice"));
        m.on_remote_description_applied(pc);
        m.on_connected(pc);
        REQUIRE(m.current_state() == state::in_call);
        m.on_connection_failed(pc);  // bob's restart offer is being made
        auto out = m.on_offer(offer_from("alice"));
        CHECK(only<act::set_remote_description>(out).pc == pc);
        // The rolled-back offer's description, should it still arrive, is not sent.
        CHECK(m.on_local_description(pc, sdp("offer")).empty());
        CHECK(has<act::create_answer>(m.on_remote_description_applied(pc)));
        CHECK(sends<proto::to_server::answer>(m.on_local_description(pc, sdp("answer"))).size() ==
              1);
        // An answer to the rolled-back offer is not applied.
        CHECK(m.on_answer(answer_from("alice")).empty());
    }
    SECTION("an answer nobody asked for is ignored") {
        auto m = callee_in_call();
        CHECK(m.on_answer(answer_from("bob")).empty());
    }
}

TEST_CASE("call machine: ICE restart and lost connections", "[call_machine]") {
    SECTION("caller: disconnected for 2 s -> createOffer with iceRestart") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        auto out = m.on_disconnected(pc);
        CHECK(m.media_interrupted());
        CHECK(m.current_state() == state::in_call);
        CHECK(starts(out, timer::ice_grace, call::ice_grace_ms));
        CHECK(starts(out, timer::lost, 15000));
        CHECK_FALSE(has<act::create_offer>(out));
        CHECK(last_status(out) == "Connection to bob interrupted; restoring it...");

        auto fired = m.on_timer(timer::ice_grace);
        auto offer = only<act::create_offer>(fired);
        CHECK(offer.pc == pc);
        CHECK(offer.ice_restart);
        CHECK(starts(fired, timer::ice_grace));  // tried again if it does not help
        auto sent_out = m.on_local_description(pc, sdp("offer"));
        CHECK(sent<proto::to_server::offer>(sent_out).to == "bob");
        m.on_answer(answer_from("bob"));
        m.on_remote_description_applied(pc);

        auto back = m.on_connected(pc);
        CHECK_FALSE(m.media_interrupted());
        CHECK(cancels(back, timer::ice_grace));
        CHECK(cancels(back, timer::lost));
        CHECK(last_status(back) == "Connected to bob");
    }
    SECTION("caller: failed -> restart at once") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        auto out = m.on_connection_failed(pc);
        CHECK(only<act::create_offer>(out).ice_restart);
        CHECK(starts(out, timer::lost));
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("only one restart offer at a time") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_connection_failed(pc);
        CHECK_FALSE(has<act::create_offer>(m.on_timer(timer::ice_grace)));
    }
    SECTION("a restart offer that found the peer offline is tried again") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_connection_failed(pc);
        m.on_local_description(pc, sdp("offer"));
        CHECK(m.on_error(error_about(proto::error_code::not_online, "bob")).empty());
        CHECK(m.current_state() == state::in_call);
        CHECK(only<act::create_offer>(m.on_timer(timer::ice_grace)).ice_restart);
    }
    SECTION("callee: never restarts, but gives up after lostTimeout") {
        call::pc_id pc = 0;
        auto m = callee_in_call(&pc);
        auto out = m.on_disconnected(pc);
        CHECK(starts(out, timer::lost, 15000));
        CHECK_FALSE(has<act::create_offer>(m.on_timer(timer::ice_grace)));
        CHECK_FALSE(has<act::create_offer>(m.on_connection_failed(pc)));
        auto lost = m.on_timer(timer::lost);
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(lost) == "Connection lost");
        auto l = sent<proto::to_server::leave>(lost);
        CHECK(l.to == "bob");
        CHECK(l.reason == end_reason::connection_lost);
        CHECK(only<act::close_peer_connection>(lost).pc == pc);
    }
    SECTION("not connected again within lostTimeout: leave{connection_lost}") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_disconnected(pc);
        auto out = m.on_timer(timer::lost);
        CHECK(last_status(out) == "Connection lost");
        CHECK(sent<proto::to_server::leave>(out).reason == end_reason::connection_lost);
        CHECK(cancels(out, timer::ice_grace));
    }
    SECTION("a timer that was cancelled does nothing if its firing was already queued") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        m.on_disconnected(pc);
        m.on_connected(pc);
        CHECK(m.on_timer(timer::lost).empty());
        CHECK(m.on_timer(timer::ice_grace).empty());
        CHECK(m.current_state() == state::in_call);
    }
}

TEST_CASE("call machine: the signaling connection drops", "[call_machine]") {
    SECTION("not signed in: nothing to keep") {
        call_machine m;
        CHECK(m.on_signaling_lost().empty());
        CHECK(m.on_signaling_open().empty());
    }
    SECTION("in a call: the call is kept and a reconnect scheduled at once") {
        call::pc_id pc = 0;
        auto m = caller_in_call(&pc);
        auto out = m.on_signaling_lost();
        CHECK(m.reconnecting());
        CHECK(m.current_state() == state::in_call);
        CHECK(m.peer() == "bob");
        CHECK_FALSE(has<act::close_peer_connection>(out));
        CHECK(starts(out, timer::reconnect, 0));
        CHECK(has<act::connect_signaling>(m.on_timer(timer::reconnect)));
    }
    SECTION("each failed attempt waits longer: 0.5, 1, 2, 4, then 5 s") {
        auto m = caller_in_call();
        m.on_signaling_lost();
        for (int expected : {500, 1000, 2000, 4000, 5000, 5000}) {
            m.on_timer(timer::reconnect);
            CHECK(starts(m.on_signaling_lost(), timer::reconnect, expected));
        }
    }
    SECTION("the login after the reconnect carries the token and the peer") {
        auto m = caller_in_call();
        m.on_signaling_lost();
        auto out = m.on_signaling_open();
        auto l = sent<proto::to_server::login>(out);
        CHECK(l.name == "alice");
        CHECK(l.token == "tok-alice");
        CHECK(l.peer == "bob");
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
        CHECK_FALSE(cancels(back, timer::reconnect));  // it had fired
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
    SECTION("a refused login from the login screen is not the machine's business") {
        call_machine m;
        CHECK(m.on_login_failed({}).empty());
    }
}

TEST_CASE("call machine: TURN credentials are refreshed", "[call_machine]") {
    auto r = login_reply("alice");
    r.ice_ttl = 100;
    call_machine m;
    auto out = m.signed_in(r);
    CHECK(starts(out, timer::ice_refresh, 80000));  // 80% of iceTtl

    auto fired = m.on_timer(timer::ice_refresh);
    CHECK(std::holds_alternative<proto::to_server::refresh_ice>(only<act::send>(fired).message));

    proto::to_client::ice_servers fresh;
    fresh.servers = {{{"turn:turn.example:3478"}, "u2", "p2"}};
    fresh.ttl = 50;
    auto applied = m.on_ice_servers(fresh);
    auto ice = only<act::set_ice_servers>(applied);
    CHECK(ice.servers[0].username == "u2");
    CHECK(ice.transport_policy == "all");  // the login's policy stays
    CHECK(starts(applied, timer::ice_refresh, 40000));
}

TEST_CASE("call machine: presence", "[call_machine]") {
    using proto::to_client::availability;
    auto r = login_reply("alice");
    r.presence = true;
    call_machine m;
    m.signed_in(r);
    CHECK(m.presence_enabled());

    m.on_presence({true,
                   {{"carol", availability::available},
                    {"alice", availability::available},
                    {"bob", availability::busy}}});
    REQUIRE(m.roster().size() == 2);  // not ourselves, sorted by name
    CHECK(m.roster()[0].name == "bob");
    CHECK(m.roster()[0].status == availability::busy);
    CHECK(m.roster()[1].name == "carol");

    m.on_presence({false, {{"bob", availability::available}, {"dave", availability::busy}}});
    REQUIRE(m.roster().size() == 3);
    CHECK(m.roster()[0].status == availability::available);
    CHECK(m.roster()[2].name == "dave");

    m.on_presence({false, {{"carol", availability::offline}, {"zed", availability::offline}}});
    REQUIRE(m.roster().size() == 2);
    CHECK(m.roster()[1].name == "dave");

    m.on_presence({true, {{"erin", availability::available}}});
    REQUIRE(m.roster().size() == 1);
    CHECK(m.roster()[0].name == "erin");
}
