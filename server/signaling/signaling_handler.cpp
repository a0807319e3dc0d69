#include "signaling/signaling_handler.hpp"

#include <algorithm>
#include <random>
#include <type_traits>
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

// Publishes what signing `name` out changed and tells its partner, if any, that the call is
// over. Runs wherever the registry completes it: it touches no connection's state.
auto signed_out(presence& sender, std::string name, proto::end_reason reason) {
    return [&sender, name = std::move(name), reason](user_registry::removal gone) {
        sender.publish(std::move(gone.presence));
        if (!gone.partner) return;
        send(*gone.partner, proto::to_client::encode(proto::to_client::leave{name, reason}));
    };
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
    if (closed_) return false;
    if (waiting_) {
        if (backlog_.size() >= max_waiting_messages) return false;
        backlog_.emplace_back(text);
        return true;
    }
    process(text, self);
    return true;
}

void signaling_handler::process(std::string_view text, std::shared_ptr<recipient> const& self) {
    auto decoded = relay_text::decode(text, config_.limits);
    if (!decoded) {
        send_error(*self, decoded.error.code, std::move(decoded.error.message));
        return;
    }
    in_turn_ = true;
    std::visit([&](auto& m) { handle(m, self); }, *decoded.value);
    in_turn_ = false;
}

void signaling_handler::next_turn(std::shared_ptr<recipient> const& self) {
    std::size_t done = 0;
    while (!waiting_ && !closed_ && done < backlog_.size()) {
        auto text = std::move(backlog_[done++]);
        process(text, self);
    }
    // Messages read while those ran were appended: only the handled ones go.
    if (closed_) {
        backlog_.clear();
    } else {
        backlog_.erase(backlog_.begin(), backlog_.begin() + static_cast<std::ptrdiff_t>(done));
    }
}

template <class Result, class Then>
auto signaling_handler::after(std::shared_ptr<recipient> const& self, Then then,
                              bool even_if_closed) {
    waiting_ = true;
    auto handler = [this, self, then = std::move(then), even_if_closed](Result result) mutable {
        waiting_ = false;
        if (closed_ && !even_if_closed) return;
        then(std::move(result));
        // Completed later (not inside the operation) and the message is done: the messages
        // that waited for it go now.
        if (!waiting_ && !in_turn_ && !backlog_.empty()) next_turn(self);
    };
    return continuation<decltype(handler)>{std::move(handler), self.get()};
}

void signaling_handler::on_disconnect(recipient const* self) {
    closed_ = true;
    backlog_.clear();
    if (name_.empty()) return;
    auto name = std::exchange(name_, {});
    // A page that meant to end its call said so with `leave` first; a linked user whose
    // connection just dropped (a network change, a server it reached through going away) is
    // given time to come back. Tutorial pages cannot come back: their partner is told now.
    if (!config_.defer || !rings_) {
        registry_.remove(name, self, signed_out(presence_, name, proto::end_reason::hung_up));
        return;
    }
    registry_.partner_of(
        name, [&registry = registry_, &sender = presence_, &config = config_, name,
                token = token_, self](std::string partner) {
                   if (partner.empty()) {
                       registry.remove(name, self,
                                       signed_out(sender, name, proto::end_reason::hung_up));
                       return;
                   }
                   config.defer(std::chrono::seconds(config.lost_timeout),
                                [&registry, &sender, name, token] {
                                    registry.expire(
                                        name, token,
                                        signed_out(sender, name,
                                                   proto::end_reason::connection_lost));
                                });
               });
}

void signaling_handler::handle(proto::to_server::login& m, std::shared_ptr<recipient> const& self) {
    proto::to_client::login_result reply;
    if (!name_.empty()) {
        reply.code = error_code::already_logged_in;
        reply.message = "Already signed in as " + in_quotes(name_);
    } else if (auto invalid = proto::validate_name(m.name)) {
        reply.code = invalid->code;
        reply.message = std::move(invalid->message);
    } else if (!config_.identity_enabled) {
        return claim(m, self);
    } else if (config_.holder_of) {
        // Who holds the name first (a round trip when the bindings are in Redis), then the claim.
        auto const name = m.name;
        config_.holder_of(
            name, after<name_holder>(self, [this, self, m = std::move(m)](name_holder holder) mutable {
                if (!refused_identity(m, holder, self)) claim(m, self);
            }));
        return;
    } else {
        if (!refused_identity(m, name_holder{}, self)) claim(m, self);
        return;
    }
    send(*self, proto::to_client::encode(reply));
}

