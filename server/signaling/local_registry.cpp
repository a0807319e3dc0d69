// The in-process registry: one mutex guarding one map, for a single server process. Every
// operation completes at once, inside the call (completion::now): nothing to wait for.
#include <algorithm>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "signaling/presence_directory.hpp"
#include "signaling/user_registry.hpp"

namespace duet {
namespace {

using protocol::to_client::availability;

class local_registry final : public user_registry {
  public:
    explicit local_registry(std::size_t presence_window) : directory_(presence_window) {}

    void claim(std::string const& name, std::string const& presented_token,
               std::string const& new_token, std::shared_ptr<recipient> const& who,
               sign_in const& how, completion<claim_result> done) override {
        done.now(claim(name, presented_token, new_token, who, how));
    }
    void remove(std::string const& name, recipient const* who,
                completion<removal> done) override {
        done.now(remove(name, who));
    }
    void expire(std::string const& name, std::string const& token,
                completion<removal> done) override {
        done.now(expire(name, token));
    }
    void find(std::string const& name,
              completion<std::shared_ptr<recipient>> done) const override {
        done.now(find(name));
    }
    void call(std::string const& from, std::string const& to,
              completion<call_result> done) override {
        done.now(call(from, to));
    }
    void linked_recipient(std::string const& from, std::string const& to,
                          completion<std::shared_ptr<recipient>> done) const override {
        done.now(linked_recipient(from, to));
    }
    void link(std::string const& from, std::string const& to,
              completion<presence_update> done) override {
        done.now(link(from, to));
    }
    void unlink(std::string const& from, std::string const& to,
                completion<presence_update> done) override {
        done.now(unlink(from, to));
    }
    void partner_of(std::string const& name, completion<std::string> done) const override {
        done.now(partner_of(name));
    }
    void subscribe(std::string const& name, std::shared_ptr<recipient> const& who,
                   completion<presence_update> done) override {
        done.now(subscribe(name, who));
    }
    void search(std::string const& name, std::shared_ptr<recipient> const& who,
                std::string const& prefix, completion<presence_update> done) override {
        done.now(search(name, who, prefix));
    }
    std::size_t size() const override {
        std::lock_guard lock(mutex_);
        return users_.size();
    }

  private:
    // The operations themselves, answering at once.
    claim_result claim(std::string const& name, std::string const& presented_token,
                       std::string const& new_token, std::shared_ptr<recipient> const& who,
                       sign_in const& how) {
        claim_result result;
        std::lock_guard lock(mutex_);
        change_log log;
        auto* changes = tracking(log);
        touch(changes, name);
        auto [it, inserted] = users_.try_emplace(name);
        entry& e = it->second;
        if (!inserted) {
            if (presented_token.empty() || !same_secret(presented_token, e.token)) return result;
            result.replaced = e.who.lock();
            // The old connection's list ends with it; the new one subscribes if it asks.
            directory_.unwatch(name);
        }
        // A reclaimed name keeps its call: its links are the entry's, not the connection's.
        e.who = who;
        e.identity = who.get();
        e.token = new_token;
        e.rings = how.rings;
        if (!how.partner.empty() && how.partner != name) {
            result.relinked = relink(name, e, how.partner, changes);
        }
        result.ok = true;
        result.presence = publish(changes);
        return result;
    }

    removal remove(std::string const& name, recipient const* who) {
        return remove_if(name, [who](entry const& e) { return e.identity == who; });
    }

    removal expire(std::string const& name, std::string const& token) {
        if (token.empty()) return {};
        return remove_if(name, [&token](entry const& e) { return same_secret(e.token, token); });
    }

    template <class Belongs>
    removal remove_if(std::string const& name, Belongs const& belongs) {
        removal result;
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        if (it == users_.end() || !belongs(it->second)) return result;
        change_log log;
        auto* changes = tracking(log);
        touch(changes, name);
        entry& e = it->second;
        auto p = users_.find(e.partner);
        if (p != users_.end() && p->second.partner == name) {
            result.partner_name = e.partner;
            result.partner = p->second.who.lock();
        }
        // Whoever still names us (a caller we never answered too) is free again.
        for (auto const& other : e.linked_by) {
            touch(changes, other);
            users_.find(other)->second.partner.clear();
        }
        e.linked_by.clear();
        clear_partner(name, e, changes);
        directory_.unwatch(name);
        users_.erase(it);
        result.presence = publish(changes);
        return result;
    }

