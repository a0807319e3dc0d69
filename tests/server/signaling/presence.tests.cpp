// Presence: the changes the local registry returns, sent by the presence component in the
// registry's order, with nobody listed to themselves, also with two threads at once.
#include "signaling/presence.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "protocol/protocol.hpp"
#include "registry_helpers.hpp"
#include "signaling/user_registry.hpp"

using namespace duet;
using duet::testing::add;
using duet::testing::make_test_registry;
namespace proto = protocol;
using proto::to_client::availability;
using outcome = user_registry::call_result::outcome;

namespace {

// Records presence frames; safe to send to from several threads.
class recording_recipient final : public recipient {
  public:
    void send(std::shared_ptr<std::string const> const& text) override {
        std::lock_guard lock(mutex_);
        frames_.push_back(*text);
    }
    std::vector<proto::to_client::presence> presence() {
        std::lock_guard lock(mutex_);
        std::vector<proto::to_client::presence> out;
        for (auto const& f : frames_) {
            auto d = proto::to_client::decode(f);
            REQUIRE(d);
            auto const* p = std::get_if<proto::to_client::presence>(&*d.value);
            REQUIRE(p != nullptr);
            out.push_back(*p);
        }
        frames_.clear();
        return out;
    }

  private:
    std::mutex mutex_;
    std::vector<std::string> frames_;
};

using view = std::map<std::string, availability>;

// What a client makes of its presence messages: the full list replaces, deltas update,
// offline removes.
void apply_presence(view& v, std::vector<proto::to_client::presence> const& messages) {
    for (auto const& m : messages) {
        if (m.full) v.clear();
        for (auto const& u : m.users) {
            if (u.status == availability::offline) {
                v.erase(u.name);
            } else {
                v[u.name] = u.status;
            }
        }
    }
}

presence_update numbered(std::uint64_t sequence, std::string const& user, availability status,
                         std::shared_ptr<recipient> const& to, std::string to_name = "watcher") {
    presence_parcel parcel{{false, {{user, status}}}, {{std::move(to_name), to}}};
    return {sequence, {std::move(parcel)}};
}

}  // namespace

TEST_CASE("presence: the registry's changes, sent to its subscribers", "[presence]") {
    auto registry = make_test_registry();
    presence sender;
    auto watcher = std::make_shared<recording_recipient>();
    auto a = std::make_shared<recording_recipient>();
    auto b = std::make_shared<recording_recipient>();
    REQUIRE(add(*registry, "alice", a, &sender));
    REQUIRE(add(*registry, "watcher", watcher, &sender));

    sender.publish(registry->subscribe("watcher", watcher));
    auto first = watcher->presence();
    REQUIRE(first.size() == 1);
    CHECK(first[0].full);
    REQUIRE(first[0].users.size() == 1);  // not the watcher itself
    CHECK(first[0].users[0].name == "alice");
    CHECK(first[0].users[0].status == availability::available);

    auto delta = [&] {
        auto messages = watcher->presence();
        REQUIRE(messages.size() == 1);
        CHECK_FALSE(messages[0].full);
        view v;
        for (auto const& u : messages[0].users) v[u.name] = u.status;
        return v;
    };

    REQUIRE(add(*registry, "bob", b, &sender));
    CHECK(delta() == view{{"bob", availability::available}});
    sender.publish(registry->link("alice", "bob"));
    CHECK(delta() == view{{"alice", availability::busy}, {"bob", availability::busy}});
    // A second offer: nothing changed, nothing to send.
    CHECK(registry->link("alice", "bob").empty());
    CHECK(registry->link("bob", "alice").empty());
    sender.publish(registry->unlink("alice", "bob"));
    CHECK(delta() == view{{"alice", availability::available}, {"bob", availability::available}});
    auto rung = registry->call("alice", "bob");
    CHECK(rung.result == outcome::ringing);
    sender.publish(std::move(rung.presence));
    CHECK(delta() == view{{"alice", availability::busy}, {"bob", availability::busy}});
    sender.publish(registry->remove("bob", b.get()).presence);
    CHECK(delta() == view{{"alice", availability::available}, {"bob", availability::offline}});

    SECTION("the registry sends nothing itself") {
        auto unsent = registry->unlink("alice", "alice");
        CHECK(unsent.empty());
        auto left = registry->remove("alice", a.get());
        CHECK_FALSE(left.presence.empty());
        CHECK(watcher->presence().empty());
        sender.publish(std::move(left.presence));
        CHECK(delta() == view{{"alice", availability::offline}});
    }
    SECTION("a reclaimed name does not go offline") {
        auto carol =
            registry->claim("carol", {}, "t1", std::make_shared<recording_recipient>(), {});
        REQUIRE(carol.ok);
        sender.publish(std::move(carol.presence));
        delta();
        auto again =
            registry->claim("carol", "t1", "t2", std::make_shared<recording_recipient>(), {});
        CHECK(again.ok);
        CHECK(again.presence.empty());
    }
    SECTION("the watcher's own changes are not sent to it") {
        auto call = registry->call("watcher", "alice");
        CHECK(call.result == outcome::ringing);
        sender.publish(std::move(call.presence));
        CHECK(delta() == view{{"alice", availability::busy}});
    }
    SECTION("a subscriber that leaves gets nothing more") {
        sender.publish(registry->remove("watcher", watcher.get()).presence);
        REQUIRE(add(*registry, "dave", std::make_shared<recording_recipient>(), &sender));
        CHECK(watcher->presence().empty());
    }
    SECTION("only the connection that holds the name can subscribe") {
        auto stranger = std::make_shared<recording_recipient>();
        CHECK(registry->subscribe("alice", stranger).empty());
        CHECK(registry->subscribe("nobody", stranger).empty());
        REQUIRE(add(*registry, "dave", std::make_shared<recording_recipient>(), &sender));
        CHECK(stranger->presence().empty());
        delta();
    }
}

