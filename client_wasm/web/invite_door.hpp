// What invites and the safety code need of the browser: the page's address (its origin for
// the link, its fragment for an invite it was opened with), the Clipboard API and Web Share
// for the link, and the peer connection's applied descriptions for the safety code.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "js_ref.hpp"

namespace duet::web {

// location.origin ("https://host:port"), and location.hash ("#call=...", or empty).
std::string page_origin();
std::string page_hash();
// Takes the fragment off the address (history.replaceState), so a reload does not act on an
// invite twice.
void clear_page_hash();

// The SDP text of the peer connection's current local or remote description; empty until
// one is applied.
std::string current_sdp(js_ref const& peer_connection, bool local);

// Copy and share: each inside the press (both APIs want a user gesture). `done(ok)` runs
// when the browser has answered, never after the door is gone.
class invite_door {
  public:
    explicit invite_door(std::function<void(bool copied)> on_copied);
    ~invite_door();
    invite_door(invite_door const&) = delete;
    invite_door& operator=(invite_door const&) = delete;

    static bool can_share();  // navigator.share: phones, mostly
    void copy(std::string const& text);
    void share(std::string const& url, std::string const& title);

  private:
    struct owner;
    std::unique_ptr<owner> owner_;
};

}  // namespace duet::web
