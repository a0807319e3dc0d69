// Short forms of registry calls for tests: the asynchronous interface answered synchronously,
// and a registry whose answers can be held back, as a shared backend's would be.
#pragma once

#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "signaling/presence.hpp"
#include "signaling/user_registry.hpp"

namespace duet::testing {

// A connection for tests that look at the registry only: sends go nowhere.
class silent_recipient final : public recipient {
  public:
    void send(std::shared_ptr<std::string const> const&) override {}
};

// The local registry, with each operation also callable the old way (its result returned;
// it must complete at once). With hold(true) its completions wait until release(), which
// runs them as a backend answering from elsewhere does (completion::later), oldest first.
class test_registry final : public user_registry {
    // The inner registry's completion: straight through, or held for release() (taken over
    // with defer(), as a backend that answers later does). First in the class: the operations
    // below use its deduced type.
    template <class Result>
    auto pass(completion<Result> done) const {
        return [this, done](Result r) mutable {
            if (!holding_) return done.now(std::move(r));
            held_.push_back([later = std::move(done).defer(), r = std::move(r)]() mutable {
                later.later(std::move(r));
            });
        };
    }

  public:
    void hold(bool on) { holding_ = on; }
    std::size_t held() const { return held_.size(); }
    // Runs the completions held so far (and those they hold in turn, until none is left).
    void release() {
        while (!held_.empty()) {
            auto next = std::move(held_.front());
            held_.erase(held_.begin());
            next();
        }
    }
    // Runs only the oldest held completion.
    void release_one() {
        REQUIRE_FALSE(held_.empty());
        auto next = std::move(held_.front());
        held_.erase(held_.begin());
        next();
    }

    void claim(std::string const& name, std::string const& presented_token,
               std::string const& new_token, std::shared_ptr<recipient> const& who,
               sign_in const& how, completion<claim_result> done) override {
        inner_->claim(name, presented_token, new_token, who, how, pass(std::move(done)));
    }
    void remove(std::string const& name, recipient const* who, completion<removal> done) override {
        inner_->remove(name, who, pass(std::move(done)));
    }
    void expire(std::string const& name, std::string const& token,
                completion<removal> done) override {
        inner_->expire(name, token, pass(std::move(done)));
    }
    void find(std::string const& name, completion<std::shared_ptr<recipient>> done) const override {
        inner_->find(name, pass(std::move(done)));
    }
    void call(std::string const& from, std::string const& to,
              completion<call_result> done) override {
        inner_->call(from, to, pass(std::move(done)));
    }
    void linked_recipient(std::string const& from, std::string const& to,
                          completion<std::shared_ptr<recipient>> done) const override {
        inner_->linked_recipient(from, to, pass(std::move(done)));
    }
    void link(std::string const& from, std::string const& to,
              completion<presence_update> done) override {
        inner_->link(from, to, pass(std::move(done)));
    }
    void unlink(std::string const& from, std::string const& to,
                completion<presence_update> done) override {
        inner_->unlink(from, to, pass(std::move(done)));
    }
    void partner_of(std::string const& name, completion<std::string> done) const override {
        inner_->partner_of(name, pass(std::move(done)));
    }
    void subscribe(std::string const& name, std::shared_ptr<recipient> const& who,
                   completion<presence_update> done) override {
        inner_->subscribe(name, who, pass(std::move(done)));
    }
    void search(std::string const& name, std::shared_ptr<recipient> const& who,
                std::string const& prefix, completion<presence_update> done) override {
        inner_->search(name, who, prefix, pass(std::move(done)));
    }
    std::size_t size() const override { return inner_->size(); }

    claim_result claim(std::string const& name, std::string const& presented_token,
                       std::string const& new_token, std::shared_ptr<recipient> const& who,
                       sign_in const& how) {
        return now<claim_result>([&](auto done) {
            inner_->claim(name, presented_token, new_token, who, how, std::move(done));
        });
    }
    removal remove(std::string const& name, recipient const* who) {
        return now<removal>([&](auto done) { inner_->remove(name, who, std::move(done)); });
    }
    removal expire(std::string const& name, std::string const& token) {
        return now<removal>([&](auto done) { inner_->expire(name, token, std::move(done)); });
    }
    std::shared_ptr<recipient> find(std::string const& name) const {
        return now<std::shared_ptr<recipient>>(
            [&](auto done) { inner_->find(name, std::move(done)); });
    }
    call_result call(std::string const& from, std::string const& to) {
        return now<call_result>([&](auto done) { inner_->call(from, to, std::move(done)); });
    }
    std::shared_ptr<recipient> linked_recipient(std::string const& from,
                                                std::string const& to) const {
        return now<std::shared_ptr<recipient>>(
            [&](auto done) { inner_->linked_recipient(from, to, std::move(done)); });
    }
    presence_update link(std::string const& from, std::string const& to) {
        return now<presence_update>([&](auto done) { inner_->link(from, to, std::move(done)); });
    }
    presence_update unlink(std::string const& from, std::string const& to) {
        return now<presence_update>([&](auto done) { inner_->unlink(from, to, std::move(done)); });
    }
    std::string partner_of(std::string const& name) const {
        return now<std::string>([&](auto done) { inner_->partner_of(name, std::move(done)); });
    }
    presence_update subscribe(std::string const& name, std::shared_ptr<recipient> const& who) {
        return now<presence_update>(
            [&](auto done) { inner_->subscribe(name, who, std::move(done)); });
    }
    presence_update search(std::string const& name, std::shared_ptr<recipient> const& who,
                           std::string const& prefix) {
        return now<presence_update>(
            [&](auto done) { inner_->search(name, who, prefix, std::move(done)); });
    }

  private:
    template <class Result, class Start>
    static Result now(Start start) {
        std::optional<Result> result;
        start(completion<Result>([&result](Result r) { result = std::move(r); }, nullptr));
        // Not REQUIRE: tests call this from several threads, and Catch2's macros are not
        // thread-safe. Thrown on the test's thread, Catch reports it.
        if (!result) throw std::logic_error("the local registry did not complete at once");
        return std::move(*result);
    }

  public:
    explicit test_registry(std::size_t presence_window = 100)
        : inner_(make_local_registry(presence_window)) {}

  private:
    std::unique_ptr<user_registry> inner_;
    bool holding_ = false;
    mutable std::vector<std::function<void()>> held_;
};

inline std::unique_ptr<test_registry> make_test_registry(std::size_t presence_window = 100) {
    return std::make_unique<test_registry>(presence_window);
}

// Signs `who` in as `name` with no token and no features; false when the name is taken. The
// presence change goes to `sender`; without one there must be none (nobody subscribed).
inline bool add(test_registry& registry, std::string const& name,
                std::shared_ptr<recipient> const& who, presence* sender = nullptr) {
    auto claimed = registry.claim(name, {}, {}, who, {});
    if (sender) {
        sender->publish(std::move(claimed.presence));
    } else {
        REQUIRE(claimed.presence.empty());
    }
    return claimed.ok;
}

}  // namespace duet::testing
