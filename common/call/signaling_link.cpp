// Sign-in, reconnect and the outbox (see signaling_link.hpp).
#include "call/signaling_link.hpp"

#include <iterator>
#include <utility>

#include "protocol/names.hpp"

namespace duet::call {

namespace proto = protocol;

int reconnect_delay_ms(int attempt) {
    static constexpr int steps[] = {0, 500, 1000, 2000, 4000};
    if (attempt < 0) return 0;
    if (attempt < int(std::size(steps))) return steps[attempt];
    return 5000;
}

proto::to_server::login signaling_link::login_request(std::string const& name,
                                                      std::string const& partner) const {
    proto::to_server::login l;
    l.name = name;
    if (name == token_name_) l.token = token_;
    l.features = {std::string(proto::feature::ring), std::string(proto::feature::presence)};
    l.partner = partner;
    return l;
}

void signaling_link::sign_in(proto::to_server::login login, actions& out) {
    if (!socket_open_) out.emplace_back(act::connect_signaling{});
    send(std::move(login), out);
}

void signaling_link::send(proto::to_server::message m, actions& out) {
    if (socket_open_ && state_ != signaling::reconnecting) {
        out.emplace_back(act::send{std::move(m)});
    } else if (outbox_.size() < max_queued_messages) {
        outbox_.push_back(std::move(m));
    }
}

void signaling_link::send_now(proto::to_server::message m, actions& out) {
    if (socket_open_) out.emplace_back(act::send{std::move(m)});
}

void signaling_link::on_signed_in(proto::to_client::login_result const& r, actions& out) {
    token_name_ = r.name;
    token_ = r.token;
    state_ = signaling::online;
    socket_open_ = true;  // the reply came over it
    attempt_ = 0;
    // The call went on peer to peer; what it said meanwhile goes out now, in order.
    for (auto& m : outbox_) out.emplace_back(act::send{std::move(m)});
    outbox_.clear();
}

bool signaling_link::on_socket_open(actions& out) {
    socket_open_ = true;
    if (state_ == signaling::reconnecting) return true;
    for (auto& m : outbox_) out.emplace_back(act::send{std::move(m)});
    outbox_.clear();
    return false;
}

std::optional<int> signaling_link::on_socket_closed() {
    socket_open_ = false;
    switch (state_) {
        case signaling::signed_out:
            outbox_.clear();
            return std::nullopt;
        case signaling::online:
            state_ = signaling::reconnecting;
            attempt_ = 0;
            break;
        case signaling::reconnecting:
            ++attempt_;
            break;
    }
    return reconnect_delay_ms(attempt_);
}

void signaling_link::sign_out() {
    state_ = signaling::signed_out;
    attempt_ = 0;
    outbox_.clear();
}

}  // namespace duet::call
