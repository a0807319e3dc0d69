// The ICE servers a peer connection is given, and when to ask for fresh ones.
//
// TURN credentials expire (iceTtl seconds, from the login reply and each `ice_servers`);
// they are renewed with `refresh_ice` at 80% of that, early enough that a late reply still
// arrives before they run out. Only the credentials change: the transport policy comes with
// the login.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "call/actions.hpp"
#include "protocol/protocol.hpp"

namespace duet::call {

// When to ask again for credentials that live `ttl_seconds`: at 80%, and never sooner than
// half a second (a tiny TTL must not make a request loop). Nothing for no TTL.
std::optional<int> ice_refresh_delay_ms(int ttl_seconds);

class ice_refresh {
  public:
    // The login reply's servers, policy and TTL.
    act::set_ice_servers on_login(protocol::to_client::login_result const& r);
    // A refresh's servers and TTL.
    act::set_ice_servers on_servers(protocol::to_client::ice_servers const& m);
    // When the next refresh is due (after either of the above, or after a request).
    std::optional<int> next_refresh_ms() const { return ice_refresh_delay_ms(ttl_); }

  private:
    act::set_ice_servers config() const { return {servers_, transport_policy_}; }

    std::vector<protocol::ice_server> servers_;
    std::string transport_policy_;
    int ttl_ = 0;
};

}  // namespace duet::call
