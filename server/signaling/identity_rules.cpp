// The signaling rules that concern identity (server/identity), apart from the rest of the
// handler: who may sign in under a name bound to an account, and what a callee is told
// about who calls.
#include "signaling/signaling_handler.hpp"

namespace duet {

namespace proto = protocol;

bool signaling_handler::refused_identity(proto::to_server::login const& m,
                                         name_holder const& holder,
                                         std::shared_ptr<recipient> const& self) {
    // Verified: the name is bound to the very account the connection's session proved.
    verified_ = !holder.account.empty() && holder.account == presented_.account &&
                presented_.name == m.name;
    proto::to_client::login_result reply;
    if (holder.unavailable) {
        // Nobody can say whether the name is an account's: nobody takes it now. The page
        // tries again on its reconnect schedule, as for a registry out of reach.
        reply.code = proto::error_code::unavailable;
        reply.message = "The server cannot reach its accounts directory now; try again shortly";
        self->send(std::make_shared<std::string const>(proto::to_client::encode(reply)));
        return true;
    }
    if (verified_) return false;
    if (!holder.account.empty()) {
        reply.code = proto::error_code::name_bound;
        reply.message = "The name \"" + m.name + "\" belongs to an account: sign in with it";
    } else if (config_.require_identity) {
        reply.code = proto::error_code::identity_required;
        reply.message = "This server needs you to sign in with your account";
    } else {
        return false;
    }
    // The login reply says success:false as for any refusal; the error after it is for a
    // tutorial page, which shows an error's message but not a login reply's.
    self->send(std::make_shared<std::string const>(proto::to_client::encode(reply)));
    self->send(std::make_shared<std::string const>(
        proto::to_client::encode(proto::to_client::make_error(*reply.code, reply.message))));
    return true;
}

std::string signaling_handler::with_identity(std::string encoded) const {
    // Added by the server from what the caller's session proved, never taken from a client.
    // Only with a provider configured: otherwise the wire stays as it always was.
    if (!config_.identity_enabled || encoded.empty() || encoded.back() != '}') return encoded;
    proto::to_client::caller_identity who{verified_};
    if (verified_) {
        who.name = presented_.display.empty() ? presented_.name : presented_.display;
        who.email = presented_.email;
        who.issuer = presented_.issuer;
    }
    encoded.pop_back();
    return encoded + ",\"identity\":" + proto::to_client::identity_json(who).dump() + "}";
}

}  // namespace duet
