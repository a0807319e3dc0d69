// fetch for the /auth/ routes, answers to auth_reply events (auth_requests.hpp).
#include "auth_requests.hpp"

#include "js.hpp"

namespace duet::web {

namespace {

val auth() { return val::module_property("duetAuth"); }

}  // namespace

auth_requests::auth_requests(event_sink& sink) : sink_(sink) {
    owner_ =
        std::make_unique<event_owner<auth_request>>([this](auth_request what, val const& answer) {
            call::http_reply reply;
            if (is_set(answer) && answer["status"].isNumber()) {
                reply.status = answer["status"].as<int>();
                reply.body = string_or(answer["body"]);
            }
            sink_.push(auth_reply{what, std::move(reply)});
        });
}

auth_requests::~auth_requests() = default;

void auth_requests::ask(auth_request what) {
    char const* method = what == auth_request::sign_out ? "POST" : "GET";
    char const* path = what == auth_request::config ? "/auth/config"
                       : what == auth_request::me   ? "/auth/me"
                                                    : "/auth/logout";
    auth().call<void>("request", val(method), val(path), owner_->handler_for(what));
}

}  // namespace duet::web
