// The call once it is accepted: its connection being set up, the call itself, the loss and
// restoration of its media path; also tutorial-style offers and missed calls.
#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

TEST_CASE("call machine: a tutorial-style offer rings too", "[call_machine]") {
    auto m = signed_machine();

    SECTION("offer while idle -> ringing_in, nothing applied before Accept") {
        auto out = m.on_offer(offer_from("tut"));
        CHECK(m.current_state() == state::ringing_in);
        CHECK(m.partner() == "tut");
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
        CHECK(c.partner() == "bob");
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
        CHECK(c.partner() == "bob");
    }
    SECTION("not signed in: ignored") {
        call_machine fresh;
        CHECK(fresh.on_missed({"carol"}).empty());
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
    SECTION("the partner hangs up while connecting") {
        auto out = m.on_leave(leave_from("bob"));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob hung up");
        CHECK(only<act::close_peer_connection>(out).pc == pc);
    }
    SECTION("a failed setup step ends the call and tells the partner") {
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
    SECTION("the partner could not make the connection: \"Could not connect to bob\"") {
        // Its browser has no RTCPeerConnection, or its setup failed: never "Connection lost".
        auto out = m.on_leave(leave_from("bob", end_reason::connection_lost));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "Could not connect to bob");
        CHECK_FALSE(has<act::send>(out));
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
    SECTION("not_online while connecting keeps the call: the partner may be reconnecting") {
        auto out = m.on_error(error_about(proto::error_code::not_online, "bob"));
        CHECK(out.empty());
        CHECK(m.current_state() == state::connecting);
    }
}

TEST_CASE("call machine: in a call", "[call_machine]") {
    call::pc_id pc = 0;
    auto m = caller_in_call(&pc);

    SECTION("hang up: in_call -> ended, partner told, connection closed") {
        auto out = m.hang_up();
        CHECK(m.current_state() == state::ended);
        CHECK(m.partner().empty());
        auto l = sent<proto::to_server::leave>(out);
        CHECK(l.to == "bob");
        CHECK(l.reason == end_reason::hung_up);
        CHECK(only<act::close_peer_connection>(out).pc == pc);
        CHECK(last_status(out) == "Call with bob ended");
    }
    SECTION("the partner hangs up: \"bob hung up\", no leave back") {
        auto out = m.on_leave(leave_from("bob"));
        CHECK(m.current_state() == state::ended);
        CHECK(last_status(out) == "bob hung up");
        CHECK_FALSE(has<act::send>(out));
    }
    SECTION("the partner lost the connection: \"Connection lost\"") {
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
    SECTION("a ring from the partner during the call is ignored") {
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
    SECTION("a restart offer that found the partner offline is tried again") {
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
