#include "signaling/signaling_handler.hpp"

#include <algorithm>
#include <random>
#include <utility>

#include "protocol/names.hpp"
#include "signaling/relay_text.hpp"

namespace duet {

namespace proto = protocol;
using proto::error_code;

namespace {

void send(recipient& to, std::string text) {
    to.send(std::make_shared<std::string const>(std::move(text)));
}

void send_error(recipient& to, error_code code, std::string message, std::string user = {}) {
    send(to, proto::to_client::encode(proto::to_client::make_error(code, std::move(message),
                                                                   std::move(user))));
}

std::string in_quotes(std::string const& name) { return "\"" + name + "\""; }

bool declares(std::vector<std::string> const& features, std::string_view feature) {
    return std::find(features.begin(), features.end(), feature) != features.end();
}

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

signaling_handler::signaling_handler(user_registry& registry, class presence& presence,
                                     signaling_config const& config, clock::time_point now)
    : registry_(registry),
      presence_(presence),
      config_(config),
      rate_(config.messages_per_second, config.message_burst, now) {}

bool signaling_handler::on_message(std::string_view text, std::shared_ptr<recipient> const& self,
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
    auto decoded = relay_text::decode(text, config_.limits);
    if (!decoded) {
        send_error(*self, decoded.error.code, std::move(decoded.error.message));
        return true;
    }
    std::visit([&](auto& m) { handle(m, self); }, *decoded.value);
    return true;
}

void signaling_handler::on_disconnect(recipient const* self) {
    if (name_.empty()) return;
    // A page that meant to end its call said so with `leave` first; a linked user whose
    // connection just dropped (a network change, a server it reached through going away) is
    // given time to come back. Tutorial pages cannot come back: their partner is told now.
    if (config_.defer && rings_ && !registry_.partner_of(name_).empty()) {
        config_.defer(std::chrono::seconds(config_.lost_timeout),
                      [&registry = registry_, &presence = presence_, name = name_,
                       token = token_] {
                          auto gone = registry.expire(name, token);
                          presence.publish(std::move(gone.presence));
                          if (!gone.partner) return;
                          send(*gone.partner,
                               proto::to_client::encode(proto::to_client::leave{
                                   name, proto::end_reason::connection_lost}));
                      });
        name_.clear();
        return;
    }
    auto gone = registry_.remove(name_, self);
    presence_.publish(std::move(gone.presence));
    if (gone.partner) {
        send(*gone.partner, proto::to_client::encode(proto::to_client::leave{name_}));
    }
    name_.clear();
}

void signaling_handler::handle(proto::to_server::login& m, std::shared_ptr<recipient> const& self) {
    proto::to_client::login_result reply;
    bool subscribe = false;
    if (!name_.empty()) {
        reply.code = error_code::already_logged_in;
        reply.message = "Already signed in as " + in_quotes(name_);
    } else if (auto invalid = proto::validate_name(m.name)) {
        reply.code = invalid->code;
        reply.message = std::move(invalid->message);
    } else {
        auto token = config_.make_token ? config_.make_token() : random_token();
        bool const rings = declares(m.features, proto::feature::ring);
        auto claimed = registry_.claim(m.name, m.token, token, self, {rings, m.partner});
        presence_.publish(std::move(claimed.presence));
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
            token_ = token;
            rings_ = rings;
            subscribe = config_.presence && declares(m.features, proto::feature::presence);
            reply.success = true;
            reply.name = name_;
            reply.ice_servers = ice_servers_for(name_);
            reply.token = std::move(token);
            if (rings) {
                reply.ice_ttl = config_.ice_ttl;
                reply.ice_transport_policy =
                    config_.ice_transport_policy.empty() ? "all" : config_.ice_transport_policy;
                reply.ring_timeout = config_.ring_timeout;
                reply.lost_timeout = config_.lost_timeout;
                reply.presence = subscribe;
            }
        }
    }
    send(*self, proto::to_client::encode(reply));
    // After the reply, so the list follows it.
    if (subscribe) presence_.publish(registry_.subscribe(reply.name, self));
}

std::vector<proto::ice_server> signaling_handler::ice_servers_for(std::string const& name) const {
    auto servers = config_.ice_servers;
    if (config_.make_turn_server) servers.push_back(config_.make_turn_server(name));
    return servers;
}

std::shared_ptr<recipient> signaling_handler::route(std::string const& to, bool is_call_setup,
                                               std::shared_ptr<recipient> const& self) {
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

void signaling_handler::handle(proto::to_server::offer& m, std::shared_ptr<recipient> const& self) {
    auto target = route(m.to, true, self);
    if (!target) return;
    presence_.publish(registry_.link(name_, m.to));
    send(*target, proto::to_client::encode(
                      proto::to_client::offer{name_, std::move(m.sdp), std::move(m.sdp_text)}));
}

void signaling_handler::handle(proto::to_server::answer& m,
                               std::shared_ptr<recipient> const& self) {
    auto target = route(m.to, true, self);
    if (!target) return;
    presence_.publish(registry_.link(name_, m.to));
    send(*target, proto::to_client::encode(
                      proto::to_client::answer{name_, std::move(m.sdp), std::move(m.sdp_text)}));
}

void signaling_handler::handle(proto::to_server::candidate& m,
                               std::shared_ptr<recipient> const& self) {
    auto target = route(m.to, false, self);
    if (!target) return;
    send(*target, proto::to_client::encode(proto::to_client::candidate{
                      name_, std::move(m.candidate), std::move(m.candidate_text)}));
}

void signaling_handler::handle(proto::to_server::leave& m, std::shared_ptr<recipient> const& self) {
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
    presence_.publish(registry_.unlink(name_, to));
    if (!target) return;
    send(*target, proto::to_client::encode(proto::to_client::leave{name_, m.reason}));
}

void signaling_handler::handle(proto::to_server::call& m, std::shared_ptr<recipient> const& self) {
    auto target = route(m.to, true, self);
    if (!target) return;
    auto rung = registry_.call(name_, m.to);
    presence_.publish(std::move(rung.presence));
    using outcome = user_registry::call_result::outcome;
    switch (rung.result) {
        case outcome::ringing:
            if (rung.callee_rings) {
                send(*rung.callee, proto::to_client::encode(proto::to_client::call{name_}));
            } else {
                // A page without `ring` (the tutorial's) answers every offer at once: it has
                // accepted already, so the caller may send its offer now.
                send(*self, proto::to_client::encode(proto::to_client::accept{m.to}));
            }
            break;
        case outcome::busy:
            send_error(*self, error_code::busy, "User " + in_quotes(m.to) + " is busy", m.to);
            if (rung.callee_rings) {
                send(*rung.callee, proto::to_client::encode(proto::to_client::missed{name_}));
            }
            break;
        case outcome::already_in_call:
            send_error(*self, error_code::already_in_call,
                       "You are already in a call with " + in_quotes(rung.partner), m.to);
            break;
        case outcome::not_online:
            send_error(*self, error_code::not_online, "User " + in_quotes(m.to) + " is not online",
                       m.to);
            break;
        case outcome::not_signed_in:
            send_error(*self, error_code::not_logged_in, "Sign in first");
            break;
    }
}

void signaling_handler::handle(proto::to_server::accept& m,
                               std::shared_ptr<recipient> const& self) {
    auto target = route(m.to, true, self);
    if (!target) return;
    auto caller = registry_.linked_recipient(name_, m.to);
    if (!caller) {
        send_error(*self, error_code::not_ringing,
                   "User " + in_quotes(m.to) + " is not calling you", m.to);
        return;
    }
    send(*caller, proto::to_client::encode(proto::to_client::accept{name_}));
}

void signaling_handler::handle(proto::to_server::refresh_ice&,
                               std::shared_ptr<recipient> const& self) {
    if (name_.empty()) {
        send_error(*self, error_code::not_logged_in, "Sign in first");
        return;
    }
    send(*self, proto::to_client::encode(
                    proto::to_client::ice_servers{ice_servers_for(name_), config_.ice_ttl}));
}

}  // namespace duet
