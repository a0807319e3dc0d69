// The session around the calls, decisions the app made where no test reached them: the login
// reply, server errors, the loss of the socket, and the missed-call notice.
#include "call/session.hpp"

#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;
using call::session;
using call::status_code;

namespace {

proto::to_client::login_result refused(std::string message = {}) {
    proto::to_client::login_result r;
    r.message = std::move(message);
    return r;
}

std::string error_text(session const& s) { return call::status_text(s.login_error()); }

}  // namespace

TEST_CASE("session: signing in", "[session]") {
    call_machine m;
    session s(m);

    SECTION("a bad name is answered here, nothing sent") {
        CHECK(s.sign_in("").empty());
        CHECK_FALSE(s.signing_in());
        CHECK_FALSE(error_text(s).empty());
        CHECK(s.sign_in(" bob").empty());
        CHECK(error_text(s) == "Name must not start or end with a space");
    }
    SECTION("the login goes through the machine's outbox, once per press") {
        m.on_signaling_open();
        auto out = s.sign_in("alice");
        CHECK(sent<proto::to_server::login>(out).name == "alice");
        CHECK(s.signing_in());
        CHECK(s.sign_in("alice").empty());  // pressed again while waiting
    }
    SECTION("accepted: the call screen, the error cleared") {
        s.sign_in("");
        s.sign_in("alice");
        auto out = s.on_message(login_reply("alice"));
        CHECK(s.signed_in());
        CHECK_FALSE(s.signing_in());
        CHECK(s.login_error().code == status_code::none);
        CHECK(last_status(out) == "Signed in as alice");
    }
    SECTION("refused: the server's words, or ours") {
        s.sign_in("alice");
        CHECK(s.on_login_result(refused("Name \"alice\" is taken")).empty());
        CHECK_FALSE(s.signed_in());
        CHECK_FALSE(s.signing_in());
        CHECK(error_text(s) == "Name \"alice\" is taken");
        s.sign_in("alice");
        s.on_login_result(refused());
        CHECK(error_text(s) == "The server refused this name.");
    }
    SECTION("a reply nobody waits for is ignored") {
        CHECK(s.on_login_result(login_reply("alice")).empty());
        CHECK_FALSE(s.signed_in());
    }
    SECTION("an error while signing in is the login screen's") {
        s.sign_in("alice");
        s.on_server_error(error_about(proto::error_code::invalid_message, "", "Bad login"));
        CHECK_FALSE(s.signing_in());
        CHECK(error_text(s) == "Bad login");
    }
    SECTION("the socket closes before an answer: cannot reach the server") {
        s.sign_in("alice");
        s.on_socket_closed();
        CHECK_FALSE(s.signing_in());
        CHECK(error_text(s) == "Cannot reach the server. Try again.");
        CHECK(m.queued_messages() == 0);
    }
    SECTION("the socket closes on the login screen with nothing pending: nothing to say") {
        CHECK(s.on_socket_closed().empty());
        CHECK(s.login_error().code == status_code::none);
    }
}

TEST_CASE("session: signed in", "[session]") {
    call_machine m;
    session s(m);
    s.sign_in("alice");
    s.on_login_result(login_reply("alice"));
    REQUIRE(s.signed_in());

    SECTION("a login_timeout is nobody's business") {
        CHECK(s.on_server_error(error_about(proto::error_code::login_timeout, "")).empty());
        CHECK(s.signed_in());
    }
    SECTION("other errors go to the call") {
        auto out =
            s.on_server_error(error_about(proto::error_code::invalid_message, "", "Bad message"));
        CHECK(last_status(out) == "Bad message");
        CHECK(s.login_error().code == status_code::none);
    }
    SECTION("the socket closes: the call is kept and the machine reconnects") {
        auto out = s.on_socket_closed();
        CHECK(m.reconnecting());
        CHECK(s.signed_in());
        CHECK(started_ms(out, timer::reconnect) <= call::reconnect_first_window_ms);
        CHECK(starts(out, timer::reconnect));
    }
    SECTION("replaced by another page: signed out with the server's words") {
        s.on_server_error(error_about(proto::error_code::replaced, "", "Signed in elsewhere"));
        CHECK(s.signed_in());  // until the server closes the socket
        auto out = s.on_socket_closed();
        CHECK_FALSE(s.signed_in());
        CHECK(error_text(s) == "Signed in elsewhere");
        CHECK(last_status(out) == "Signed in elsewhere");
        CHECK_FALSE(starts(out, timer::reconnect));
        // The next close is an ordinary one again.
        s.sign_in("alice");
        s.on_socket_closed();
        CHECK(error_text(s) == "Cannot reach the server. Try again.");
    }
    SECTION("reconnected: counted, and the call screen stays") {
        s.on_socket_closed();
        m.on_timer(timer::reconnect);
        m.on_signaling_open();
        s.on_message(login_reply("alice"));
        CHECK_FALSE(m.reconnecting());
        CHECK(s.reconnects() == 1);
        CHECK(s.signed_in());
    }
    SECTION("a reconnect's login refused: back to the login screen") {
        s.on_socket_closed();
        m.on_signaling_open();
        auto out = s.on_login_result(refused());
        CHECK_FALSE(s.signed_in());
        CHECK(error_text(s) == "Signed out by the server.");
        CHECK(last_status(out) == "Signed out: the server refused the name");
        s.on_socket_closed();
        s.on_login_result(refused("Taken"));
        CHECK(error_text(s) == "Signed out by the server.");  // not waiting: ignored
    }
    SECTION("a reconnect's login refused for now (unavailable): still reconnecting, no error") {
        s.on_socket_closed();
        m.on_timer(timer::reconnect);
        m.on_signaling_open();
        auto busy = refused("The server cannot reach its user directory now");
        busy.code = proto::error_code::unavailable;
        s.on_login_result(busy);
        CHECK(s.signed_in());
        CHECK(m.reconnecting());
        CHECK(s.login_error().code == status_code::none);
        CHECK(sent<proto::to_server::login>(m.on_timer(timer::reconnect)).name == "alice");
        s.on_message(login_reply("alice"));
        CHECK_FALSE(m.reconnecting());
        CHECK(s.reconnects() == 1);
    }
    SECTION("messages are handed to the machine") {
        auto out = s.on_message(proto::to_client::call{"bob"});
        CHECK(m.current_state() == state::ringing_in);
        CHECK(last_status(out) == "bob is calling...");
        s.on_message(
            proto::to_client::presence{true, {{"bob", proto::to_client::availability::busy}}});
        CHECK(m.roster().size() == 1);
    }
}