    std::shared_ptr<recipient> find(std::string const& name) const {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        return it == users_.end() ? nullptr : it->second.who.lock();
    }

    call_result call(std::string const& from, std::string const& to) {
        call_result result;
        std::lock_guard lock(mutex_);
        auto a = users_.find(from);
        auto b = users_.find(to);
        if (b == users_.end() || from == to) return result;  // not_online
        result.callee = b->second.who.lock();
        if (!result.callee) return result;
        result.callee_rings = b->second.rings;
        using outcome = call_result::outcome;
        if (a == users_.end()) {
            result.result = outcome::not_signed_in;
        } else if (auto const& mine = engaged_with(a->second); !mine.empty() && mine != to) {
            result.result = outcome::already_in_call;
            result.partner = mine;
        } else if (auto const& theirs = engaged_with(b->second);
                   !theirs.empty() && theirs != from) {
            result.result = outcome::busy;
        } else {
            result.result = outcome::ringing;
            change_log log;
            auto* changes = tracking(log);
            set_partner(from, a->second, to, changes);
            set_partner(to, b->second, from, changes);
            result.presence = publish(changes);
        }
        return result;
    }

    std::shared_ptr<recipient> linked_recipient(std::string const& from,
                                      std::string const& to) const {
        std::lock_guard lock(mutex_);
        auto a = users_.find(from);
        auto b = users_.find(to);
        if (a == users_.end() || b == users_.end()) return nullptr;
        if (a->second.partner != to || b->second.partner != from) return nullptr;
        return b->second.who.lock();
    }

    presence_update link(std::string const& from, std::string const& to) {
        std::lock_guard lock(mutex_);
        auto a = users_.find(from);
        auto b = users_.find(to);
        if (a == users_.end() || b == users_.end() || from == to) return {};
        // Every offer and answer of a call lands here: nothing changes after the first.
        if (a->second.partner == to && !b->second.partner.empty()) return {};
        change_log log;
        auto* changes = tracking(log);
        set_partner(from, a->second, to, changes);
        auto const& theirs = engaged_with(b->second);
        if (theirs.empty() || theirs == from) set_partner(to, b->second, from, changes);
        return publish(changes);
    }

    presence_update unlink(std::string const& from, std::string const& to) {
        std::lock_guard lock(mutex_);
        change_log log;
        auto* changes = tracking(log);
        // A call that ends also ends a wait to be linked again after a reconnect.
        auto a = users_.find(from);
        if (a != users_.end()) {
            if (a->second.wanted_partner == to) forget_wish(from, a->second, changes);
            if (a->second.partner == to) clear_partner(from, a->second, changes);
        }
        auto b = users_.find(to);
        if (b != users_.end()) {
            if (b->second.wanted_partner == from) forget_wish(to, b->second, changes);
            if (b->second.partner == from) clear_partner(to, b->second, changes);
        }
        return publish(changes);
    }

    std::string partner_of(std::string const& name) const {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        return it == users_.end() ? std::string{} : it->second.partner;
    }

    presence_update subscribe(std::string const& name,
                              std::shared_ptr<recipient> const& who) {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        if (it == users_.end() || it->second.identity != who.get()) return {};
        if (!directory_.watched()) {
            // Nobody watched, so nothing was tracked: the directory is filled once, here.
            directory_.clear_names();
            for (auto const& [other, e] : users_) {
                directory_.changed(other, availability::offline, status(e));
            }
        }
        return numbered({directory_.watch(name, who, "")});
    }

    presence_update search(std::string const& name, std::shared_ptr<recipient> const& who,
                           std::string const& prefix) {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        if (it == users_.end() || it->second.identity != who.get() || !directory_.watches(name)) {
            return {};
        }
        return numbered({directory_.watch(name, who, prefix)});
    }

    struct entry {
        std::weak_ptr<recipient> who;
        recipient const* identity = nullptr;  // compares entries without locking the weak_ptr
        std::string token;
        bool rings = false;
        std::string partner;                 // empty: not in a call
        std::vector<std::string> linked_by;  // users whose partner is this one
        // sign_in::partner while that user has not asked for us too. The client is in a call
        // with it (media goes on without us), so this counts as busy until the two are
        // linked again or the call is left.
        std::string wanted_partner;
    };

