// The Redis registry: see redis_registry.hpp and docs/cluster.md.
#include "cluster/redis_registry.hpp"

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <mutex>
#include <random>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "cluster/node_presence.hpp"
#include "cluster/registry_scripts.hpp"
#include "cluster/remote_recipient.hpp"
#include "cluster/script_runner.hpp"
#include "cluster/wire.hpp"
#include "protocol/to_client.hpp"

namespace duet::cluster {

namespace {

namespace net = boost::asio;
using redis::command_result;
using wire::number;

constexpr char presence_channel[] = "duet:presence";

std::string node_channel(std::string const& node) { return "duet:node:" + node; }

class redis_registry final : public cluster_registry {
  public:
    redis_registry(cluster_config config, presence& sender)
        : config_(std::move(config)), presence_(sender) {}

    void start(net::any_io_executor executor) override {
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
            if (std::exchange(lost_, false)) claim_again();
        });
        events_->start([this](bool up) { events_up_ = up; });
        timer_ = std::make_shared<net::steady_timer>(strand);
        schedule(timer_);
    }

    void stop() override {
        stopped_ = true;
        if (timer_) timer_->cancel();
        timer_.reset();
        for (auto* c : {&commands_, &events_}) {
            if (*c) (*c)->stop_here();
            c->reset();
        }
    }

    void drain() override { draining_ = true; }

    void flush(std::function<void()> done) override {
        auto c = commands_;
        if (stopped_ || !c) return done();
        c->command({"PING"}, [done = std::move(done)](command_result) { done(); });
    }

    bool usable() const override { return commands_up_ && events_up_ && beating_ && !draining_; }

    std::size_t size() const override {
        std::lock_guard lock(mutex_);
        std::size_t n = 0;
        for (auto const& [_, user] : conns_) n += user.who.expired() ? 0 : 1;
        return n;
    }

    void claim(std::string const& name, std::string const& presented_token,
               std::string const& new_token, std::shared_ptr<recipient> const& who,
               sign_in const& how, completion<claim_result> done) override {
        auto const conn = std::to_string(next_conn_++);
        {
            std::lock_guard lock(mutex_);
            conns_[number(conn)] = {name, who, who.get(), new_token, how.rings};
            ids_[who.get()] = number(conn);
        }
        run(scripts::claim(),
            {name, presented_token, new_token, config_.node_id, conn, how.rings ? "1" : "0",
             how.partner},
            std::move(done), [this, name, conn, who = who.get()](command_result const& r) {
                claim_result out;
                auto v = texts(r);
                if (v.empty() || at(v, 0) != "1") {
                    forget(who, number(conn));
                    out.unavailable = v.empty();
                    return out;
                }
                out.ok = true;
                out.replaced = resolve(at(v, 1), at(v, 2));
                if (at(v, 1) == config_.node_id) forget(nullptr, number(at(v, 2)));
                out.relinked = at(v, 3) == "1";
                tell_partners(v, 4);
                return out;
            });
    }

    void remove(std::string const& name, recipient const* who, completion<removal> done) override {
        std::uint64_t conn = 0;
        {
            std::lock_guard lock(mutex_);
            auto it = ids_.find(who);
            if (it != ids_.end()) conn = it->second;
        }
        if (conn == 0) return done.now({});
        forget(who, conn);
        run(scripts::remove(), {name, config_.node_id, std::to_string(conn)}, std::move(done),
            [this](command_result const& r) { return removed(r); });
    }

    void expire(std::string const& name, std::string const& token,
                completion<removal> done) override {
        run(scripts::expire(), {name, token}, std::move(done),
            [this](command_result const& r) { return removed(r); });
    }

    void find(std::string const& name, completion<std::shared_ptr<recipient>> done) const override {
        run(scripts::find(), {name}, std::move(done), [this](command_result const& r) {
            auto v = texts(r);
            return resolve(at(v, 0), at(v, 1));
        });
    }

