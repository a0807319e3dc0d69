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
};

}  // namespace duet
