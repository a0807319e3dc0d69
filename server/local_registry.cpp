// The in-process registry: one mutex guarding one map, for a single server process.
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "user_registry.hpp"

namespace duet {
namespace {

class local_registry final : public user_registry {
public:
    claim_result claim(std::string const& name, std::string const& presented_token,
                       std::string const& new_token, std::shared_ptr<peer> const& who) override {
        std::lock_guard lock(mutex_);
        auto [it, inserted] = users_.try_emplace(name);
        entry& e = it->second;
        claim_result result;
        if (!inserted) {
            if (presented_token.empty() || !same_secret(presented_token, e.token)) return result;
            result.replaced = e.who.lock();
        }
        auto const old_serial = e.serial;
        e.who = who;
        e.identity = who.get();
        e.serial = ++last_serial_;
        e.token = new_token;
        if (!inserted) {
            // A reclaimed name keeps its call: the partner's link follows it.
            auto p = users_.find(e.partner);
            if (p != users_.end() && p->second.partner == name &&
                p->second.partner_serial == old_serial) {
                p->second.partner_serial = e.serial;
            }
        }
        result.ok = true;
        return result;
    }

    std::shared_ptr<peer> remove(std::string const& name, peer const* who,
                                 std::string* partner_name) override {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        if (it == users_.end() || it->second.identity != who) return nullptr;
        auto const serial = it->second.serial;
        std::string partner = std::move(it->second.partner);
        users_.erase(it);
        // Others that still name us as partner (a caller we never answered) keep a stale
        // name, but it is tied to our identity, so it never reaches whoever signs in next.
        auto p = users_.find(partner);
        if (p == users_.end() || !is_partner(p->second, name, serial)) return nullptr;
        p->second.partner.clear();
        if (partner_name) *partner_name = partner;
        return p->second.who.lock();
    }

    std::shared_ptr<peer> find(std::string const& name) const override {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        return it == users_.end() ? nullptr : it->second.who.lock();
    }

    void link(std::string const& from, std::string const& to) override {
        std::lock_guard lock(mutex_);
        auto a = users_.find(from);
        auto b = users_.find(to);
        if (a == users_.end() || b == users_.end()) return;
        a->second.partner = to;
        a->second.partner_serial = b->second.serial;
        if (!current_partner(b->second)) {
            b->second.partner = from;
            b->second.partner_serial = a->second.serial;
        }
    }

    void unlink(std::string const& from, std::string const& to) override {
        std::lock_guard lock(mutex_);
        auto a = users_.find(from);
        if (a != users_.end() && a->second.partner == to) a->second.partner.clear();
        auto b = users_.find(to);
        if (b != users_.end() && b->second.partner == from) b->second.partner.clear();
    }

    std::string partner_of(std::string const& name) const override {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        if (it == users_.end()) return {};
        auto const* partner = current_partner(it->second);
        return partner ? it->second.partner : std::string{};
    }

    std::size_t size() const override {
        std::lock_guard lock(mutex_);
        return users_.size();
    }

private:
    struct entry {
        std::weak_ptr<peer> who;
        peer const* identity = nullptr;  // compares entries without locking the weak_ptr
        std::string partner;
        std::uint64_t serial = 0;          // this sign-in, never reused
        std::uint64_t partner_serial = 0;  // the partner's sign-in when the link was made
        std::string token;
    };

    static bool is_partner(entry const& e, std::string const& name, std::uint64_t serial) {
        return e.partner == name && e.partner_serial == serial;
    }

    // The entry `e` is in a call with, if that user is still the same connection.
    entry const* current_partner(entry const& e) const {
        if (e.partner.empty()) return nullptr;
        auto it = users_.find(e.partner);
        if (it == users_.end() || it->second.serial != e.partner_serial) return nullptr;
        return &it->second;
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
    std::uint64_t last_serial_ = 0;
    std::unordered_map<std::string, entry> users_;
};

}  // namespace

std::unique_ptr<user_registry> make_local_registry() { return std::make_unique<local_registry>(); }

}  // namespace duet
