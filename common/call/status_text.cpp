// The English wording of every outcome the call logic reports (see status_text.hpp).
#include "call/status_text.hpp"

namespace duet::call {

namespace {

// `fallback` unless the server (or the browser) said it in its own words.
std::string own_words(status const& s, char const* fallback) {
    return s.detail.empty() ? std::string(fallback) : s.detail;
}

std::string english(status const& s) {
    std::string const& who = s.who;
    switch (s.code) {
        case status_code::none:
            return {};
        case status_code::message:
            return s.detail;
        case status_code::signed_in:
            return "Signed in as " + who;
        case status_code::not_connected:
            return "Not connected to the server; reconnecting...";
        case status_code::enter_name:
            return "Enter the name of the user to call";
        case status_code::cannot_call_self:
            return "You cannot call yourself";
        case status_code::calling:
            return "Calling " + who + "...";
        case status_code::incoming:
            return who + " is calling...";
        case status_code::connecting:
            return "Connecting to " + who + "...";
        case status_code::connected:
            return "Connected to " + who;
        case status_code::interrupted:
            return "Connection to " + who + " interrupted; restoring it...";
        case status_code::camera_denied:
            return "Camera or microphone denied";
        case status_code::declined_by_us:
            return "Declined the call from " + who;
        case status_code::cancelled_by_us:
            return "Cancelled the call to " + who;
        case status_code::ended_by_us:
            return "Call with " + who + " ended";
        case status_code::hung_up:
            return who + " hung up";
        case status_code::declined:
            return who + " declined";
        case status_code::cancelled:
            return who + " cancelled";
        case status_code::no_answer:
            return "No answer from " + who;
        case status_code::busy:
            return who + " is busy";
        case status_code::missed:
            return "Missed call from " + who;
        case status_code::connection_lost:
            return "Connection lost";
        case status_code::not_online:
            return who + " is not online";
        case status_code::already_in_call:
            return own_words(s, "You are already in a call");
        case status_code::lost_server:
            return "Lost the connection to the server";
        case status_code::could_not_connect:
            return "Could not connect to " + who;
        case status_code::call_failed:
            return "Call with " + who + " failed" + (s.detail.empty() ? "" : ": " + s.detail);
        case status_code::name_refused:
            return own_words(s, "The server refused this name.");
        case status_code::signed_out:
            return own_words(s, "Signed out: the server refused the name");
        case status_code::signed_out_by_server:
            return own_words(s, "Signed out by the server.");
        case status_code::cannot_reach_server:
            return "Cannot reach the server. Try again.";
        case status_code::tried_to_call: {
            std::string text = who + " tried to call you";
            if (s.count > 1) text += " (" + std::to_string(s.count) + " missed calls)";
            return text;
        }
    }
    return s.detail;
}

}  // namespace

std::string status_text(status const& s, language lang) {
    switch (lang) {
        case language::english:
            return english(s);
    }
    return english(s);
}

}  // namespace duet::call