TEST_CASE("presence: updates go out in the registry's order, whatever order they come in",
          "[presence]") {
    presence sender;
    auto watcher = std::make_shared<recording_recipient>();
    CHECK(presence_update{}.empty());
    sender.publish({});  // nothing changed: nothing sent, no number taken

    sender.publish(numbered(2, "bob", availability::available, watcher));
    sender.publish(numbered(3, "carol", availability::available, watcher));
    CHECK(watcher->presence().empty());  // waiting for 1
    sender.publish(numbered(1, "alice", availability::available, watcher));
    auto messages = watcher->presence();
    REQUIRE(messages.size() == 3);
    CHECK(messages[0].users[0].name == "alice");
    CHECK(messages[1].users[0].name == "bob");
    CHECK(messages[2].users[0].name == "carol");

    SECTION("a change only about the subscriber itself is not sent to it") {
        sender.publish(numbered(4, "watcher", availability::busy, watcher));
        sender.publish(numbered(5, "dave", availability::busy, watcher));
        auto next = watcher->presence();
        REQUIRE(next.size() == 1);
        CHECK(next[0].users[0].name == "dave");
    }
    SECTION("a subscriber already gone is skipped") {
        auto gone = std::make_shared<recording_recipient>();
        std::weak_ptr<recording_recipient> weak = gone;
        auto update = numbered(4, "dave", availability::busy, gone);
        gone.reset();
        sender.publish(std::move(update));
        CHECK(weak.expired());
        sender.publish(numbered(5, "erin", availability::busy, watcher));
        CHECK(watcher->presence().size() == 1);
    }
}

TEST_CASE("presence: deliveries can be handed to another runner", "[presence]") {
    std::vector<std::function<void()>> jobs;
    auto registry = make_test_registry();
    presence sender([&](std::function<void()> job) { jobs.push_back(job); });
    auto watcher = std::make_shared<recording_recipient>();
    REQUIRE(add(*registry, "watcher", watcher, &sender));
    REQUIRE(jobs.empty());  // no subscriber, no job: tutorial traffic pays nothing
    sender.publish(registry->subscribe("watcher", watcher));
    REQUIRE(add(*registry, "alice", std::make_shared<recording_recipient>(), &sender));
    CHECK(watcher->presence().empty());  // nothing sent inline
    REQUIRE_FALSE(jobs.empty());
    for (auto& job : jobs) job();
    auto messages = watcher->presence();
    REQUIRE(messages.size() == 2);  // both, in order, by the first job
    CHECK(messages[0].full);
    CHECK_FALSE(messages[1].full);
}

TEST_CASE("presence: stays exact with two threads changing the registry", "[presence]") {
    auto registry = make_test_registry();
    presence sender;
    std::vector<std::string> names;
    for (int i = 0; i < 8; ++i) names.push_back("user" + std::to_string(i));
    std::vector<std::shared_ptr<recording_recipient>> watchers;
    for (int i = 0; i < 2; ++i) {
        auto w = std::make_shared<recording_recipient>();
        std::string name = "watcher" + std::to_string(i);
        REQUIRE(add(*registry, name, w, &sender));
        sender.publish(registry->subscribe(name, w));
        watchers.push_back(w);
    }

    // Each thread owns half of the names (a name's sign-in and sign-out are one session's),
    // and rings, links and leaves across both halves. Each publishes what the registry
    // returned after its lock is released, as the handler does, so updates race to publish.
    auto worker = [&](int half, unsigned seed) {
        std::mt19937 rng(seed);
        std::vector<std::shared_ptr<recording_recipient>> mine(4);
        for (int step = 0; step < 4000; ++step) {
            int slot = static_cast<int>(rng() % 4);
            auto const& me = names[static_cast<std::size_t>(half * 4 + slot)];
            auto const& other = names[rng() % names.size()];
            switch (rng() % 5) {
                case 0:
                    if (mine[slot]) {
                        sender.publish(registry->remove(me, mine[slot].get()).presence);
                        mine[slot].reset();
                    } else {
                        mine[slot] = std::make_shared<recording_recipient>();
                        sender.publish(
                            registry->claim(me, {}, {}, mine[slot], {true, other}).presence);
                    }
                    break;
                case 1:
                    sender.publish(registry->call(me, other).presence);
                    break;
                case 2:
                    sender.publish(registry->link(me, other));
                    break;
                default:
                    sender.publish(registry->unlink(me, other));
                    break;
            }
        }
        return mine;
    };
    std::vector<std::shared_ptr<recording_recipient>> keep0, keep1;
    std::thread t0([&] { keep0 = worker(0, 1); });
    std::thread t1([&] { keep1 = worker(1, 2); });
    t0.join();
    t1.join();

    view actual;
    for (auto const& name : names) {
        if (!registry->find(name)) continue;
        actual[name] =
            registry->partner_of(name).empty() ? availability::available : availability::busy;
    }
    for (std::size_t i = 0; i < watchers.size(); ++i) {
        view seen;
        apply_presence(seen, watchers[i]->presence());
        seen.erase("watcher" + std::to_string(1 - i));
        INFO("watcher " << i);
        CHECK(seen == actual);
    }
}
