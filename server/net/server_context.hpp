#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "ops/connection_limiter.hpp"
#include "ops/server_options.hpp"
#include "net/executor_policy.hpp"
#include "net/session_list.hpp"
#include "signaling/presence.hpp"
#include "signaling/signaling_handler.hpp"
#include "signaling/user_registry.hpp"

namespace duet {

namespace identity {
class relying_party;
}

// What every connection of one server shares; outlives them all.
struct server_context {
    user_registry& registry;
    class presence& presence;  // sends what the registry's changes return
    signaling_config signaling;
    std::filesystem::path web_root;  // canonical
    server_limits limits;
    std::vector<std::string> allowed_origins;
    boost::asio::ssl::context* tls = nullptr;  // null: plain HTTP only
    std::shared_ptr<connection_limiter> limiter;
    executor_policy executors{1};  // from the number of I/O threads running the io_context
    session_list sessions;
    // Sign-in through an OpenID Connect provider (--oidc-issuer); null without one.
    identity::relying_party* identity = nullptr;
};

}  // namespace duet
