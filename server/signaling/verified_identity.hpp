// Who a connection proved to be through an identity provider (the session cookie its upgrade
// request carried), as the signaling rules see it: no tokens, no keys, only what a callee is
// shown. server/identity makes it; the handler only compares names and relays it.
#pragma once

#include <string>

namespace duet {

struct verified_identity {
    std::string name;  // the Duet name the account is bound to
    std::string email;
    std::string issuer;
    std::string display;  // e.g. "Alice Wang"
    std::string account;  // sub@iss (identity::account_key): what the name is bound to
};

// Who holds a name in the bindings (identity/binding_store.hpp), as a login's check sees it:
// the account it is bound to, or empty when none is. `unavailable`: the bindings could not be
// asked (their Redis is out of reach), so nobody may take the name now.
struct name_holder {
    std::string account;
    bool unavailable = false;
};

}  // namespace duet