    void call(std::string const& from, std::string const& to,
              completion<call_result> done) override {
        run(scripts::call(), {from, to}, std::move(done), [this](command_result const& r) {
            using outcome = call_result::outcome;
            call_result out;
            auto v = texts(r);
            auto const said = at(v, 0);
            out.callee = resolve(at(v, 1), at(v, 2));
            if (!out.callee) return out;  // not_online
            out.callee_rings = at(v, 3) == "1";
            out.partner = at(v, 4);
            if (said == "ringing") out.result = outcome::ringing;
            if (said == "busy") out.result = outcome::busy;
            if (said == "already_in_call") out.result = outcome::already_in_call;
            if (said == "not_signed_in") out.result = outcome::not_signed_in;
            return out;
        });
    }

    void linked_recipient(std::string const& from, std::string const& to,
                          completion<std::shared_ptr<recipient>> done) const override {
        run(scripts::linked(), {from, to}, std::move(done), [this](command_result const& r) {
            auto v = texts(r);
            return resolve(at(v, 0), at(v, 1));
        });
    }

    // Presence changes go out when Redis publishes them (presence_changed), on every node.
    void link(std::string const& from, std::string const& to,
              completion<presence_update> done) override {
        run(scripts::link(), {from, to}, std::move(done),
            [](command_result const&) { return presence_update{}; });
    }

    void unlink(std::string const& from, std::string const& to,
                completion<presence_update> done) override {
        run(scripts::unlink(), {from, to}, std::move(done),
            [](command_result const&) { return presence_update{}; });
    }

    void partner_of(std::string const& name, completion<std::string> done) const override {
        send({"HGET", "duet:user:" + name, "partner"}, std::move(done),
             [](command_result const& r) {
                 auto partner = redis::as_string(r);
                 return partner ? *partner.value : std::string{};
             });
    }

    // The full list comes from one script; node_presence orders it against the changes.
    void subscribe(std::string const& name, std::shared_ptr<recipient> const& who,
                   completion<presence_update> done) override {
        presence_.add(name, who);
        run(scripts::list(), {name}, std::move(done),
            [this, name, who = who.get()](command_result const& r) {
                presence_.listed(name, who, texts(r));
                return presence_update{};
            });
    }

  private:
    struct local_user {
        std::string name;
        std::weak_ptr<recipient> who;
        recipient const* identity = nullptr;  // its key in ids_, even once `who` is gone
        std::string token;                    // to claim the name again (claim_again)
        bool rings = false;
    };
    // Runs a script; `parse` turns its reply (or failure) into the operation's result, on the
    // Redis strand, and the result goes to the connection's executor (completion::later).
    template <class Result, class Parse>
    void run(std::string const& script, std::vector<std::string> args, completion<Result> done,
             Parse parse) const {
        auto later = std::move(done).defer();
        auto c = commands_;
        if (stopped_ || !c) {
            return later.later(parse(
                command_result::failed(redis::failure::not_connected, "the registry is stopped")));
        }
        run_script(c, script, std::move(args),
                   [later = std::move(later), parse = std::move(parse)](command_result r) mutable {
                       later.later(parse(r));
                   });
    }

    template <class Result, class Parse>
    void send(std::vector<std::string> command, completion<Result> done, Parse parse) const {
        auto later = std::move(done).defer();
        auto c = commands_;
        if (stopped_ || !c) {
            return later.later(parse(
                command_result::failed(redis::failure::not_connected, "the registry is stopped")));
        }
        c->command(std::move(command), [later = std::move(later), parse = std::move(parse)](
                                           command_result r) mutable { later.later(parse(r)); });
    }

    // The connection behind a (node, conn) a script returned: ours, or one through its node.
    std::shared_ptr<recipient> resolve(std::string const& node, std::string const& conn) const {
        if (node.empty()) return nullptr;
        if (node != config_.node_id) {
            return std::make_shared<remote_recipient>(commands_, node_channel(node), conn);
        }
        std::lock_guard lock(mutex_);
        auto it = conns_.find(number(conn));
        return it == conns_.end() ? nullptr : it->second.who.lock();
    }

    // A connection of ours no longer holds its name: what was kept for it goes.
    void forget(recipient const* who, std::uint64_t conn) {
        std::lock_guard lock(mutex_);
        auto it = conns_.find(conn);
        if (it == conns_.end()) return;
        presence_.remove(it->second.name, it->second.who.lock());
        auto id = ids_.find(who ? who : it->second.identity);
        if (id != ids_.end() && id->second == conn) ids_.erase(id);
        conns_.erase(it);
    }

