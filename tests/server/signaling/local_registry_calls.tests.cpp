// The registry's call-control operations: ringing links, relinking after a reconnect, and
// presence delivered in order, also with two threads at once.
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "protocol/protocol.hpp"
#include "signaling/user_registry.hpp"

using namespace duet;
namespace proto = protocol;
using proto::to_client::availability;
using outcome = user_registry::call_result::outcome;

namespace {

// Records presence frames; safe to send to from several threads.
class recording_peer final : public peer {
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

user_registry::sign_in rings() { return {true, {}}; }
user_registry::sign_in asking_for(std::string peer) { return {true, std::move(peer)}; }

}  // namespace

TEST_CASE("local registry: call links both ways unless either is taken", "[registry]") {
    auto registry = make_local_registry();
    auto a = std::make_shared<recording_peer>();
    auto b = std::make_shared<recording_peer>();
    auto c = std::make_shared<recording_peer>();
    auto t = std::make_shared<recording_peer>();
    REQUIRE(registry->claim("alice", {}, {}, a, rings()).ok);
    REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
    REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
    REQUIRE(registry->add("tutorial", t));

    auto r = registry->call("alice", "bob");
    CHECK(r.result == outcome::ringing);
    CHECK(r.callee == b);
    CHECK(r.callee_rings);
    CHECK(registry->partner_of("alice") == "bob");
    CHECK(registry->partner_of("bob") == "alice");
    CHECK(registry->linked_peer("bob", "alice") == a);
    CHECK(registry->linked_peer("alice", "bob") == b);
    CHECK(registry->linked_peer("carol", "alice") == nullptr);

    SECTION("a third caller finds the callee busy, and the callee is handed back") {
        auto busy = registry->call("carol", "bob");
        CHECK(busy.result == outcome::busy);
        CHECK(busy.callee == b);
        CHECK(registry->partner_of("carol").empty());
        CHECK(registry->partner_of("bob") == "alice");
        CHECK(registry->call("carol", "alice").result == outcome::busy);
    }
    SECTION("a caller in a call cannot ring another") {
        auto again = registry->call("alice", "carol");
        CHECK(again.result == outcome::already_in_call);
        CHECK(again.partner == "bob");
        CHECK(registry->partner_of("carol").empty());
    }
    SECTION("glare: the callee ringing back keeps the link") {
        CHECK(registry->call("bob", "alice").result == outcome::ringing);
        CHECK(registry->partner_of("alice") == "bob");
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("a callee that does not ring is said so") {
        auto tut = registry->call("carol", "tutorial");
        CHECK(tut.result == outcome::ringing);
        CHECK_FALSE(tut.callee_rings);
    }
    SECTION("offline, gone, or from nobody") {
        CHECK(registry->call("carol", "dave").result == outcome::not_online);
        CHECK(registry->call("carol", "carol").result == outcome::not_online);
        CHECK(registry->call("dave", "carol").result == outcome::not_signed_in);
        t.reset();
        CHECK(registry->call("carol", "tutorial").result == outcome::not_online);
    }
    SECTION("unlink frees both; remove frees the partner and anyone still pointing at us") {
        registry->unlink("bob", "alice");
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("bob").empty());
        CHECK(registry->linked_peer("bob", "alice") == nullptr);

        CHECK(registry->call("alice", "bob").result == outcome::ringing);
        registry->link("carol", "bob");  // a tutorial offer to a busy user: one-sided
        CHECK(registry->partner_of("carol") == "bob");
        std::string partner;
        CHECK(registry->remove("bob", b.get(), &partner) == a);
        CHECK(partner == "alice");
        CHECK(registry->partner_of("alice").empty());
        CHECK(registry->partner_of("carol").empty());
        CHECK(registry->call("carol", "alice").result == outcome::ringing);
    }
}

TEST_CASE("local registry: login.peer relinks only when both ask", "[registry]") {
    auto registry = make_local_registry();
    auto a = std::make_shared<recording_peer>();
    auto b = std::make_shared<recording_peer>();
    auto c = std::make_shared<recording_peer>();

    SECTION("after a restart, both come back naming each other") {
        auto first = registry->claim("alice", {}, {}, a, asking_for("bob"));
        CHECK(first.ok);
        CHECK_FALSE(first.relinked);  // bob is not back yet
        CHECK(registry->partner_of("alice").empty());
        auto second = registry->claim("bob", {}, {}, b, asking_for("alice"));
        CHECK(second.relinked);
        CHECK(registry->partner_of("alice") == "bob");
        CHECK(registry->partner_of("bob") == "alice");
    }
    SECTION("a partner who never asked (it saw us leave) stays free; we wait, busy") {
        REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
        REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
        auto r = registry->claim("alice", {}, {}, a, asking_for("bob"));
        CHECK_FALSE(r.relinked);
        CHECK(registry->partner_of("bob").empty());
        CHECK(registry->partner_of("alice").empty());
        // alice's client is still in its call: nobody else rings her, she rings nobody else.
        CHECK(registry->call("carol", "alice").result == outcome::busy);
        auto mine = registry->call("alice", "carol");
        CHECK(mine.result == outcome::already_in_call);
        CHECK(mine.partner == "bob");
        CHECK(registry->call("carol", "bob").result == outcome::ringing);
        registry->unlink("carol", "bob");
        // Her leave (connection_lost, once media gave up) frees her.
        registry->unlink("alice", "bob");
        CHECK(registry->call("carol", "alice").result == outcome::ringing);
    }
    SECTION("while the first one back waits, the other's return links them") {
        REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
        REQUIRE(registry->claim("alice", {}, {}, a, asking_for("bob")).ok);
        CHECK(registry->call("carol", "alice").result == outcome::busy);  // no ring in between
        CHECK(registry->claim("bob", {}, {}, b, asking_for("alice")).relinked);
        CHECK(registry->linked_peer("alice", "bob") == b);
    }
    SECTION("a tutorial offer from the awaited partner links the pair; from others, not") {
        REQUIRE(registry->claim("carol", {}, {}, c, rings()).ok);
        REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
        REQUIRE(registry->claim("alice", {}, {}, a, asking_for("bob")).ok);
        registry->link("carol", "alice");
        CHECK(registry->partner_of("alice").empty());
        registry->link("bob", "alice");  // an ICE restart offer
        CHECK(registry->linked_peer("bob", "alice") == a);
    }
    SECTION("a partner who asked, then ended the call with us, stays free") {
        REQUIRE(registry->claim("bob", {}, {}, b, asking_for("alice")).ok);
        registry->unlink("bob", "alice");  // bob's leave{connection_lost} while alice was away
        CHECK_FALSE(registry->claim("alice", {}, {}, a, asking_for("bob")).relinked);
    }
    SECTION("a reclaimed name still linked to its peer reports the link") {
        REQUIRE(registry->claim("alice", {}, "t1", a, rings()).ok);
        REQUIRE(registry->claim("bob", {}, {}, b, rings()).ok);
        REQUIRE(registry->call("alice", "bob").result == outcome::ringing);
        auto again = registry->claim("alice", "t1", "t2", c, asking_for("bob"));
        CHECK(again.ok);
        CHECK(again.replaced == a);
        CHECK(again.relinked);
        CHECK(registry->linked_peer("bob", "alice") == c);
    }
    SECTION("asking for yourself does nothing") {
        CHECK_FALSE(registry->claim("alice", {}, {}, a, asking_for("alice")).relinked);
        CHECK(registry->partner_of("alice").empty());
    }
}

TEST_CASE("local registry: presence", "[registry]") {
    auto registry = make_local_registry();
    auto watcher = std::make_shared<recording_peer>();
    auto a = std::make_shared<recording_peer>();
    auto b = std::make_shared<recording_peer>();
    REQUIRE(registry->add("alice", a));
    REQUIRE(registry->add("watcher", watcher));

    registry->subscribe("watcher", watcher);
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

    REQUIRE(registry->add("bob", b));
    CHECK(delta() == view{{"bob", availability::available}});
    registry->link("alice", "bob");
    CHECK(delta() == view{{"alice", availability::busy}, {"bob", availability::busy}});
    registry->link("alice", "bob");  // a second offer: nothing changed, nothing sent
    registry->link("bob", "alice");
    CHECK(watcher->presence().empty());
    registry->unlink("alice", "bob");
    CHECK(delta() == view{{"alice", availability::available}, {"bob", availability::available}});
    CHECK(registry->call("alice", "bob").result == outcome::ringing);
    CHECK(delta() == view{{"alice", availability::busy}, {"bob", availability::busy}});
    registry->remove("bob", b.get(), nullptr);
    CHECK(delta() == view{{"alice", availability::available}, {"bob", availability::offline}});

    SECTION("a reclaimed name does not go offline") {
        REQUIRE(registry->claim("carol", {}, "t1", std::make_shared<recording_peer>(), {}).ok);
        delta();
        auto again = std::make_shared<recording_peer>();
        CHECK(registry->claim("carol", "t1", "t2", again, {}).ok);
        CHECK(watcher->presence().empty());
    }
    SECTION("the watcher's own changes are not sent to it") {
        CHECK(registry->call("watcher", "alice").result == outcome::ringing);
        CHECK(delta() == view{{"alice", availability::busy}});
    }
    SECTION("a subscriber that leaves gets nothing more") {
        registry->remove("watcher", watcher.get(), nullptr);
        REQUIRE(registry->add("dave", std::make_shared<recording_peer>()));
        CHECK(watcher->presence().empty());
    }
    SECTION("only the connection that holds the name can subscribe") {
        auto stranger = std::make_shared<recording_peer>();
        registry->subscribe("alice", stranger);
        registry->subscribe("nobody", stranger);
        REQUIRE(registry->add("dave", std::make_shared<recording_peer>()));
        CHECK(stranger->presence().empty());
        delta();
    }
}

TEST_CASE("local registry: deliveries can be handed to another runner", "[registry]") {
    std::vector<std::function<void()>> jobs;
    auto registry = make_local_registry([&](std::function<void()> job) { jobs.push_back(job); });
    auto watcher = std::make_shared<recording_peer>();
    REQUIRE(registry->add("watcher", watcher));
    REQUIRE(jobs.empty());  // no subscriber, no job: tutorial traffic pays nothing
    registry->subscribe("watcher", watcher);
    REQUIRE(registry->add("alice", std::make_shared<recording_peer>()));
    CHECK(watcher->presence().empty());  // nothing sent inline
    REQUIRE(jobs.size() == 2);
    for (auto& job : jobs) job();
    auto messages = watcher->presence();
    REQUIRE(messages.size() == 2);  // both in order by the first job; the second finds none
    CHECK(messages[0].full);
    CHECK_FALSE(messages[1].full);
}

TEST_CASE("local registry: presence stays exact with two threads changing it", "[registry]") {
    auto registry = make_local_registry();
    std::vector<std::string> names;
    for (int i = 0; i < 8; ++i) names.push_back("user" + std::to_string(i));
    std::vector<std::shared_ptr<recording_peer>> watchers;
    for (int i = 0; i < 2; ++i) {
        auto w = std::make_shared<recording_peer>();
        std::string name = "watcher" + std::to_string(i);
        REQUIRE(registry->add(name, w));
        registry->subscribe(name, w);
        watchers.push_back(w);
    }

    // Each thread owns half of the names (a name's sign-in and sign-out are one session's),
    // and rings, links and leaves across both halves.
    auto worker = [&](int half, unsigned seed) {
        std::mt19937 rng(seed);
        std::vector<std::shared_ptr<recording_peer>> mine(4);
        for (int step = 0; step < 4000; ++step) {
            int slot = static_cast<int>(rng() % 4);
            auto const& me = names[static_cast<std::size_t>(half * 4 + slot)];
            auto const& other = names[rng() % names.size()];
            switch (rng() % 5) {
                case 0:
                    if (mine[slot]) {
                        registry->remove(me, mine[slot].get(), nullptr);
                        mine[slot].reset();
                    } else {
                        mine[slot] = std::make_shared<recording_peer>();
                        registry->claim(me, {}, {}, mine[slot], {true, other});
                    }
                    break;
                case 1:
                    registry->call(me, other);
                    break;
                case 2:
                    registry->link(me, other);
                    break;
                default:
                    registry->unlink(me, other);
                    break;
            }
        }
        return mine;
    };
    std::vector<std::shared_ptr<recording_peer>> keep0, keep1;
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
