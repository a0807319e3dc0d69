// The Redis registry's operations, each one Lua script (registry_scripts.hpp) whose reply is
// turned into the operation's result: see redis_registry.hpp and docs/cluster.md. The node's
// own life (heartbeat, sweep, reconnects, what other nodes publish) is node_upkeep.cpp.
#include "cluster/redis_registry.hpp"

#include <random>
#include <utility>
#include <vector>

#include "cluster/redis_registry_node.hpp"
#include "cluster/registry_scripts.hpp"
#include "cluster/remote_recipient.hpp"
#include "cluster/script_runner.hpp"
#include "cluster/wire.hpp"

namespace duet::cluster {

using redis::command_result;
using wire::number;

template <class Result, class Parse>
void redis_registry::run(std::string const& script, std::vector<std::string> args,
                         completion<Result> done, Parse parse) const {
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
void redis_registry::send(std::vector<std::string> command, completion<Result> done,
                          Parse parse) const {
    auto later = std::move(done).defer();
    auto c = commands_;
    if (stopped_ || !c) {
        return later.later(parse(
            command_result::failed(redis::failure::not_connected, "the registry is stopped")));
    }
    c->command(std::move(command), [later = std::move(later), parse = std::move(parse)](
                                       command_result r) mutable { later.later(parse(r)); });
}

std::shared_ptr<recipient> redis_registry::resolve(std::string const& node,
                                                   std::string const& conn) const {
    if (node.empty()) return nullptr;
    if (node != config_.node_id) {
        return std::make_shared<remote_recipient>(commands_, node_channel(node), conn);
    }
    std::lock_guard lock(mutex_);
    auto it = conns_.find(number(conn));
    return it == conns_.end() ? nullptr : it->second.who.lock();
}

void redis_registry::forget(recipient const* who, std::uint64_t conn) {
    std::lock_guard lock(mutex_);
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    presence_.remove(it->second.name, it->second.who.lock());
    auto id = ids_.find(who ? who : it->second.identity);
    if (id != ids_.end() && id->second == conn) ids_.erase(id);
    conns_.erase(it);
}

user_registry::removal redis_registry::removed(command_result const& r) {
    removal out;
    auto v = texts(r);
    if (at(v, 0) != "1") return out;
    if (at(v, 1) == config_.node_id) forget(nullptr, number(at(v, 2)));
    out.partner_name = at(v, 3);
    out.partner = resolve(at(v, 4), at(v, 5));
    return out;
}

void redis_registry::claim(std::string const& name, std::string const& presented_token,
                           std::string const& new_token, std::shared_ptr<recipient> const& who,
                           sign_in const& how, completion<claim_result> done) {
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

void redis_registry::remove(std::string const& name, recipient const* who,
                            completion<removal> done) {
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

void redis_registry::expire(std::string const& name, std::string const& token,
                            completion<removal> done) {
    run(scripts::expire(), {name, token}, std::move(done),
        [this](command_result const& r) { return removed(r); });
}

void redis_registry::find(std::string const& name,
                          completion<std::shared_ptr<recipient>> done) const {
    run(scripts::find(), {name}, std::move(done), [this](command_result const& r) {
        auto v = texts(r);
        return resolve(at(v, 0), at(v, 1));
    });
}

void redis_registry::call(std::string const& from, std::string const& to,
                          completion<call_result> done) {
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

void redis_registry::linked_recipient(std::string const& from, std::string const& to,
                                      completion<std::shared_ptr<recipient>> done) const {
    run(scripts::linked(), {from, to}, std::move(done), [this](command_result const& r) {
        auto v = texts(r);
        return resolve(at(v, 0), at(v, 1));
    });
}

void redis_registry::link(std::string const& from, std::string const& to,
                          completion<presence_update> done) {
    run(scripts::link(), {from, to}, std::move(done),
        [](command_result const&) { return presence_update{}; });
}

void redis_registry::unlink(std::string const& from, std::string const& to,
                            completion<presence_update> done) {
    run(scripts::unlink(), {from, to}, std::move(done),
        [](command_result const&) { return presence_update{}; });
}

void redis_registry::partner_of(std::string const& name, completion<std::string> done) const {
    send({"HGET", "duet:user:" + name, "partner"}, std::move(done), [](command_result const& r) {
        auto partner = redis::as_string(r);
        return partner ? *partner.value : std::string{};
    });
}

void redis_registry::subscribe(std::string const& name, std::shared_ptr<recipient> const& who,
                               completion<presence_update> done) {
    if (presence_.add(name, who)) list_directory();
    done.now({});  // the list goes out through the presence component, from the copy
}

void redis_registry::search(std::string const& name, std::shared_ptr<recipient> const& who,
                            std::string const& prefix, completion<presence_update> done) {
    presence_.search(name, who, prefix);
    done.now({});
}

void redis_registry::list_directory() {
    auto c = commands_;
    if (stopped_ || !c) return presence_.listed({});
    // "": nobody left out of the list (a name is never empty).
    run_script(c, scripts::list(), {""},
               [this](command_result const& r) { presence_.listed(texts(r)); });
}

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
