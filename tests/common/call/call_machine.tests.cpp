// The call's lifecycle, one machine, each input fed by hand and the actions checked: the
// ring on both sides and what the person may press. call_machine_connection.tests.cpp
// follows the call once it connects; call_machine_pair.tests.cpp runs two machines.
#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

TEST_CASE("call machine: names and constants", "[call_machine]") {
    CHECK(call::to_string(state::idle) == "idle");
    CHECK(call::to_string(state::ringing_out) == "ringing_out");
    CHECK(call::to_string(state::ringing_in) == "ringing_in");
    CHECK(call::to_string(state::connecting) == "connecting");
    CHECK(call::to_string(state::in_call) == "in_call");
    CHECK(call::to_string(state::ended) == "ended");
    CHECK(call::to_string(timer::ice_grace) == "ice_grace");
}

TEST_CASE("call machine: the caller rings", "[call_machine]") {
    auto m = signed_machine();

    SECTION("idle -> ringing_out: sends call, starts the ring timer, asks for the camera") {
        auto out = m.call("bob");
        CHECK(m.current_state() == state::ringing_out);
        CHECK(m.current_role() == call::role::caller);
        CHECK(m.partner() == "bob");
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
        CHECK(m.partner() == "bob");
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
        CHECK(call::status_text(all_of<act::set_status>(later).front().status) ==
              "Camera or microphone denied");
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
        CHECK(m.partner().empty());
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
        CHECK(m.partner().empty());
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
        CHECK(m.partner() == "bob");
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
        CHECK(m.partner() == "carol");
    }
}

TEST_CASE("call machine: what the person may do now", "[call_machine]") {
    using call::allowed;
    SECTION("signed in, no call: Call only") {
        auto m = signed_machine();
        CHECK(m.allowed_now() == allowed{true, false, false, false});
    }
    SECTION("ringing out: Cancel") {
        auto m = signed_machine();
        m.call("bob");
        CHECK(m.allowed_now() == allowed{false, true, false, false});
    }
    SECTION("ringing in: Accept or Decline") {
        auto m = signed_machine();
        m.on_call({"bob"});
        CHECK(m.allowed_now() == allowed{false, false, false, true});
    }
    SECTION("the caller while connecting: Cancel, and Hang Up") {
        auto m = caller_connecting();
        CHECK(m.allowed_now() == allowed{false, true, true, false});
    }
    SECTION("the callee while connecting: Hang Up") {
        auto m = callee_answering();
        CHECK(m.allowed_now() == allowed{false, false, true, false});
    }
    SECTION("in a call: Hang Up; after it, Call again") {
        auto m = caller_in_call();
        CHECK(m.allowed_now() == allowed{false, false, true, false});
        m.hang_up();
        CHECK(m.allowed_now() == allowed{true, false, false, false});
    }
    SECTION("what is not allowed does nothing") {
        auto m = caller_in_call();
        REQUIRE_FALSE(m.allowed_now().cancel);
        CHECK(m.cancel().empty());
        REQUIRE_FALSE(m.allowed_now().answer);
        CHECK(m.accept().empty());
    }
}
