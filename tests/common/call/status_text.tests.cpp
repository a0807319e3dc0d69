// Every outcome worded as the person reads it: the machine says what happened, this file
// pins down the English (the same words the app showed before the split).
#include "call/status_text.hpp"

#include <catch2/catch.hpp>

using namespace duet;
using call::status;
using call::status_code;

namespace {
std::string word(status_code c, std::string who = {}, std::string detail = {}, int count = 0) {
    return call::status_text(status{c, std::move(who), std::move(detail), count});
}
}  // namespace

TEST_CASE("status text: the English of each outcome", "[status_text]") {
    CHECK(word(status_code::none).empty());
    CHECK(word(status_code::message, "", "Bad message") == "Bad message");
    CHECK(word(status_code::signed_in, "alice") == "Signed in as alice");
    CHECK(word(status_code::not_connected) == "Not connected to the server; reconnecting...");
    CHECK(word(status_code::enter_name) == "Enter the name of the user to call");
    CHECK(word(status_code::cannot_call_self) == "You cannot call yourself");
    CHECK(word(status_code::calling, "bob") == "Calling bob...");
    CHECK(word(status_code::incoming, "bob") == "bob is calling...");
    CHECK(word(status_code::connecting, "bob") == "Connecting to bob...");
    CHECK(word(status_code::connected, "bob") == "Connected to bob");
    CHECK(word(status_code::interrupted, "bob") ==
          "Connection to bob interrupted; restoring it...");
    CHECK(word(status_code::camera_denied) == "Camera or microphone denied");
    CHECK(word(status_code::declined_by_us, "bob") == "Declined the call from bob");
    CHECK(word(status_code::cancelled_by_us, "bob") == "Cancelled the call to bob");
    CHECK(word(status_code::ended_by_us, "bob") == "Call with bob ended");
    CHECK(word(status_code::hung_up, "bob") == "bob hung up");
    CHECK(word(status_code::declined, "bob") == "bob declined");
    CHECK(word(status_code::cancelled, "bob") == "bob cancelled");
    CHECK(word(status_code::no_answer, "bob") == "No answer from bob");
    CHECK(word(status_code::busy, "bob") == "bob is busy");
    CHECK(word(status_code::missed, "bob") == "Missed call from bob");
    CHECK(word(status_code::connection_lost, "bob") == "Connection lost");
    CHECK(word(status_code::not_online, "bob") == "bob is not online");
    CHECK(word(status_code::lost_server) == "Lost the connection to the server");
    CHECK(word(status_code::could_not_connect, "bob") == "Could not connect to bob");
    CHECK(word(status_code::cannot_reach_server) == "Cannot reach the server. Try again.");
}

TEST_CASE("status text: the server's or browser's own words win where given", "[status_text]") {
    CHECK(word(status_code::already_in_call) == "You are already in a call");
    CHECK(word(status_code::already_in_call, "", "In a call") == "In a call");
    CHECK(word(status_code::name_refused) == "The server refused this name.");
    CHECK(word(status_code::name_refused, "", "Name taken") == "Name taken");
    CHECK(word(status_code::signed_out) == "Signed out: the server refused the name");
    CHECK(word(status_code::signed_out, "", "Taken") == "Taken");
    CHECK(word(status_code::signed_out_by_server) == "Signed out by the server.");
    CHECK(word(status_code::signed_out_by_server, "", "Taken") == "Taken");
    CHECK(word(status_code::call_failed, "bob") == "Call with bob failed");
    CHECK(word(status_code::call_failed, "bob", "bad SDP") == "Call with bob failed: bad SDP");
}

TEST_CASE("status text: the missed-call notice counts from the second", "[status_text]") {
    CHECK(word(status_code::tried_to_call, "carol", "", 1) == "carol tried to call you");
    CHECK(word(status_code::tried_to_call, "dave", "", 3) ==
          "dave tried to call you (3 missed calls)");
}
