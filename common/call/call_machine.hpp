// The client's call: its lifecycle from a ring to its end, and what the browser must do next.
//
// The app feeds it what happened (a button, a signaling message, a browser result, a timer
// firing) and applies the actions it returns, in order (call/actions.hpp). The lifecycle
// lives here; the rest is delegated: `negotiation` (perfect negotiation, the glare rule),
// `signaling_link` (sign-in, reconnect, the one outbox), `ice_refresh` (TURN credentials),
// `roster` (presence), and `status_text` (every word the person reads). `session` handles
// what happens around a call: login replies, server errors, the socket's loss.
//
// The rules are docs/call_control.md, "Client rules": a ring before the offer, Accept /
// Decline / Cancel, the glare rule, perfect negotiation inside a call, ICE restarts, and a
// call that survives the loss of the signaling connection.
#pragma once

#include <string>
#include <vector>

#include "call/actions.hpp"
#include "call/ice_refresh.hpp"
#include "call/negotiation.hpp"
#include "call/roster.hpp"
#include "call/signaling_link.hpp"
#include "call/status_text.hpp"
#include "protocol/protocol.hpp"

namespace duet::call {

// A `disconnected` ICE connection often recovers by itself within a second or two (a brief
// loss on Wi-Fi); restarting at once would only add signaling.
inline constexpr int ice_grace_ms = 2000;
// Typing in the search field sends the search once the keys pause this long (Enter sends it
// at once): a word typed at speed is one search, not one per key, and the list still
// follows within a blink of the last key.
inline constexpr int search_debounce_ms = 200;

// What the person may do now: the buttons the call screen enables.
struct allowed {
    bool call = false;     // start a call (idle, or the last one ended)
    bool cancel = false;   // give up our ring (or our call being set up)
    bool hang_up = false;  // end a call being set up or up
    bool answer = false;   // Accept or Decline a ring
    bool operator==(allowed const&) const = default;
};
// The rule behind allowed_now(), for a screen shown without a machine (the UI's tests).
allowed allowed_in(state s, role r);

class call_machine {
  public:
    // --- the user ---
    // Signs in as `name`: the login goes out (now or when the socket opens).
    actions sign_in(std::string const& name);
    actions signed_in(protocol::to_client::login_result const& r);
    actions call(std::string const& name);
    actions accept();   // ringing_in: take the call
    actions decline();  // ringing_in: refuse it
    actions cancel();   // ringing_out (or connecting as the caller): give up
    actions hang_up();  // whatever fits the state: cancel, decline, or end the call
    // The server replaced us or a reconnect's login failed: back to signed out.
    actions signed_out(status why);
    // The online list's search (a server with presence windows only; to any other nothing is
    // ever sent): `search_typed` as the field changes, sent after search_debounce_ms without
    // a change; `search` at once (Enter, the field cleared by Esc). A search is remembered
    // while signed out or reconnecting and sent after the next login that has a window.
    actions search_typed(std::string prefix);
    actions search(std::string prefix);

    // --- the signaling server ---
    actions on_call(protocol::to_client::call const& m);
    actions on_accept(protocol::to_client::accept const& m);
    actions on_offer(protocol::to_client::offer const& m);
    actions on_answer(protocol::to_client::answer const& m);
    actions on_candidate(protocol::to_client::candidate const& m);
    actions on_leave(protocol::to_client::leave const& m);
    actions on_missed(protocol::to_client::missed const& m);
    actions on_error(protocol::to_client::error const& m);
    actions on_presence(protocol::to_client::presence const& m);
    actions on_ice_servers(protocol::to_client::ice_servers const& m);
    // The socket closed: keeps the call, schedules a reconnect. Signed out, what waited for
    // the socket is dropped.
    actions on_signaling_lost();
    // The socket opened: after a loss, the login that reclaims our name and relinks the call;
    // otherwise what waited for it (a login).
    actions on_signaling_open();
    // A login reply refused us; after a loss that signs us out.
    actions on_login_failed(protocol::to_client::login_result const& r);
    // A first sign-in refused for now (`unavailable`): tried again on the reconnect's
    // schedule (signaling_link::on_first_login_unavailable) until it is answered otherwise.
    actions on_first_login_unavailable();
    // A first sign-in answered otherwise (a refused name) while it was being retried: the
    // retries stop.
    actions stop_login_retry();

