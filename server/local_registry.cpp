// The in-process registry: one mutex guarding one map, for a single server process.
#include <mutex>
#include <unordered_map>

#include "user_registry.hpp"

namespace duet {
namespace {

class local_registry final : public user_registry {
public:
    bool add(std::string const& name, std::shared_ptr<peer> const& who) override {
        std::lock_guard lock(mutex_);
        auto [it, inserted] = users_.try_emplace(name);
        if (!inserted) return false;
        it->second.who = who;
        it->second.identity = who.get();
        return true;
    }

    std::shared_ptr<peer> remove(std::string const& name, peer const* who,
                                 std::string* partner_name) override {
        std::lock_guard lock(mutex_);
        auto it = users_.find(name);
        if (it == users_.end() || it->second.identity != who) return nullptr;
        std::string partner = std::move(it->second.partner);
        users_.erase(it);
        if (partner.empty()) return nullptr;
        auto p = users_.find(partner);
        if (p == users_.end() || p->second.partner != name) return nullptr;
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
        if (b->second.partner.empty()) b->second.partner = from;
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
        return it == users_.end() ? std::string{} : it->second.partner;
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
    };

    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> users_;
};

}  // namespace

std::unique_ptr<user_registry> make_local_registry() { return std::make_unique<local_registry>(); }

}  // namespace duet