    // Whom `e` is in a call with, or waits to be linked with again; empty: free.
    static std::string const& engaged_with(entry const& e) {
        return e.partner.empty() ? e.wanted_partner : e.partner;
    }

    // The users an operation touched, with their status before it; unused (null) while
    // nobody subscribes, so calls between tutorial clients pay nothing for presence.
    using change_log = std::vector<std::pair<std::string, availability>>;

    change_log* tracking(change_log& log) const { return directory_.watched() ? &log : nullptr; }

    static availability status(entry const& e) {
        return engaged_with(e).empty() ? availability::available : availability::busy;
    }

    availability status(std::string const& name) const {
        auto it = users_.find(name);
        return it == users_.end() ? availability::offline : status(it->second);
    }

    void touch(change_log* changes, std::string const& name) const {
        if (!changes) return;
        for (auto const& [n, _] : *changes) {
            if (n == name) return;
        }
        changes->emplace_back(name, status(name));
    }

    // The net changes for the windows they touch, numbered in the order of the changes (we
    // are still locked); empty when nobody subscribes or nothing changed.
    presence_update publish(change_log* changes) {
        if (!changes) return {};
        if (!directory_.watched()) {  // the last subscriber just left: stop tracking
            directory_.clear_names();
            return {};
        }
        std::vector<presence_directory::change> changed;
        for (auto const& [name, before] : *changes) changed.push_back({name, before, status(name)});
        auto parcels = directory_.changed(changed);
        if (parcels.empty()) return {};
        return numbered(std::move(parcels));
    }

    presence_update numbered(std::vector<presence_parcel> parcels) {
        return {++sequence_, std::move(parcels)};
    }

    void set_partner(std::string const& name, entry& e, std::string const& partner,
                     change_log* changes) {
        if (e.partner == partner) return;
        touch(changes, name);
        clear_partner(name, e, changes);
        e.partner = partner;
        users_.find(partner)->second.linked_by.push_back(name);
        e.wanted_partner.clear();
    }

    void forget_wish(std::string const& name, entry& e, change_log* changes) {
        touch(changes, name);
        e.wanted_partner.clear();
    }

    void clear_partner(std::string const& name, entry& e, change_log* changes) {
        if (e.partner.empty()) return;
        touch(changes, name);
        auto& back = users_.find(e.partner)->second.linked_by;
        back.erase(std::find(back.begin(), back.end(), name));
        e.partner.clear();
    }

    // `e`, just signed in as `name`, is still in a call with `partner_name` (the login's wire
    // key `peer`). Linked again when that user asked for us too (both came back after a
    // server restart) or still names us; otherwise `e` waits, busy, for it to ask. A partner
    // that stayed online and free saw us leave and ended the call: it is not pulled back in.
    bool relink(std::string const& name, entry& e, std::string const& partner_name,
                change_log* changes) {
        if (!e.partner.empty()) return e.partner == partner_name;  // a reclaimed name's call
        auto p = users_.find(partner_name);
        if (p != users_.end()) {
            entry& other = p->second;
            bool const asked = other.wanted_partner == name && other.partner.empty();
            if (asked || other.partner == name) {
                set_partner(name, e, partner_name, changes);
                if (asked) set_partner(partner_name, other, name, changes);
                return true;
            }
        }
        touch(changes, name);
        e.wanted_partner = partner_name;
        return false;
    }

    // Takes as long whatever the mismatch, so the token cannot be guessed byte by byte.
    static bool same_secret(std::string const& a, std::string const& b) {
        if (a.size() != b.size()) return false;
        unsigned char diff = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            diff |= static_cast<unsigned char>(a[i] ^ b[i]);
        }
        return diff == 0;
    }

    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> users_;
    // Who is online in name order and who watches which window; kept only while someone
    // watches, so that with nobody subscribed an operation checks one flag.
    presence_directory directory_;
    std::uint64_t sequence_ = 0;  // of the last presence_update handed out
};

}  // namespace

std::unique_ptr<user_registry> make_local_registry(std::size_t presence_window) {
    return std::make_unique<local_registry>(presence_window);
}

}  // namespace duet
