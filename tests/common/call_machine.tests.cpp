#include "call_machine.hpp"

#include <catch2/catch.hpp>

using namespace duet;
using call::call_machine;
using call::state;
namespace act = call::act;
namespace proto = protocol;
using json = proto::json;

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

json sdp(char const* type) { return json{{"type", type}, {"sdp", std::string("v=0 ") + type}}; }
json cand(int n) { return json{{"candidate", "candidate:" + std::to_string(n)}, {"sdpMid", "0"}}; }

proto::to_client::offer offer_from(std::string from) { return {std::move(from), sdp("offer")}; }
proto::to_client::answer answer_from(std::string from) { return {std::move(from), sdp("answer")}; }
proto::to_client::candidate candidate_from(std::string from, int n) {
    return {std::move(from), cand(n)};
}

// Signed in as "alice" with media granted.
call_machine ready_machine(std::string name = "alice") {
    call_machine m;
    m.signed_in(std::move(name));
    m.on_media_ready();
    return m;
}

// alice has called bob and her offer has gone out.
call_machine caller_offer_sent(call::pc_id* pc = nullptr) {
    auto m = ready_machine();
    auto out = m.call("bob");
    auto id = only<act::create_peer_connection>(out).pc;
    m.on_local_description(id, sdp("offer"));
    if (pc) *pc = id;
    return m;
}

// alice has been called by bob and answers.
call_machine callee_answering(call::pc_id* pc = nullptr) {
    auto m = ready_machine();
    auto out = m.on_offer(offer_from("bob"));
    auto id = only<act::create_peer_connection>(out).pc;
    if (pc) *pc = id;
    return m;
}

}  // namespace

TEST_CASE("call machine: signing in", "[call_machine]") {
    call_machine m;

    SECTION("starts idle and asks for the camera once") {
        auto out = m.signed_in("alice");
        CHECK(m.current_state() == state::idle);
        CHECK(m.self() == "alice");
        CHECK(last_status(out) == "Signed in as alice");
        CHECK(has<act::request_media>(out));
        m.on_media_ready();
        auto again = m.signed_in("alice");
        CHECK_FALSE(has<act::request_media>(again));
    }
    SECTION("calling before signing in does nothing") {
        CHECK(m.call("bob").empty());
        CHECK(m.current_state() == state::idle);
        CHECK(m.on_offer(offer_from("bob")).empty());
    }
    SECTION("denied media is reported") {
        m.signed_in("alice");
        auto out = m.on_media_denied();
        CHECK(last_status(out) == "Camera or microphone denied");
        CHECK(m.current_state() == state::idle);
    }
    SECTION("state names as the test contract spells them") {
        CHECK(call::to_string(state::idle) == "idle");
        CHECK(call::to_string(state::calling) == "calling");
        CHECK(call::to_string(state::in_call) == "in_call");
        CHECK(call::to_string(state::ended) == "ended");
    }
}

