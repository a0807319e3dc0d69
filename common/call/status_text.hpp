// What the person is told, kept apart from how it is said.
//
// The call logic decides outcomes (a `status`: what happened, to whom, and any text the
// server or the browser supplied); status_text() alone puts them into words, in the
// language the person reads, from the tables in common/words/. Nothing that decides outcomes
// knows the language.
#pragma once

#include <optional>
#include <string>

#include "protocol/messages.hpp"
#include "words/language.hpp"

namespace duet::call {

enum class status_code {
    none,                  // nothing to say (an empty line)
    message,               // `detail` verbatim: a server's or the name rule's own words
    signed_in,             // "Signed in as <who>"
    not_connected,         // a call pressed while the signaling socket is down
    enter_name,            // Call pressed with an empty field
    cannot_call_self,      // Call pressed with our own name
    calling,               // "Calling <who>..."
    incoming,              // "<who> is calling..."
    connecting,            // "Connecting to <who>..."
    connected,             // "Connected to <who>"
    interrupted,           // the media path dropped; being restored
    camera_denied,         // getUserMedia refused: the call goes on receive-only
    declined_by_us,        // we pressed Decline
    cancelled_by_us,       // we pressed Cancel
    ended_by_us,           // we hung up
    hung_up,               // the partner hung up
    declined,              // the partner declined
    cancelled,             // the partner cancelled its ring
    no_answer,             // "No answer from <who>"
    busy,                  // "<who> is busy"
    missed,                // "Missed call from <who>"
    connection_lost,       // lostTimeout, or the partner's side lost it
    not_online,            // "<who> is not online"
    already_in_call,       // the server's words in `detail` if it gave any
    lost_server,           // the ring died with our signaling socket
    could_not_connect,     // ICE failed while the call was being set up
    call_failed,           // a WebRTC step failed; the browser's reason in `detail`
    name_refused,          // a login refused; the server's words in `detail` if any
    signed_out,            // a reconnect's login refused: the server's words in `detail` if any
    signed_out_by_server,  // the same, on the login screen
    cannot_reach_server,   // the socket closed before the login got an answer
    retrying_sign_in,      // a first login refused for now (`unavailable`): tried again soon
    tried_to_call,         // the notice "<who> tried to call you", `count` missed so far
};

struct status {
    status_code code = status_code::none;
    std::string who;     // the user it is about, if any
    std::string detail;  // text from elsewhere (server, browser, the name rule)
    int count = 0;       // tried_to_call: missed calls since the notice was dismissed
    // The server's machine-readable reason, when `detail` is the server's words: a language
    // other than the server's English words it from the code instead.
    std::optional<protocol::error_code> error;
    bool operator==(status const&) const = default;
};

using words::language;

std::string status_text(status const& s, language lang = language::english);

}  // namespace duet::call