void signaling_handler::claim(proto::to_server::login& m, std::shared_ptr<recipient> const& self) {
    auto token = config_.make_token ? config_.make_token() : random_token();
    bool const rings = declares(m.features, proto::feature::ring);
    auto const name = m.name;
    auto const presented = m.token;
    user_registry::sign_in const how{rings, m.partner};
    registry_.claim(
        name, presented, token, self, how,
        after<user_registry::claim_result>(
            self,
            [this, self, m = std::move(m), token](user_registry::claim_result claimed) mutable {
                signed_in(m, std::move(token), std::move(claimed), self);
            },
            true));
}

void signaling_handler::signed_in(proto::to_server::login& m, std::string token,
                                  user_registry::claim_result claimed,
                                  std::shared_ptr<recipient> const& self) {
    presence_.publish(std::move(claimed.presence));
    if (claimed.ok && claimed.replaced) {
        send_error(*claimed.replaced, error_code::replaced,
                   "Signed in again from another connection", m.name);
        claimed.replaced->disconnect();
    }
    if (closed_) {
        // The connection closed while the claim was on its way: the name is given back.
        if (claimed.ok) {
            registry_.remove(m.name, self.get(),
                             signed_out(presence_, m.name, proto::end_reason::hung_up));
        }
        return;
    }
    proto::to_client::login_result reply;
    bool subscribe = false;
    if (claimed.unavailable) {
        reply.code = error_code::unavailable;
        reply.message = "The server cannot reach its user directory now; try again shortly";
    } else if (!claimed.ok) {
        reply.code = error_code::name_taken;
        reply.message = "Name " + in_quotes(m.name) + " is already taken";
    } else {
        bool const rings = declares(m.features, proto::feature::ring);
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
            if (subscribe) reply.presence_window = config_.presence_window;
        }
    }
    send(*self, proto::to_client::encode(reply));
    // After the reply, so the list follows it.
    subscribed_ = subscribe;
    if (!subscribe) return;
    registry_.subscribe(name_, self, after<presence_update>(self, [this](presence_update list) {
                            presence_.publish(std::move(list));
                        }));
}

std::vector<proto::ice_server> signaling_handler::ice_servers_for(std::string const& name) const {
    auto servers = config_.ice_servers;
    if (config_.make_turn_server) servers.push_back(config_.make_turn_server(name));
    return servers;
}

template <class Message, class Then>
void signaling_handler::route(Message&& m, bool is_call_setup,
                              std::shared_ptr<recipient> const& self, Then then) {
    if (name_.empty()) {
        send_error(*self, error_code::not_logged_in, "Sign in first");
        return;
    }
    if (m.to == name_) {
        send_error(*self, error_code::self_call,
                   is_call_setup ? "You cannot call yourself" : "You cannot message yourself",
                   m.to);
        return;
    }
    auto const to = m.to;  // m moves into the completion
    registry_.find(to, after<std::shared_ptr<recipient>>(
                           self, [self, m = std::move(m), then = std::move(then)](
                                     std::shared_ptr<recipient> target) mutable {
                               if (!target) {
                                   send_error(*self, error_code::not_online,
                                              "User " + in_quotes(m.to) + " is not online", m.to);
                                   return;
                               }
                               then(m, std::move(target));
                           }));
}

void signaling_handler::handle(proto::to_server::offer& m, std::shared_ptr<recipient> const& self) {
    relay_description<proto::to_client::offer>(std::move(m), self);
}

void signaling_handler::handle(proto::to_server::answer& m,
                               std::shared_ptr<recipient> const& self) {
    relay_description<proto::to_client::answer>(std::move(m), self);
}

// An offer or answer: links the two (the tutorial's calls have no `call`), then relays it.
template <class Relayed, class Message>
void signaling_handler::relay_description(Message&& m, std::shared_ptr<recipient> const& self) {
    route(std::move(m), true, self, [this, self](auto& sent, std::shared_ptr<recipient> target) {
        auto const to = sent.to;
        registry_.link(
            name_, to,
            after<presence_update>(self, [this, sent = std::move(sent), target = std::move(target)](
                                             presence_update changed) mutable {
                presence_.publish(std::move(changed));
                auto text = proto::to_client::encode(
                    Relayed{name_, std::move(sent.sdp), std::move(sent.sdp_text)});
                if constexpr (std::is_same_v<Relayed, proto::to_client::offer>)
                    text = with_identity(std::move(text));
                send(*target, std::move(text));
            }));
    });
}

void signaling_handler::handle(proto::to_server::candidate& m,
                               std::shared_ptr<recipient> const& self) {
    route(std::move(m), false, self, [this](auto& sent, std::shared_ptr<recipient> const& target) {
        send(*target, proto::to_client::encode(proto::to_client::candidate{
                          name_, std::move(sent.candidate), std::move(sent.candidate_text)}));
    });
}

