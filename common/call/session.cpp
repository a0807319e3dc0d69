// Login replies, server errors and the socket's loss (see session.hpp).
#include "call/session.hpp"

#include <iterator>
#include <type_traits>
#include <variant>

#include "protocol/names.hpp"

namespace duet::call {

namespace proto = protocol;
namespace tc = proto::to_client;

namespace {

status server_words(std::string const& text) { return status{status_code::message, {}, text}; }

}  // namespace

actions session::sign_in(std::string const& name) {
    if (signing_in_ && !machine_.retrying_login()) return {};
    // The server checks too; the same rule here answers an empty name without a trip.
    if (auto invalid = proto::validate_name(name)) {
        login_error_ = server_words(invalid->message);
        return {};
    }
    login_error_ = {};
    signing_in_ = true;
    // Signing in again under the same name (after the connection dropped) shows the server
    // our token, so it hands the name back even if it still holds the old socket.
    return machine_.sign_in(name);
}

actions session::on_message(tc::message const& message) {
    return std::visit(
        [&](auto const& m) -> actions {
            using type = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<type, tc::call> || std::is_same_v<type, tc::offer>) {
                if (m.identity) {
                    identified_ = m.from;
                    identity_ = m.identity;
                }
            }
            if constexpr (std::is_same_v<type, tc::login_result>) return on_login_result(m);
            if constexpr (std::is_same_v<type, tc::error>) return on_server_error(m);
            if constexpr (std::is_same_v<type, tc::offer>) return machine_.on_offer(m);
            if constexpr (std::is_same_v<type, tc::answer>) return machine_.on_answer(m);
            if constexpr (std::is_same_v<type, tc::candidate>) return machine_.on_candidate(m);
            if constexpr (std::is_same_v<type, tc::leave>) return machine_.on_leave(m);
            if constexpr (std::is_same_v<type, tc::call>) return machine_.on_call(m);
            if constexpr (std::is_same_v<type, tc::accept>) return machine_.on_accept(m);
            if constexpr (std::is_same_v<type, tc::missed>) return machine_.on_missed(m);
            if constexpr (std::is_same_v<type, tc::presence>) return machine_.on_presence(m);
            if constexpr (std::is_same_v<type, tc::ice_servers>) return machine_.on_ice_servers(m);
        },
        message);
}

actions session::on_login_result(tc::login_result const& r) {
    if (machine_.reconnecting()) {
        if (r.success) {
            ++reconnects_;
            return machine_.signed_in(r);
        }
        // Refused for now: tried again by the reconnect's schedule, nothing to show yet.
        if (r.code == proto::error_code::unavailable) return machine_.on_login_failed(r);
        // The name could not be reclaimed (another page has it now): start over.
        login_error_ = status{status_code::signed_out_by_server, {}, r.message, 0, r.code};
        return machine_.on_login_failed(r);
    }
    if (!signing_in_) return {};  // a reply nobody waits for
    if (!r.success && r.code == proto::error_code::unavailable) {
        // The server is there but cannot sign anyone in now (its Redis is away, it is
        // draining): tried again by the reconnect's schedule, and the person told so. A
        // refused name (taken, invalid, bound) is not: that answer would not change.
        login_error_ = status{status_code::retrying_sign_in};
        return machine_.on_first_login_unavailable();
    }
    signing_in_ = false;
    if (!r.success) {
        login_error_ = status{status_code::name_refused, {}, r.message, 0, r.code};
        return machine_.stop_login_retry();
    }
    login_error_ = {};
    missed_.clear();
    return machine_.signed_in(r);
}

actions session::on_server_error(tc::error const& m) {
    switch (m.code) {
        case proto::error_code::login_timeout:
            // The page sat on the login screen; the server closes the idle socket, and the
            // next Sign in opens a new one. Nothing the person needs to hear about.
            return {};
        case proto::error_code::replaced:
            // Signed in elsewhere with our token; the server closes this socket next.
            close_reason_ = m.message;
            return {};
        default:
            break;
    }
    if (signed_in()) return machine_.on_error(m);
    if (signing_in_) {
        login_error_ = server_words(m.message);
        signing_in_ = false;
        return machine_.stop_login_retry();
    }
    return {};
}

actions session::on_socket_closed() {
    actions out;
    if (signed_in() && close_reason_.empty()) {
        // The call, if any, goes on peer to peer; the machine schedules the reconnect.
        out = machine_.on_signaling_lost();
    } else {
        if (signed_in()) {
            // Replaced by a login elsewhere with our token: coming back would take it back.
            out = machine_.signed_out(server_words(close_reason_));
            login_error_ = server_words(close_reason_);
        } else if (signing_in_ && !machine_.retrying_login()) {
            login_error_ = status{status_code::cannot_reach_server};
        }
        // Signed out now: what waited for this socket goes with it (unless a first sign-in
        // is being retried: its next try opens another).
        auto dropped = machine_.on_signaling_lost();
        out.insert(out.end(), std::make_move_iterator(dropped.begin()),
                   std::make_move_iterator(dropped.end()));
    }
    if (machine_.retrying_login()) {
        close_reason_.clear();
        return out;
    }
    signing_in_ = false;
    close_reason_.clear();
    return out;
}

std::optional<tc::caller_identity> session::partner_identity() const {
    if (identified_.empty() || identified_ != machine_.partner()) return std::nullopt;
    return identity_;
}

void session::on_missed_call(std::string const& from) {
    if (missed_.size() < max_missed) missed_.push_back(from);
    last_missed_ = from;
}

void session::dismiss_notice() {
    missed_.clear();
    last_missed_.clear();
}

status session::notice() const {
    if (missed_.empty()) return {};
    return status{status_code::tried_to_call, last_missed_, {}, int(missed_.size())};
}

}  // namespace duet::call
