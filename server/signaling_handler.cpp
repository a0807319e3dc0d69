#include "signaling_handler.hpp"

#include <random>
#include <utility>

#include "names.hpp"

namespace duet {

namespace proto = protocol;
using proto::error_code;

namespace {

void send(peer& to, std::string text) {
    to.send(std::make_shared<std::string const>(std::move(text)));
}

void send_error(peer& to, error_code code, std::string message, std::string user = {}) {
    send(to, proto::to_client::encode(proto::to_client::make_error(code, std::move(message),
                                                                   std::move(user))));
}

std::string in_quotes(std::string const& name) { return "\"" + name + "\""; }

}  // namespace

std::string random_token() {
    thread_local std::random_device device;
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 4; ++i) {
        auto word = device();
        for (int k = 0; k < 8; ++k, word >>= 4) out.push_back(digits[word & 0xF]);
    }
    return out;
}

signaling_handler::signaling_handler(user_registry& registry, signaling_config const& config,
                                     clock::time_point now)
    : registry_(registry),
      config_(config),
      rate_(config.messages_per_second, config.message_burst, now) {}

bool signaling_handler::on_message(std::string_view text, std::shared_ptr<peer> const& self,
                                   clock::time_point now) {
    if (!rate_.take(now)) {
        // One error for the first refused message, then silence: answering every message of
        // a flood would double it. A flood that goes on as long again as a burst is closed.
        if (refused_in_a_row_ == 0) {
            send_error(*self, error_code::rate_limited,
                       "Too many messages; this one was dropped. Slow down.");
        }
        refused_in_a_row_ += 1;
        return refused_in_a_row_ < config_.message_burst;
    }
    refused_in_a_row_ = 0;
    auto decoded = proto::to_server::decode(text, config_.limits);
    if (!decoded) {
        send_error(*self, decoded.error.code, std::move(decoded.error.message));
        return true;
    }
    std::visit([&](auto& m) { handle(m, self); }, *decoded.value);
    return true;
}

void signaling_handler::on_disconnect(peer const* self) {
    if (name_.empty()) return;
    std::string partner_name;
    auto partner = registry_.remove(name_, self, &partner_name);
    if (partner) send(*partner, proto::to_client::encode(proto::to_client::leave{name_}));
    name_.clear();
}

void signaling_handler::handle(proto::to_server::login& m, std::shared_ptr<peer> const& self) {
    proto::to_client::login_result reply;
    if (!name_.empty()) {
        reply.code = error_code::already_logged_in;
        reply.message = "Already signed in as " + in_quotes(name_);
    } else if (auto invalid = proto::validate_name(m.name)) {
        reply.code = invalid->code;
        reply.message = std::move(invalid->message);
    } else {
        auto token = config_.make_token ? config_.make_token() : random_token();
        auto claimed = registry_.claim(m.name, m.token, token, self);
        if (!claimed.ok) {
            reply.code = error_code::name_taken;
            reply.message = "Name " + in_quotes(m.name) + " is already taken";
        } else {
            if (claimed.replaced) {
                send_error(*claimed.replaced, error_code::replaced,
                           "Signed in again from another connection", m.name);
                claimed.replaced->disconnect();
            }
            name_ = std::move(m.name);
            reply.success = true;
            reply.name = name_;
            reply.ice_servers = config_.ice_servers;
            reply.token = std::move(token);
        }
    }
    send(*self, proto::to_client::encode(reply));
}

std::shared_ptr<peer> signaling_handler::route(std::string const& to, bool is_call_setup,
                                               std::shared_ptr<peer> const& self) {
    if (name_.empty()) {
        send_error(*self, error_code::not_logged_in, "Sign in first");
        return nullptr;
    }
    if (to == name_) {
        send_error(*self, error_code::self_call,
                   is_call_setup ? "You cannot call yourself" : "You cannot message yourself",
                   to);
        return nullptr;
    }
    auto target = registry_.find(to);
    if (!target) {
        send_error(*self, error_code::not_online, "User " + in_quotes(to) + " is not online", to);
    }
    return target;
}

void signaling_handler::handle(proto::to_server::offer& m, std::shared_ptr<peer> const& self) {
    auto target = route(m.to, true, self);
    if (!target) return;
    registry_.link(name_, m.to);
    send(*target, proto::to_client::encode(proto::to_client::offer{name_, std::move(m.sdp)}));
}

void signaling_handler::handle(proto::to_server::answer& m, std::shared_ptr<peer> const& self) {
    auto target = route(m.to, true, self);
    if (!target) return;
    registry_.link(name_, m.to);
    send(*target, proto::to_client::encode(proto::to_client::answer{name_, std::move(m.sdp)}));
}

void signaling_handler::handle(proto::to_server::candidate& m,
                               std::shared_ptr<peer> const& self) {
    auto target = route(m.to, false, self);
    if (!target) return;
    send(*target,
         proto::to_client::encode(proto::to_client::candidate{name_, std::move(m.candidate)}));
}

void signaling_handler::handle(proto::to_server::leave& m, std::shared_ptr<peer> const& self) {
    if (name_.empty()) {
        send_error(*self, error_code::not_logged_in, "Sign in first");
        return;
    }
    std::string to = m.to.empty() ? registry_.partner_of(name_) : std::move(m.to);
    if (to.empty()) {
        send_error(*self, error_code::no_partner, "You are not in a call");
        return;
    }
    auto target = route(to, false, self);
    // Leaving is also the end of our side of the call when the peer is already gone.
    registry_.unlink(name_, to);
    if (!target) return;
    send(*target, proto::to_client::encode(proto::to_client::leave{name_}));
}

}  // namespace duet
