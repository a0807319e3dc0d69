// The signaling rules that concern identity (server/identity), apart from the rest of the
// handler: who may sign in under a name bound to an account, and what a callee is told
// about who calls.
#include <nlohmann/json.hpp>

#include "signaling/signaling_handler.hpp"

namespace duet {

namespace proto = protocol;

bool signaling_handler::refused_identity(proto::to_server::login const& m,
                                         std::shared_ptr<recipient> const& self) {
    if (!config_.identity_enabled || (!presented_.name.empty() && presented_.name == m.name))
        return false;
    // The codes are the identity feature's own, beside protocol::error_code's: a tutorial
    // page shows the message, and the login reply says success:false as for any refusal.
    char const* code = nullptr;
    std::string message;
    if (config_.name_is_bound && config_.name_is_bound(m.name)) {
        code = "name_bound";
        message = "The name \"" + m.name + "\" belongs to an account: sign in with it";
    } else if (config_.require_identity) {
        code = "identity_required";
        message = "This server needs you to sign in with your account";
    } else {
        return false;
    }
    nlohmann::json reply{
        {"type", "login"}, {"success", false}, {"code", code}, {"message", message}};
    self->send(std::make_shared<std::string const>(reply.dump()));
    nlohmann::json error{{"type", "error"}, {"code", code}, {"message", message}};
    self->send(std::make_shared<std::string const>(error.dump()));
    return true;
}

std::string signaling_handler::with_identity(std::string encoded) const {
    // Added by the server from what the caller's session proved, never taken from a client.
    // Only with a provider configured: otherwise the wire stays as it always was.
    if (!config_.identity_enabled || encoded.empty() || encoded.back() != '}') return encoded;
    nlohmann::json who{{"verified", verified_}};
    if (verified_) {
        who["name"] = presented_.display.empty() ? presented_.name : presented_.display;
        who["email"] = presented_.email;
        who["issuer"] = presented_.issuer;
    }
    encoded.pop_back();
    return encoded + ",\"identity\":" + who.dump() + "}";
}

}  // namespace duet
