// Shared by the call/ tests: reading actions, made-up descriptions and messages, and
// machines brought to a given point of a call (alice calls bob unless a test says otherwise).
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "call/call_machine.hpp"
#include "call/status_text.hpp"

namespace duet::call_test {

namespace call = duet::call;
using call::call_machine;
using call::state;
using call::timer;
namespace act = call::act;
namespace proto = protocol;
using json = proto::json;
using proto::end_reason;

template <class T>
inline std::vector<T> all_of(call::actions const& out) {
    std::vector<T> found;
    for (auto const& a : out) {
        if (auto const* p = std::get_if<T>(&a)) found.push_back(*p);
    }
    return found;
}

template <class T>
inline bool has(call::actions const& out) {
    return !all_of<T>(out).empty();
}

template <class T>
inline T only(call::actions const& out) {
    auto found = all_of<T>(out);
    REQUIRE(found.size() == 1);
    return found.front();
}

// The protocol messages of all `send` actions of type M.
template <class M>
inline std::vector<M> sends(call::actions const& out) {
    std::vector<M> found;
    for (auto const& s : all_of<act::send>(out)) {
        if (auto const* m = std::get_if<M>(&s.message)) found.push_back(*m);
    }
    return found;
}

// The protocol message of the only `send` action, as type M.
template <class M>
inline M sent(call::actions const& out) {
    auto s = only<act::send>(out);
    auto const* m = std::get_if<M>(&s.message);
    REQUIRE(m != nullptr);
    return *m;
}

// The last status line the actions set, worded as the person reads it.
inline std::string last_status(call::actions const& out) {
    auto found = all_of<act::set_status>(out);
    REQUIRE(!found.empty());
    return call::status_text(found.back().status);
}

inline bool starts(call::actions const& out, timer t, int ms = -1) {
    for (auto const& s : all_of<act::start_timer>(out)) {
        if (s.which == t && (ms < 0 || s.ms == ms)) return true;
    }
    return false;
}

// The delay of the timer `t` the actions start; -1 if they start none.
inline int started_ms(call::actions const& out, timer t) {
    for (auto const& s : all_of<act::start_timer>(out)) {
        if (s.which == t) return s.ms;
    }
    return -1;
}

inline bool cancels(call::actions const& out, timer t) {
    for (auto const& c : all_of<act::cancel_timer>(out)) {
        if (c.which == t) return true;
    }
    return false;
}

inline json sdp(char const* type) {
    return json{{"type", type}, {"sdp", std::string("v=0 ") + type}};
}
inline json cand(int n) {
    return json{{"candidate", "candidate:" + std::to_string(n)}, {"sdpMid", "0"}};
}

inline proto::to_client::offer offer_from(std::string from) {
    return {std::move(from), sdp("offer")};
}
inline proto::to_client::answer answer_from(std::string from) {
    return {std::move(from), sdp("answer")};
}
inline proto::to_client::candidate candidate_from(std::string from, int n) {
    return {std::move(from), cand(n)};
}
inline proto::to_client::leave leave_from(std::string from, end_reason r = end_reason::hung_up) {
    return {std::move(from), r};
}
inline proto::to_client::error error_about(proto::error_code code, std::string user,
                                           std::string text = "message") {
    return proto::to_client::make_error(code, std::move(text), std::move(user));
}

inline proto::to_client::login_result login_reply(std::string name) {
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
inline call_machine signed_machine(std::string name = "alice") {
    call_machine m;
    m.signed_in(login_reply(std::move(name)));
    return m;
}

// Signed in, camera already granted (by an earlier call).
inline call_machine ready_machine(std::string name = "alice") {
    auto m = signed_machine(std::move(name));
    m.on_media_ready();
    return m;
}

// alice rang bob; bob accepted; her connection and offer are being made.
inline call_machine caller_connecting(call::pc_id* pc = nullptr) {
    auto m = ready_machine();
    m.call("bob");
    auto out = m.on_accept({"bob"});
    auto id = only<act::create_peer_connection>(out).pc;
    if (pc) *pc = id;
    return m;
}

// ... and her offer has gone out.
inline call_machine caller_offer_sent(call::pc_id* pc = nullptr) {
    call::pc_id id = 0;
    auto m = caller_connecting(&id);
    m.on_local_description(id, sdp("offer"));
    if (pc) *pc = id;
    return m;
}

// alice in a call with bob, as the caller.
inline call_machine caller_in_call(call::pc_id* pc = nullptr) {
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
inline call_machine callee_answering(call::pc_id* pc = nullptr) {
    auto m = ready_machine();
    m.on_call({"bob"});
    m.accept();
    auto out = m.on_offer(offer_from("bob"));
    auto id = only<act::create_peer_connection>(out).pc;
    if (pc) *pc = id;
    return m;
}

// alice in a call with bob, as the callee.
inline call_machine callee_in_call(call::pc_id* pc = nullptr) {
    call::pc_id id = 0;
    auto m = callee_answering(&id);
    m.on_remote_description_applied(id);
    m.on_local_description(id, sdp("answer"));
    m.on_connected(id);
    REQUIRE(m.current_state() == state::in_call);
    if (pc) *pc = id;
    return m;
}

}  // namespace duet::call_test
