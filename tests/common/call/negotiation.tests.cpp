// Perfect negotiation and the glare rule: through the machine (who yields, which offer
// stands, candidates that come early) and the negotiation bookkeeping on its own.
#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

TEST_CASE("negotiation: the glare rule picks exactly one polite side", "[negotiation]") {
    SECTION("the glare rule picks exactly one polite side") {
        CHECK(call::is_polite("bob", "alice"));
        CHECK_FALSE(call::is_polite("alice", "bob"));
    }
}

TEST_CASE("call machine: glare, both ring at once", "[negotiation]") {
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

TEST_CASE("call machine: ICE candidates", "[negotiation]") {
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

TEST_CASE("call machine: renegotiation inside a call (perfect negotiation)", "[negotiation]") {
    SECTION("an offer from the partner is answered on the same connection") {
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

TEST_CASE("negotiation: the browser is told whether to keep an offer and to roll back",
          "[negotiation]") {
    SECTION("an offer that is still wanted is set as the local description") {
        call::pc_id pc = 0;
        auto m = caller_connecting(&pc);
        auto out = m.on_offer_created(pc, sdp("offer"));
        auto set = only<act::set_local_description>(out);
        CHECK(set.pc == pc);
        CHECK(set.sdp == sdp("offer"));
    }
    SECTION("a stale connection's offer is dropped") {
        call::pc_id pc = 0;
        auto m = caller_connecting(&pc);
        m.cancel();
        CHECK(m.on_offer_created(pc, sdp("offer")).empty());
    }
    SECTION("polite, colliding while our offer is being made: no rollback, ours dropped") {
        auto m = ready_machine("bob");  // polite
        m.call("alice");
        m.on_accept({"alice"});
        auto pc = m.current_pc();
        m.on_offer_created(pc, sdp("offer"));
        m.on_local_description(pc, sdp("offer"));
        m.on_answer(answer_from("alice"));
        m.on_remote_description_applied(pc);
        m.on_connected(pc);
        m.on_connection_failed(pc);  // the restart's createOffer is under way
        auto out = m.on_offer(offer_from("alice"));
        CHECK_FALSE(only<act::set_remote_description>(out).rollback);
        CHECK(m.on_offer_created(pc, sdp("offer")).empty());  // ours is not set
    }
    SECTION("polite, colliding after our offer was set: theirs is applied after a rollback") {
        auto m = ready_machine("bob");
        m.call("alice");
        m.on_accept({"alice"});
        auto pc = m.current_pc();
        REQUIRE(has<act::set_local_description>(m.on_offer_created(pc, sdp("offer"))));
        auto out = m.on_offer(offer_from("alice"));
        auto srd = only<act::set_remote_description>(out);
        CHECK(srd.rollback);
        CHECK(m.current_role() == call::role::callee);
        // The next offer, with nothing of ours outstanding, needs no rollback.
        m.on_remote_description_applied(pc);
        m.on_local_description(pc, sdp("answer"));
        CHECK_FALSE(only<act::set_remote_description>(m.on_offer(offer_from("alice"))).rollback);
    }
    SECTION("an answer settles our offer: no rollback for the next remote offer") {
        call::pc_id pc = 0;
        auto m = callee_in_call(&pc);
        CHECK_FALSE(only<act::set_remote_description>(m.on_offer(offer_from("bob"))).rollback);
    }
}

TEST_CASE("negotiation: the bookkeeping on its own", "[negotiation]") {
    call::negotiation n;
    using verdict = call::negotiation::offer_verdict;
    using kind = call::negotiation::local_kind;

    SECTION("no offer of ours: theirs is applied, and answered") {
        CHECK(n.on_partner_offer(false) == verdict::apply);
        CHECK_FALSE(n.start_apply(true));
        CHECK(n.applying_remote());
        CHECK(n.on_partner_offer(true) == verdict::ignore);  // mid-apply
        CHECK(n.on_remote_applied());
        CHECK(n.on_local_description("answer") == kind::answer);
    }
    SECTION("our offer outstanding: impolite ignores theirs, polite yields") {
        n.start_offer();
        CHECK(n.on_partner_offer(false) == verdict::ignore);
        CHECK(n.on_partner_offer(true) == verdict::yield);
        CHECK_FALSE(n.on_offer_created());
        CHECK(n.on_local_description("offer") == kind::drop);
    }
    SECTION("an answer is expected only for an offer that went out") {
        CHECK_FALSE(n.answer_expected());
        n.start_offer();
        CHECK_FALSE(n.answer_expected());  // still being made
        REQUIRE(n.on_offer_created());
        CHECK(n.on_local_description("offer") == kind::offer);
        CHECK(n.answer_expected());
        CHECK_FALSE(n.start_apply(false));
        CHECK_FALSE(n.on_remote_applied());
        CHECK_FALSE(n.answer_expected());
        CHECK(n.can_restart_ice());
    }
    SECTION("candidates are held until our first description is sent, then released once") {
        CHECK_FALSE(n.can_send_local_candidate());
        n.hold_local_candidate(json{{"candidate", "a"}});
        n.start_offer();
        n.on_offer_created();
        n.on_local_description("offer");
        auto held = n.take_local_candidates_after_first_send();
        REQUIRE(held.size() == 1);
        CHECK(n.can_send_local_candidate());
        CHECK(n.take_local_candidates_after_first_send().empty());
    }
    SECTION("remote candidates wait for a remote description") {
        CHECK_FALSE(n.can_add_remote_candidate());
        n.hold_remote_candidate(json{{"candidate", "b"}});
        CHECK(n.queued_remote_candidates() == 1);
        n.start_apply(true);
        CHECK_FALSE(n.can_add_remote_candidate());
        n.on_remote_applied();
        CHECK(n.can_add_remote_candidate());
        CHECK(n.take_remote_candidates().size() == 1);
        CHECK(n.queued_remote_candidates() == 0);
    }
    SECTION("a forgotten offer may be made again; reset forgets everything") {
        n.start_offer();
        CHECK_FALSE(n.can_restart_ice());
        n.forget_offer();
        CHECK(n.on_partner_offer(false) == verdict::apply);
        n.hold_local_candidate(json{});
        n.reset();
        CHECK(n.queued_local_candidates() == 0);
        CHECK_FALSE(n.can_restart_ice());
    }
}