    // A removed name's partner; and what was kept for its connection, if it was ours (a
    // connection that dropped in a call is gone by the time its name expires).
    removal removed(command_result const& r) {
        removal out;
        auto v = texts(r);
        if (at(v, 0) != "1") return out;
        if (at(v, 1) == config_.node_id) forget(nullptr, number(at(v, 2)));
        out.partner_name = at(v, 3);
        out.partner = resolve(at(v, 4), at(v, 5));
        return out;
    }

    // Names that were dropped because their node died, from `first` on in fours (name,
    // partner, partner's node, partner's connection): their partners hear that the call ended.
    void tell_partners(std::vector<std::string> const& v, std::size_t first) const {
        for (std::size_t i = first; i + 3 < v.size(); i += 4) {
            auto partner = resolve(at(v, i + 2), at(v, i + 3));
            if (!partner) continue;
            partner->send(std::make_shared<std::string const>(protocol::to_client::encode(
                protocol::to_client::leave{v[i], protocol::end_reason::connection_lost})));
        }
    }

    // What another node sent one of our connections (wire.hpp).
    void heard(std::string const& payload) {
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

    // A ring for a connection of ours that dropped (its name kept for --lost-timeout, for a
    // call that may come back). One process answers such a ring `not_online` and links
    // nothing; so does a node: the ring's link is undone and the caller told.
    void ring_to_gone(std::string const& callee, std::string_view frame) {
        auto decoded = protocol::to_client::decode(frame);
        auto const* ring =
            decoded ? std::get_if<protocol::to_client::call>(&*decoded.value) : nullptr;
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

    // A change of who is online, busy or available, from whichever node made it.
    void presence_changed(std::string const& payload) {
        if (auto change = wire::parse_presence_change(payload))
            presence_.changed(std::move(*change));
    }

    void schedule(std::shared_ptr<net::steady_timer> const& timer) {
        timer->expires_after(config_.beat);
        timer->async_wait([this, weak = std::weak_ptr(timer)](boost::system::error_code ec) {
            auto still = weak.lock();
            if (ec || !still || stopped_) return;
            beat();
            schedule(still);
        });
    }

    // The heartbeat, then the sweep of nodes whose heartbeat is gone.
    void beat() {
        auto c = commands_;
        if (!c || stopped_) return;
        c->command(
            {"SET", "duet:node:" + config_.node_id, "1", "PX", std::to_string(config_.ttl.count())},
            [this](command_result r) { beating_ = bool(redis::as_status(r)); });
        run_script(c, scripts::sweep(), {""}, [this](command_result r) {
            if (!stopped_) tell_partners(texts(r), 0);
        });
    }

    // Redis is back after a loss, and may have restarted empty: each of our users claims its
    // name again with its own token (nothing changes when Redis kept it). A user whose name
    // was taken meanwhile is told `replaced` and closed.
    void claim_again() {
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

    cluster_config config_;
    node_presence presence_;
    std::shared_ptr<redis::connection> commands_;  // commands and what is published
    std::shared_ptr<redis::connection> events_;    // subscriptions only (Redis' rule)
    std::shared_ptr<net::steady_timer> timer_;
    std::atomic<bool> commands_up_{false}, events_up_{false}, beating_{false}, stopped_{false},
        draining_{false};
    bool lost_ = false;  // the command connection was lost since it was last up (its strand)
    std::atomic<std::uint64_t> next_conn_{1};

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, local_user> conns_;  // our connections, by conn number
    std::unordered_map<recipient const*, std::uint64_t> ids_;
};

}  // namespace

std::unique_ptr<cluster_registry> make_redis_registry(cluster_config config, presence& sender) {
    return std::make_unique<redis_registry>(std::move(config), sender);
}

std::string random_node_id() {
    std::random_device device;
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto word = device(); out.size() < 8; word >>= 4) out.push_back(digits[word & 0xF]);
    return out;
}

}  // namespace duet::cluster