    // --- the browser ---
    actions on_media_ready();
    actions on_media_denied();
    actions on_offer_created(pc_id pc, json sdp);
    actions on_local_description(pc_id pc, json sdp);
    actions on_remote_description_applied(pc_id pc);
    actions on_ice_candidate(pc_id pc, json candidate);
    actions on_connected(pc_id pc);
    actions on_disconnected(pc_id pc);       // ICE lost the path; it may come back
    actions on_connection_failed(pc_id pc);  // ICE gave up
    // One of the calls that set the connection up was rejected (or it could not be made).
    actions on_failed(pc_id pc, std::string const& reason);

    // --- the clock ---
    actions on_timer(timer which);

    state current_state() const { return state_; }
    role current_role() const { return role_; }
    signaling signaling_state() const { return link_.state(); }
    bool reconnecting() const { return link_.state() == signaling::reconnecting; }
    bool retrying_login() const { return link_.retrying_login(); }
    std::string const& self() const { return self_; }
    std::string const& partner() const { return partner_; }  // empty unless a call is on
    pc_id current_pc() const { return pc_; }
    allowed allowed_now() const;
    // In a call whose media path is down and being restored.
    bool media_interrupted() const { return state_ == state::in_call && media_down_; }
    bool presence_enabled() const { return presence_enabled_; }
    // The login reply's `presenceWindow`: the most names the list holds; 0, everyone (a server
    // before windows, which knows no search).
    int presence_window() const { return presence_window_; }
    // More people match the search than the window shows.
    bool presence_more() const { return roster_.more(); }
    // The search the list shown answers, and the one the person asks for now.
    std::string const& presence_prefix() const { return roster_.prefix(); }
    std::string const& search_prefix() const { return search_wanted_; }
    // Everyone else online, by name.
    std::vector<protocol::to_client::presence_entry> const& roster() const {
        return roster_.entries();
    }
    bool timer_running(timer t) const;
    int ring_timeout_ms() const { return ring_timeout_ms_; }
    int lost_timeout_ms() const { return lost_timeout_ms_; }
    std::size_t queued_remote_candidates() const { return negotiation_.queued_remote_candidates(); }
    std::size_t queued_local_candidates() const { return negotiation_.queued_local_candidates(); }
    std::size_t queued_messages() const { return link_.queued(); }

  private:
    enum class media { not_requested, pending, ready, denied };

    bool signed_in_now() const { return link_.state() != signaling::signed_out; }
    bool has_call() const { return state_ != state::idle && state_ != state::ended; }
    // The call's media is set up or up: it outlives the signaling socket.
    bool call_kept() const { return state_ == state::connecting || state_ == state::in_call; }
    bool is_current(pc_id pc) const { return pc != 0 && pc == pc_; }
    bool media_settled() const { return media_ == media::ready || media_ == media::denied; }
    status about_partner(status_code c) const { return {c, partner_, {}, 0}; }

    // What Sign in sends: our features, the token when signing in again under the name it
    // reclaims, and the partner of a call that is still up.
    protocol::to_server::login login_request(std::string const& name) const;
    void send(protocol::to_server::message m, actions& out);
    void arm(timer t, int ms, actions& out);
    void disarm(timer t, actions& out);
    void arm_ice_refresh(actions& out);
    void send_search(actions& out);
    void resume_search(actions& out);
    void begin_call(state s, role r, std::string const& partner);
    void start_connecting(role r, actions& out);
    void ensure_media(actions& out);
    void negotiate_if_ready(actions& out);
    void create_peer(actions& out);
    void make_offer(bool ice_restart, actions& out);
    void apply_remote(json sdp, bool is_offer, actions& out);
    void handle_partner_offer(json sdp, actions& out);
    void restart_ice(actions& out);
    void interrupted(actions& out);
    void end_call(state next, status why, bool tell_partner, protocol::end_reason reason,
                  actions& out);
    void reset_call();

    state state_ = state::idle;
    role role_ = role::none;
    media media_ = media::not_requested;
    std::string self_;
    std::string partner_;

    signaling_link link_;
    ice_refresh ice_;
    call::roster roster_;
    // From the login reply.
    int ring_timeout_ms_ = 30000;
    int lost_timeout_ms_ = 30000;
    bool presence_enabled_ = false;
    int presence_window_ = 0;
    std::string search_wanted_;  // what the search field asks for
    std::string search_sent_;    // what the server's window answers (a new socket's: "")

    pc_id pc_ = 0;
    pc_id last_pc_ = 0;
    bool tutorial_ = false;  // the call began with a bare offer (a tutorial client), no ring
    json pending_offer_;     // an offer waiting for Accept, or for the camera
    negotiation negotiation_;
    bool media_down_ = false;  // in a call, and ICE is disconnected or failed
    unsigned armed_ = 0;       // a bit per timer
};

}  // namespace duet::call
