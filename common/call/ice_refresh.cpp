// ICE server configuration and its refresh schedule (see ice_refresh.hpp).
#include "call/ice_refresh.hpp"

#include <algorithm>

namespace duet::call {

std::optional<int> ice_refresh_delay_ms(int ttl_seconds) {
    if (ttl_seconds <= 0) return std::nullopt;
    return std::max(ttl_seconds * 800, 500);
}

act::set_ice_servers ice_refresh::on_login(protocol::to_client::login_result const& r) {
    servers_ = r.ice_servers;
    transport_policy_ = r.ice_transport_policy;
    ttl_ = r.ice_ttl;
    return config();
}

act::set_ice_servers ice_refresh::on_servers(protocol::to_client::ice_servers const& m) {
    servers_ = m.servers;
    ttl_ = m.ttl;
    return config();
}

}  // namespace duet::call