TEST_CASE("call machine: placing a call", "[call_machine]") {
    auto m = ready_machine();

    SECTION("idle -> calling creates a connection and an offer") {
        auto out = m.call("bob");
        CHECK(m.current_state() == state::calling);
        CHECK(m.current_role() == call::role::caller);
        CHECK(m.peer() == "bob");
        auto pc = only<act::create_peer_connection>(out).pc;
        CHECK(pc != 0);
        CHECK(only<act::create_offer>(out).pc == pc);
        CHECK(last_status(out) == "Calling bob...");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("the offer is sent to the callee once created") {
        auto out = m.call("bob");
        auto pc = only<act::create_peer_connection>(out).pc;
        auto sent_out = m.on_local_description(pc, sdp("offer"));
        auto offer = sent<proto::to_server::offer>(sent_out);
        CHECK(offer.to == "bob");
        CHECK(offer.sdp == sdp("offer"));
    }
    SECTION("an empty name is refused without a call") {
        auto out = m.call("");
        CHECK(m.current_state() == state::idle);
        CHECK(last_status(out) == "Enter the name of the user to call");
        CHECK_FALSE(has<act::create_peer_connection>(out));
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
        CHECK_FALSE(has<act::create_peer_connection>(out));
    }
    SECTION("a second call while calling is ignored") {
        m.call("bob");
        CHECK(m.call("carol").empty());
        CHECK(m.peer() == "bob");
    }
    SECTION("calling before media settles waits for it") {
        call_machine w;
        w.signed_in("alice");
        auto out = w.call("bob");
        CHECK(w.current_state() == state::calling);
        CHECK_FALSE(has<act::create_peer_connection>(out));
        auto later = w.on_media_ready();
        auto pc = only<act::create_peer_connection>(later).pc;
        CHECK(only<act::create_offer>(later).pc == pc);
    }
    SECTION("denied media still lets the call go ahead, receive-only") {
        call_machine w;
        w.signed_in("alice");
        w.call("bob");
        auto later = w.on_media_denied();
        CHECK(has<act::create_peer_connection>(later));
        CHECK(has<act::create_offer>(later));
        CHECK(all_of<act::set_status>(later).front().text == "Camera or microphone denied");
    }
    SECTION("hanging up while waiting for media closes nothing") {
        call_machine w;
        w.signed_in("alice");
        w.call("bob");
        auto out = w.hang_up();
        CHECK(w.current_state() == state::ended);
        CHECK_FALSE(has<act::close_peer_connection>(out));
        CHECK(sent<proto::to_server::leave>(out).to == "bob");
        CHECK(w.on_media_ready().empty());
    }
}

TEST_CASE("call machine: caller side of a call", "[call_machine]") {
    call::pc_id pc = 0;
    auto m = caller_offer_sent(&pc);

    SECTION("the answer is applied, then calling -> in_call on connect") {
        auto out = m.on_answer(answer_from("bob"));
        auto srd = only<act::set_remote_description>(out);
        CHECK(srd.pc == pc);
        CHECK(srd.sdp == sdp("answer"));
        m.on_remote_description_applied(pc);
        CHECK(m.current_state() == state::calling);
        auto connected = m.on_connected(pc);
        CHECK(m.current_state() == state::in_call);
        CHECK(last_status(connected) == "Connected to bob");
    }
    SECTION("an answer from someone else is ignored") {
        CHECK(m.on_answer(answer_from("mallory")).empty());
    }
    SECTION("a second answer is ignored") {
        m.on_answer(answer_from("bob"));
        m.on_remote_description_applied(pc);
        CHECK(m.on_answer(answer_from("bob")).empty());
    }
    SECTION("the caller does not create an answer") {
        m.on_answer(answer_from("bob"));
        CHECK_FALSE(has<act::create_answer>(m.on_remote_description_applied(pc)));
    }
    SECTION("a not_online error ends the attempt back to idle") {
        auto out = m.on_error(proto::to_client::make_error(proto::error_code::not_online,
                                                           "User \"bob\" is not online", "bob"));
        CHECK(m.current_state() == state::idle);
        CHECK(m.peer().empty());
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(last_status(out) == "bob is not online");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("a self_call error from the server ends the attempt") {
        auto out = m.on_error(proto::to_client::make_error(proto::error_code::self_call,
                                                           "You cannot call yourself", "bob"));
        CHECK(m.current_state() == state::idle);
        CHECK(last_status(out) == "You cannot call yourself");
    }
    SECTION("a leave from the callee ends the attempt") {
        auto out = m.on_leave({"bob"});
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob hung up");
        CHECK(only<act::close_peer_connection>(out).pc == pc);
    }
    SECTION("hanging up while calling tells the callee") {
        auto out = m.hang_up();
        CHECK(m.current_state() == state::ended);
        CHECK(sent<proto::to_server::leave>(out).to == "bob");
        CHECK(only<act::close_peer_connection>(out).pc == pc);
    }
    SECTION("results from an old connection are dropped") {
        CHECK(m.on_connected(pc + 100).empty());
        CHECK(m.on_failed(pc + 100, "x").empty());
        CHECK(m.on_ice_candidate(pc + 100, cand(1)).empty());
        CHECK(m.current_state() == state::calling);
    }
    SECTION("a failed connection ends the call and tells the peer") {
        auto out = m.on_failed(pc, "ICE failed");
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Call with bob failed: ICE failed");
        CHECK(sent<proto::to_server::leave>(out).to == "bob");
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
        auto out = m.on_remote_description_applied(pc);
        auto added = all_of<act::add_ice_candidate>(out);
        REQUIRE(added.size() == 2);
        CHECK(added[0].candidate == cand(1));
        CHECK(added[1].candidate == cand(2));
        CHECK(m.queued_remote_candidates() == 0);
        // After the description, candidates go straight through.
        auto direct = m.on_candidate(candidate_from("bob", 3));
        CHECK(only<act::add_ice_candidate>(direct).candidate == cand(3));
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
        auto m = ready_machine();
        auto pc = only<act::create_peer_connection>(m.call("bob")).pc;
        CHECK(m.on_ice_candidate(pc, cand(1)).empty());
        CHECK(m.queued_local_candidates() == 1);
        auto out = m.on_local_description(pc, sdp("offer"));
        auto sends = all_of<act::send>(out);
        REQUIRE(sends.size() == 2);
        CHECK(std::holds_alternative<proto::to_server::offer>(sends[0].message));
        auto const& c = std::get<proto::to_server::candidate>(sends[1].message);
        CHECK(c.to == "bob");
        CHECK(c.candidate == cand(1));
        auto later = m.on_ice_candidate(pc, cand(2));
        CHECK(sent<proto::to_server::candidate>(later).candidate == cand(2));
    }
    SECTION("candidates after the call ended are ignored") {
        auto m = caller_offer_sent();
        m.hang_up();
        CHECK(m.on_candidate(candidate_from("bob", 1)).empty());
    }
}

TEST_CASE("call machine: callee side of a call", "[call_machine]") {
    SECTION("an offer while idle is answered at once") {
        auto m = ready_machine();
        auto out = m.on_offer(offer_from("bob"));
        CHECK(m.current_state() == state::calling);
        CHECK(m.current_role() == call::role::callee);
        CHECK(m.peer() == "bob");
        auto pc = only<act::create_peer_connection>(out).pc;
        auto srd = only<act::set_remote_description>(out);
        CHECK(srd.pc == pc);
        CHECK(srd.sdp == sdp("offer"));
        CHECK(last_status(out) == "Call from bob...");

        auto applied = m.on_remote_description_applied(pc);
        CHECK(only<act::create_answer>(applied).pc == pc);
        auto answered = m.on_local_description(pc, sdp("answer"));
        auto answer = sent<proto::to_server::answer>(answered);
        CHECK(answer.to == "bob");
        CHECK(answer.sdp == sdp("answer"));
        m.on_connected(pc);
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("an offer after a call ended is answered too") {
        auto m = caller_offer_sent();
        m.hang_up();
        REQUIRE(m.current_state() == state::ended);
        auto out = m.on_offer(offer_from("carol"));
        CHECK(m.current_state() == state::calling);
        CHECK(m.peer() == "carol");
        CHECK(has<act::create_peer_connection>(out));
    }
    SECTION("an offer before media settles waits for it") {
        call_machine m;
        m.signed_in("alice");
        auto out = m.on_offer(offer_from("bob"));
        CHECK_FALSE(has<act::create_peer_connection>(out));
        auto later = m.on_media_ready();
        auto pc = only<act::create_peer_connection>(later).pc;
        auto srd = only<act::set_remote_description>(later);
        CHECK(srd.pc == pc);
        CHECK(srd.sdp == sdp("offer"));
    }
    SECTION("a busy callee declines an offer from a stranger") {
        call::pc_id pc = 0;
        auto m = callee_answering(&pc);
        auto out = m.on_offer(offer_from("carol"));
        CHECK(sent<proto::to_server::leave>(out).to == "carol");
        CHECK_FALSE(has<act::close_peer_connection>(out));
        CHECK(m.peer() == "bob");
        CHECK(m.current_pc() == pc);
    }
    SECTION("the callee's candidates wait for its answer") {
        call::pc_id pc = 0;
        auto m = callee_answering(&pc);
        m.on_remote_description_applied(pc);
        CHECK(m.on_ice_candidate(pc, cand(7)).empty());
        auto out = m.on_local_description(pc, sdp("answer"));
        CHECK(all_of<act::send>(out).size() == 2);
    }
    SECTION("a rejected remote description ends the call") {
        call::pc_id pc = 0;
        auto m = callee_answering(&pc);
        auto out = m.on_failed(pc, "bad SDP");
        CHECK(m.current_state() == state::ended);
        CHECK(sent<proto::to_server::leave>(out).to == "bob");
    }
}

TEST_CASE("call machine: in a call", "[call_machine]") {
    call::pc_id pc = 0;
    auto m = caller_offer_sent(&pc);
    m.on_answer(answer_from("bob"));
    m.on_remote_description_applied(pc);
    m.on_connected(pc);
    REQUIRE(m.current_state() == state::in_call);

    SECTION("hang up: in_call -> ended, peer told, connection closed") {
        auto out = m.hang_up();
        CHECK(m.current_state() == state::ended);
        CHECK(m.peer().empty());
        CHECK(sent<proto::to_server::leave>(out).to == "bob");
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(last_status(out) == "Call with bob ended");
    }
    SECTION("the peer hangs up: in_call -> ended without a leave back") {
        auto out = m.on_leave({"bob"});
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob hung up");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("a leave from a stranger does not end the call") {
        CHECK(m.on_leave({"mallory"}).empty());
        CHECK(m.on_leave({""}).empty());
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("the connection fails: in_call -> ended") {
        m.on_failed(pc, "");
        CHECK(m.current_state() == state::ended);
    }
    SECTION("connected again is not a new transition") { CHECK(m.on_connected(pc).empty()); }
    SECTION("a repeated offer from the peer is ignored") {
        CHECK(m.on_offer(offer_from("bob")).empty());
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("pressing Call during a call does nothing") { CHECK(m.call("carol").empty()); }
    SECTION("a stale error about someone else is ignored") {
        CHECK(
            m.on_error(proto::to_client::make_error(proto::error_code::not_online, "gone", "carol"))
                .empty());
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("a general server error only shows its message") {
        auto out = m.on_error(
            proto::to_client::make_error(proto::error_code::invalid_message, "Bad message"));
        CHECK(last_status(out) == "Bad message");
        CHECK(m.current_state() == state::in_call);
    }
    SECTION("after it ended, a new call can start") {
        m.hang_up();
        auto out = m.call("bob");
        CHECK(m.current_state() == state::calling);
        auto next = only<act::create_peer_connection>(out).pc;
        CHECK(next != pc);
        // A late result from the old connection cannot touch the new one.
        CHECK(m.on_connected(pc).empty());
        CHECK(m.current_state() == state::calling);
    }
    SECTION("losing the server ends everything") {
        auto out = m.on_signaling_lost();
        CHECK(m.current_state() == state::idle);
        CHECK(m.self().empty());
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(last_status(out) == "Disconnected from the server");
    }
}

TEST_CASE("call machine: hang up and leave when no call", "[call_machine]") {
    auto m = ready_machine();
    CHECK(m.hang_up().empty());
    CHECK(m.on_leave({"bob"}).empty());
    CHECK(m.on_answer(answer_from("bob")).empty());
    CHECK(m.current_state() == state::idle);
}

TEST_CASE("call machine: glare, both call at once", "[call_machine]") {
    SECTION("the rule picks exactly one polite side") {
        CHECK(call::is_polite("bob", "alice"));
        CHECK_FALSE(call::is_polite("alice", "bob"));
    }
    SECTION("the impolite side ignores the other offer") {
        auto m = caller_offer_sent();  // alice calls bob; alice < bob: impolite
        CHECK(m.on_offer(offer_from("bob")).empty());
        CHECK(m.current_role() == call::role::caller);
    }
    SECTION("the polite side drops its offer and answers") {
        auto m = ready_machine("bob");
        auto first = only<act::create_peer_connection>(m.call("alice")).pc;
        m.on_local_description(first, sdp("offer"));
        auto out = m.on_offer(offer_from("alice"));
        CHECK(only<act::close_peer_connection>(out).pc == first);
        auto second = only<act::create_peer_connection>(out).pc;
        CHECK(second != first);
        CHECK(only<act::set_remote_description>(out).pc == second);
        CHECK(m.current_role() == call::role::callee);
        CHECK(m.current_state() == state::calling);
    }
    SECTION("the polite side still waiting for media closes nothing and answers later") {
        call_machine m;
        m.signed_in("bob");
        m.call("alice");
        auto out = m.on_offer(offer_from("alice"));
        CHECK_FALSE(has<act::close_peer_connection>(out));
        CHECK(m.current_role() == call::role::callee);
        auto later = m.on_media_ready();
        auto pc = only<act::create_peer_connection>(later).pc;
        CHECK(only<act::set_remote_description>(later).pc == pc);
    }
    SECTION("an offer after our offer was answered is not glare") {
        auto m = ready_machine("bob");
        auto pc = only<act::create_peer_connection>(m.call("alice")).pc;
        m.on_local_description(pc, sdp("offer"));
        m.on_answer(answer_from("alice"));
        m.on_remote_description_applied(pc);
        CHECK(m.on_offer(offer_from("alice")).empty());
        CHECK(m.current_role() == call::role::caller);
    }
}
