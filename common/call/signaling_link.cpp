// Sign-in, reconnect and the outbox (see signaling_link.hpp).
#include "call/signaling_link.hpp"

#include <iterator>
#include <utility>

#include "protocol/names.hpp"

namespace duet::call {

namespace proto = protocol;

delay_range reconnect_range(int slot, bool in_call) {
    if (slot <= 0) return {0, reconnect_first_window_ms};
    int cap = in_call ? reconnect_cap_in_call_ms : reconnect_cap_ms;
    int window = reconnect_first_window_ms;
    for (int i = 1; i < slot && window < cap; ++i) window *= 2;
    if (window > cap) window = cap;
    // Never below half the window: a client does not come back faster by luck, and the
    // spread of many clients stays wide.
    return {window / 2, window};
}

int reconnect_delay_ms(int slot, bool in_call, double unit) {
    auto r = reconnect_range(slot, in_call);
    if (!(unit >= 0.0)) unit = 0.0;  // NaN too
    if (unit >= 1.0) unit = 1.0;
    return r.min_ms + int(unit * double(r.max_ms - r.min_ms));
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
    // A new sign-in replaces one being retried.
    retrying_login_ = false;
    tries_ = 0;
    trying_ = false;
    slot_over_ = false;
    first_login_ = login;
    if (!socket_open_) out.emplace_back(act::connect_signaling{});
    send(std::move(login), out);
}

std::optional<int> signaling_link::on_first_login_unavailable() {
    if (state_ != signaling::signed_out || !first_login_) return std::nullopt;
    if (!retrying_login_) {
        retrying_login_ = true;
        tries_ = 0;
        trying_ = false;
        slot_over_ = false;
        return draw_delay(0, false);
    }
    trying_ = false;
    if (!slot_over_) return std::nullopt;
    slot_over_ = false;
    return 0;
}

void signaling_link::stop_login_retry() {
    if (!retrying_login_) return;
    retrying_login_ = false;
    first_login_.reset();
    tries_ = 0;
    trying_ = false;
    slot_over_ = false;
}

std::optional<int> signaling_link::on_login_retry_due(actions& out) {
    if (!retrying_login_ || state_ != signaling::signed_out || !first_login_) return std::nullopt;
    if (trying_) {
        slot_over_ = true;
        return std::nullopt;
    }
    trying_ = true;
    ++tries_;
    if (socket_open_) {
        out.emplace_back(act::send{*first_login_});
    } else {
        out.emplace_back(act::connect_signaling{});
        outbox_.clear();  // only the login waits for the socket
        outbox_.push_back(*first_login_);
    }
    return draw_delay(tries_, false);
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
    retrying_login_ = false;
    first_login_.reset();
    token_name_ = r.name;
    token_ = r.token;
    state_ = signaling::online;
    socket_open_ = true;  // the reply came over it
    tries_ = 0;
    trying_ = false;
    slot_over_ = false;
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

std::optional<int> signaling_link::on_socket_closed(bool in_call) {
    socket_open_ = false;
    switch (state_) {
        case signaling::signed_out:
            outbox_.clear();
            if (!retrying_login_) return std::nullopt;
            // A retry's socket went (a node draining, say): the next retry opens another.
            break;
        case signaling::online:
            state_ = signaling::reconnecting;
            tries_ = 0;
            trying_ = false;
            slot_over_ = false;
            return draw_delay(0, in_call);
        case signaling::reconnecting:
            break;
    }
    trying_ = false;
    if (!slot_over_) return std::nullopt;  // the timer still runs: the next try waits for it
    slot_over_ = false;
    return 0;
}

std::optional<int> signaling_link::on_login_unavailable() {
    if (state_ != signaling::reconnecting) return std::nullopt;
    trying_ = false;
    if (!slot_over_) return std::nullopt;
    slot_over_ = false;
    return 0;
}

std::optional<int> signaling_link::on_reconnect_due(bool in_call) {
    if (state_ != signaling::reconnecting) return std::nullopt;
    if (trying_) {
        slot_over_ = true;
        return std::nullopt;
    }
    trying_ = true;
    ++tries_;
    return draw_delay(tries_, in_call);
}

int signaling_link::draw_delay(int slot, bool in_call) {
    return reconnect_delay_ms(slot, in_call, std::uniform_real_distribution<double>(0, 1)(rng_));
}

void signaling_link::sign_out() {
    retrying_login_ = false;
    first_login_.reset();
    state_ = signaling::signed_out;
    tries_ = 0;
    trying_ = false;
    slot_over_ = false;
    outbox_.clear();
}

}  // namespace duet::call
