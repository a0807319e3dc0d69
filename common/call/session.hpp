// The signed-in session around the calls: what a login reply, a server error or the loss of
// the socket means for the person (which screen, which message), and the missed-call notice.
//
// Decisions the app used to make inline, where no unit test reached them. The app decodes a
// message, hands it here, applies the actions, and draws from the getters; the call itself
// is the call_machine's, which this drives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "call/call_machine.hpp"
#include "call/status_text.hpp"
#include "protocol/protocol.hpp"

namespace duet::call {

// Callers remembered for the notice; its count stops there.
inline constexpr std::size_t max_missed = 100;

class session {
  public:
    explicit session(call_machine& machine) : machine_(machine) {}
    session(session const&) = delete;
    session& operator=(session const&) = delete;

    // Sign in pressed: the name is checked here as the server would, to answer at once.
    actions sign_in(std::string const& name);
    // Any decoded message from the server.
    actions on_message(protocol::to_client::message const& m);
    actions on_login_result(protocol::to_client::login_result const& r);
    actions on_server_error(protocol::to_client::error const& m);
    // The signaling socket closed (its reason is for the log only).
    actions on_socket_closed();
    // The machine's missed_call action: someone rang while we were busy.
    void on_missed_call(std::string const& from);
    void dismiss_notice();

    // The call screen (signed in, or reconnecting) rather than the login screen.
    bool signed_in() const { return machine_.signaling_state() != signaling::signed_out; }
    bool signing_in() const { return signing_in_; }
    // The login screen's message; code none when there is nothing to say.
    status const& login_error() const { return login_error_; }
    // "X tried to call you (N missed calls)"; code none when dismissed.
    status notice() const;
    std::vector<std::string> const& missed() const { return missed_; }
    long long reconnects() const { return reconnects_; }
    // What a server with an identity provider said of the partner's account (the
    // `identity` of their call or offer); nothing from a server without one.
    std::optional<protocol::to_client::caller_identity> partner_identity() const;

  private:
    call_machine& machine_;
    bool signing_in_ = false;
    status login_error_;
    std::string close_reason_;  // what the server said before it closed the socket
    std::vector<std::string> missed_;
    std::string last_missed_;
    long long reconnects_ = 0;
    std::string identified_;  // whom identity_ is about
    std::optional<protocol::to_client::caller_identity> identity_;
};

}  // namespace duet::call