void signaling_handler::handle(proto::to_server::leave& m, std::shared_ptr<recipient> const& self) {
    if (name_.empty()) {
        send_error(*self, error_code::not_logged_in, "Sign in first");
        return;
    }
    if (!m.to.empty()) return leave_call(std::move(m.to), m.reason, self);
    registry_.partner_of(name_, after<std::string>(self, [this, self, reason = m.reason](
                                                             std::string partner) {
                             if (partner.empty()) {
                                 send_error(*self, error_code::no_partner,
                                            "You are not in a call");
                                 return;
                             }
                             leave_call(std::move(partner), reason, self);
                         }));
}

void signaling_handler::leave_call(std::string to, proto::end_reason reason,
                                   std::shared_ptr<recipient> const& self) {
    // Leaving is also the end of our side of the call when the partner is already gone: the
    // link goes whether or not the partner is found.
    auto found = [this, self, reason](std::string const& partner,
                                      std::shared_ptr<recipient> target) {
        registry_.unlink(name_, partner, after<presence_update>(self, [this, target, reason](
                                                                     presence_update changed) {
                             presence_.publish(std::move(changed));
                             if (!target) return;
                             send(*target, proto::to_client::encode(
                                               proto::to_client::leave{name_, reason}));
                         }));
    };
    if (to == name_) {
        send_error(*self, error_code::self_call, "You cannot message yourself", to);
        return found(to, nullptr);
    }
    registry_.find(to, after<std::shared_ptr<recipient>>(
                           self, [self, to, found](std::shared_ptr<recipient> target) {
                               if (!target) {
                                   send_error(*self, error_code::not_online,
                                              "User " + in_quotes(to) + " is not online", to);
                               }
                               found(to, std::move(target));
                           }));
}

void signaling_handler::handle(proto::to_server::call& m, std::shared_ptr<recipient> const& self) {
    route(std::move(m), true, self, [this, self](auto& sent, std::shared_ptr<recipient> const&) {
        auto const to = sent.to;
        registry_.call(name_, to, after<user_registry::call_result>(
                                      self, [this, self, to](user_registry::call_result rung) {
                                          rang(to, std::move(rung), self);
                                      }));
    });
}

void signaling_handler::rang(std::string const& to, user_registry::call_result rung,
                             std::shared_ptr<recipient> const& self) {
    presence_.publish(std::move(rung.presence));
    using outcome = user_registry::call_result::outcome;
    switch (rung.result) {
        case outcome::ringing:
            if (rung.callee_rings) {
                send(*rung.callee, with_identity(proto::to_client::encode(proto::to_client::call{name_})));
            } else {
                // A page without `ring` (the tutorial's) answers every offer at once: it has
                // accepted already, so the caller may send its offer now.
                send(*self, proto::to_client::encode(proto::to_client::accept{to}));
            }
            break;
        case outcome::busy:
            send_error(*self, error_code::busy, "User " + in_quotes(to) + " is busy", to);
            if (rung.callee_rings) {
                send(*rung.callee, proto::to_client::encode(proto::to_client::missed{name_}));
            }
            break;
        case outcome::already_in_call:
            send_error(*self, error_code::already_in_call,
                       "You are already in a call with " + in_quotes(rung.partner), to);
            break;
        case outcome::not_online:
            send_error(*self, error_code::not_online, "User " + in_quotes(to) + " is not online",
                       to);
            break;
        case outcome::not_signed_in:
            send_error(*self, error_code::not_logged_in, "Sign in first");
            break;
    }
}

void signaling_handler::handle(proto::to_server::accept& m,
                               std::shared_ptr<recipient> const& self) {
    route(std::move(m), true, self, [this, self](auto& sent, std::shared_ptr<recipient> const&) {
        auto const to = sent.to;
        registry_.linked_recipient(
            name_, to,
            after<std::shared_ptr<recipient>>(
                self, [this, self, to](std::shared_ptr<recipient> caller) {
                    if (!caller) {
                        send_error(*self, error_code::not_ringing,
                                   "User " + in_quotes(to) + " is not calling you", to);
                        return;
                    }
                    send(*caller, proto::to_client::encode(proto::to_client::accept{name_}));
                }));
    });
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

void signaling_handler::handle(proto::to_server::search& m, std::shared_ptr<recipient> const& self) {
    if (!subscribed_) {  // not signed in, or signed in without presence
        send_error(*self, name_.empty() ? error_code::not_logged_in : error_code::invalid_message,
                   name_.empty() ? "Sign in first"
                                 : "A search needs presence lists: declare \"presence\" at login");
        return;
    }
    registry_.search(name_, self, m.prefix, after<presence_update>(self, [this](presence_update l) {
                         presence_.publish(std::move(l));
                     }));
}

}  // namespace duet
