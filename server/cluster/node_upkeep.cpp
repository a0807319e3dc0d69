// The Redis registry's node: connecting to Redis (and again when it is lost), the heartbeat
// and the sweep of nodes whose heartbeat is gone, claiming this node's names again after
// Redis comes back (it may have restarted empty), what other nodes publish to this one, and
// the graceful stop. The operations themselves are redis_registry.cpp. docs/cluster.md has
// the bounds these give.
#include <boost/asio/strand.hpp>
#include <utility>
#include <variant>
#include <vector>

#include "cluster/redis_registry_node.hpp"
#include "cluster/registry_scripts.hpp"
#include "cluster/script_runner.hpp"
#include "cluster/wire.hpp"
#include "protocol/to_client.hpp"

namespace duet::cluster {

namespace net = boost::asio;
using redis::command_result;
using wire::number;

void redis_registry::start(net::any_io_executor executor) {
    auto strand = net::make_strand(executor);
    commands_ = redis::connection::create(strand, config_.where);
    events_ = redis::connection::create(strand, config_.where);
    events_->subscribe(node_channel(config_.node_id),
                       [this](std::string const&, std::string payload) { heard(payload); });
    events_->subscribe(presence_channel, [this](std::string const&, std::string payload) {
        presence_changed(payload);
    });
    commands_->start([this](bool up) {
        commands_up_ = up;
        if (!up) {
            beating_ = false;
            lost_ = true;
            return;
        }
        load_scripts(*commands_);
        beat();
        if (std::exchange(lost_, false)) {
            claim_again();
            if (presence_.lost()) list_directory();
        }
    });
    events_->start([this](bool up) {
        events_up_ = up;
        // Changes published while the subscription was down never reached this node.
        if (!up) events_lost_ = true;
        if (up && std::exchange(events_lost_, false) && presence_.lost()) list_directory();
    });
    timer_ = std::make_shared<net::steady_timer>(strand);
    schedule(timer_);
}

void redis_registry::stop() {
    stopped_ = true;
    if (timer_) timer_->cancel();
    timer_.reset();
    for (auto* c : {&commands_, &events_}) {
        if (*c) (*c)->stop_here();
        c->reset();
    }
}

void redis_registry::flush(std::function<void()> done) {
    auto c = commands_;
    if (stopped_ || !c) return done();
    c->command({"PING"}, [done = std::move(done)](command_result) { done(); });
}

std::size_t redis_registry::size() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (auto const& [_, user] : conns_) n += user.who.expired() ? 0 : 1;
    return n;
}

void redis_registry::tell_partners(std::vector<std::string> const& v, std::size_t first) const {
    for (std::size_t i = first; i + 3 < v.size(); i += 4) {
        auto partner = resolve(at(v, i + 2), at(v, i + 3));
        if (!partner) continue;
        partner->send(std::make_shared<std::string const>(protocol::to_client::encode(
            protocol::to_client::leave{v[i], protocol::end_reason::connection_lost})));
    }
}

void redis_registry::heard(std::string const& payload) {
    auto m = wire::parse_node_message(payload);
    if (!m) return;
    std::shared_ptr<recipient> who;
    std::string name;
    {
        std::lock_guard lock(mutex_);
        auto it = conns_.find(m->conn);
        if (it != conns_.end()) {
            who = it->second.who.lock();
            name = it->second.name;
        }
    }
    if (!who) return name.empty() || m->close ? void() : ring_to_gone(name, m->frame);
    if (m->close) {
        forget(nullptr, m->conn);
        return who->disconnect();
    }
    who->send(std::make_shared<std::string const>(m->frame));
}

// A ring for a connection of ours that dropped (its name kept for --lost-timeout, for a call
// that may come back). One process answers such a ring `not_online` and links nothing; so
// does a node: the ring's link is undone and the caller told.
void redis_registry::ring_to_gone(std::string const& callee, std::string_view frame) {
    auto decoded = protocol::to_client::decode(frame);
    auto const* ring = decoded ? std::get_if<protocol::to_client::call>(&*decoded.value) : nullptr;
    auto c = commands_;
    if (!ring || !c || stopped_) return;
    run_script(c, scripts::unlink(), {ring->from, callee}, [](command_result) {});
    run_script(c, scripts::find(), {ring->from}, [this, callee](command_result r) {
        auto v = texts(r);
        auto caller = resolve(at(v, 0), at(v, 1));
        if (!caller) return;
        caller->send(std::make_shared<std::string const>(protocol::to_client::encode(
            protocol::to_client::make_error(protocol::error_code::not_online,
                                            "User \"" + callee + "\" is not online", callee))));
    });
}

void redis_registry::presence_changed(std::string const& payload) {
    if (auto change = wire::parse_presence_change(payload)) presence_.changed(std::move(*change));
}

void redis_registry::schedule(std::shared_ptr<net::steady_timer> const& timer) {
    timer->expires_after(config_.beat);
    timer->async_wait([this, weak = std::weak_ptr(timer)](boost::system::error_code ec) {
        auto still = weak.lock();
        if (ec || !still || stopped_) return;
        beat();
        schedule(still);
    });
}

void redis_registry::beat() {
    auto c = commands_;
    if (!c || stopped_) return;
    c->command(
        {"SET", "duet:node:" + config_.node_id, "1", "PX", std::to_string(config_.ttl.count())},
        [this](command_result r) { beating_ = bool(redis::as_status(r)); });
    run_script(c, scripts::sweep(), {""}, [this](command_result r) {
        if (!stopped_) tell_partners(texts(r), 0);
    });
}

// Nothing changes when Redis kept our names; a user whose name was taken meanwhile is told
// `replaced` and closed.
void redis_registry::claim_again() {
    std::vector<std::pair<std::uint64_t, local_user>> users;
    {
        std::lock_guard lock(mutex_);
        for (auto const& [conn, user] : conns_) {
            if (!user.who.expired()) users.emplace_back(conn, user);
        }
    }
    for (auto const& [conn, user] : users) {
        run_script(commands_, scripts::claim(),
                   {user.name, user.token, user.token, config_.node_id, std::to_string(conn),
                    user.rings ? "1" : "0", ""},
                   [this, conn = conn, name = user.name, weak = user.who](command_result r) {
                       auto v = texts(r);
                       if (v.empty() || at(v, 0) == "1") return;  // out of reach again, or ours
                       forget(nullptr, conn);
                       auto who = weak.lock();
                       if (!who) return;
                       who->send(std::make_shared<std::string const>(
                           protocol::to_client::encode(protocol::to_client::make_error(
                               protocol::error_code::replaced,
                               "Signed in again from another connection", name))));
                       who->disconnect();
                   });
    }
}

}  // namespace duet::cluster