TEST_CASE("session: a first sign-in refused for now is tried again", "[session]") {
    call_machine m;
    session s(m);
    m.on_signaling_open();
    s.sign_in("alice");
    auto busy = refused("The server cannot reach its user directory now");
    busy.code = proto::error_code::unavailable;

    SECTION("unavailable: the person is told, the login goes again on the reconnect's schedule") {
        auto out = s.on_login_result(busy);
        CHECK(s.signing_in());
        CHECK_FALSE(s.signed_in());
        CHECK(error_text(s) == "The server cannot sign you in just now. Trying again...");
        auto first = call::reconnect_range(0, false);
        CHECK(started_ms(out, timer::reconnect) >= first.min_ms);
        CHECK(started_ms(out, timer::reconnect) <= first.max_ms);
        for (int slot = 1; slot <= 6; ++slot) {
            auto again = m.on_timer(timer::reconnect);
            CHECK(sent<proto::to_server::login>(again).name == "alice");
            CHECK_FALSE(has<act::connect_signaling>(again));  // the socket is still open
            auto range = call::reconnect_range(slot, false);
            CHECK(started_ms(again, timer::reconnect) >= range.min_ms);
            CHECK(started_ms(again, timer::reconnect) <= range.max_ms);
            CHECK(started_ms(again, timer::reconnect) <= call::reconnect_cap_ms);
            // Refused again within its slot: the slot's timer still runs, nothing else.
            CHECK(s.on_login_result(busy).empty());
            CHECK(s.signing_in());
        }
        s.on_message(login_reply("alice"));
        CHECK(s.signed_in());
        CHECK_FALSE(s.signing_in());
        CHECK(s.login_error().code == status_code::none);
        CHECK_FALSE(m.retrying_login());
    }
    SECTION("a retry refused after its slot is over: the next one at once") {
        s.on_login_result(busy);
        m.on_timer(timer::reconnect);
        CHECK(m.on_timer(timer::reconnect).empty());  // that retry is still under way
        CHECK(started_ms(s.on_login_result(busy), timer::reconnect) == 0);
    }
    SECTION("a refused name is not tried again, even after an unavailable") {
        auto taken = refused("Name \"alice\" is already taken");
        taken.code = proto::error_code::name_taken;
        CHECK_FALSE(starts(s.on_login_result(taken), timer::reconnect));
        CHECK_FALSE(s.signing_in());
        CHECK(m.on_timer(timer::reconnect).empty());
        s.sign_in("alice");
        s.on_login_result(busy);
        m.on_timer(timer::reconnect);
        CHECK(cancels(s.on_login_result(taken), timer::reconnect));
        CHECK_FALSE(s.signing_in());
        CHECK_FALSE(m.retrying_login());
        CHECK(error_text(s) == "Name \"alice\" is already taken");
        CHECK(m.on_timer(timer::reconnect).empty());
    }
    SECTION("the server closes the socket meanwhile: the next retry opens another") {
        s.on_login_result(busy);
        CHECK(s.on_socket_closed().empty());
        CHECK(s.signing_in());
        CHECK(s.login_error().code == status_code::retrying_sign_in);
        auto again = m.on_timer(timer::reconnect);
        CHECK(has<act::connect_signaling>(again));
        CHECK(sent<proto::to_server::login>(m.on_signaling_open()).name == "alice");
        s.on_message(login_reply("alice"));
        CHECK(s.signed_in());
    }
    SECTION("in Chinese too") {
        s.on_login_result(busy);
        CHECK(call::status_text(s.login_error(), call::language::chinese) ==
              "服务器暂时无法登录，正在重试……");
    }
}

TEST_CASE("session: the missed-call notice", "[session]") {
    call_machine m;
    session s(m);
    CHECK(s.notice().code == status_code::none);
    s.on_missed_call("carol");
    CHECK(call::status_text(s.notice()) == "carol tried to call you");
    s.on_missed_call("dave");
    CHECK(call::status_text(s.notice()) == "dave tried to call you (2 missed calls)");
    CHECK(s.missed() == std::vector<std::string>{"carol", "dave"});

    SECTION("dismissed") {
        s.dismiss_notice();
        CHECK(s.notice().code == status_code::none);
        CHECK(s.missed().empty());
    }
    SECTION("a fresh sign-in clears it") {
        s.sign_in("alice");
        s.on_login_result(login_reply("alice"));
        CHECK(s.missed().empty());
    }
    SECTION("the list stops at its cap; the newest name is still shown") {
        for (std::size_t i = 0; i < call::max_missed + 5; ++i) s.on_missed_call("x");
        s.on_missed_call("zed");
        CHECK(s.missed().size() == call::max_missed);
        CHECK(s.notice().who == "zed");
    }
}
