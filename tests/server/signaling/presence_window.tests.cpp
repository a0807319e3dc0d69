// Presence windows (issue 14): a subscriber's list is the first names online that start with
// its search prefix, kept right by the deltas the directory returns; a change outside every
// window costs no frame at all. Checked against a brute-force model over random changes, then
// through the local registry and the signaling handler.
#include "signaling/presence_directory.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "protocol/protocol.hpp"
#include "handler_client.hpp"
#include "registry_helpers.hpp"
#include "signaling/presence.hpp"
#include "signaling/signaling_handler.hpp"

using namespace duet;
using duet::testing::add;
using duet::testing::make_test_registry;
namespace proto = protocol;
using proto::to_client::availability;

namespace {

using view = std::map<std::string, availability>;

struct watcher {
    std::string name;
    std::string prefix;
    view list;
    bool more = false;
};

// What a client makes of a frame: a full list replaces, offline removes.
void apply(watcher& w, proto::to_client::presence const& m) {
    if (m.full) w.list.clear();
    for (auto const& u : m.users) {
        if (u.status == availability::offline) {
            w.list.erase(u.name);
        } else {
            w.list[u.name] = u.status;
        }
    }
    REQUIRE(m.more.has_value());
    w.more = *m.more;
}

void deliver(std::vector<presence_parcel> const& parcels, std::vector<watcher>& watchers) {
    for (auto const& p : parcels) {
        for (auto const& to : p.to) {
            for (auto& w : watchers) {
                if (w.name == to.name) apply(w, p.message);
            }
        }
    }
}

// The window as it should be, from everyone online.
view expected(view const& online, std::string const& prefix, std::size_t window, bool& more) {
    view out;
    more = false;
    for (auto const& [name, status] : online) {
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        if (out.size() == window) {
            more = true;
            break;
        }
        out[name] = status;
    }
    return out;
}

class silent final : public recipient {
  public:
    void send(std::shared_ptr<std::string const> const& text) override { frames.push_back(*text); }
    std::vector<std::string> frames;
};

}  // namespace

TEST_CASE("presence window: the first names, pushed out and moved in", "[presence][window]") {
    presence_directory d(3);
    for (auto n : {"bob", "cat", "dan", "eve"}) d.changed(n, availability::offline, availability::available);
    std::vector<watcher> w{{"zed", "", {}, false}};
    auto who = std::make_shared<silent>();
    deliver({d.watch("zed", who, "")}, w);
    CHECK(w[0].list == view{{"bob", availability::available},
                            {"cat", availability::available},
                            {"dan", availability::available}});
    CHECK(w[0].more);

    auto joined = d.changed("amy", availability::offline, availability::available);
    REQUIRE(joined.size() == 1);
    CHECK(joined[0].message.users ==
          std::vector<proto::to_client::presence_entry>{{"amy", availability::available},
                                                        {"dan", availability::offline}});
    deliver(joined, w);

    // Past the window: no frame for anyone.
    CHECK(d.changed("zoe", availability::offline, availability::available).empty());
    CHECK(d.changed("eve", availability::available, availability::busy).empty());

    deliver(d.changed("cat", availability::available, availability::busy), w);
    auto left = d.changed("amy", availability::available, availability::offline);
    REQUIRE(left.size() == 1);
    CHECK(left[0].message.users ==
          std::vector<proto::to_client::presence_entry>{{"amy", availability::offline},
                                                        {"dan", availability::available}});
    deliver(left, w);
    CHECK(w[0].list == view{{"bob", availability::available},
                            {"cat", availability::busy},
                            {"dan", availability::available}});
}

TEST_CASE("presence window: `more` turns on and off with no name in the frame",
          "[presence][window]") {
    presence_directory d(2);
    std::vector<watcher> w{{"zed", "", {}, false}};
    deliver({d.watch("zed", std::make_shared<silent>(), "")}, w);
    CHECK_FALSE(w[0].more);
    deliver(d.changed("a", availability::offline, availability::available), w);
    deliver(d.changed("b", availability::offline, availability::available), w);
    CHECK_FALSE(w[0].more);
    auto third = d.changed("c", availability::offline, availability::available);
    REQUIRE(third.size() == 1);
    CHECK(third[0].message.users.empty());
    deliver(third, w);
    CHECK(w[0].more);
    deliver(d.changed("c", availability::available, availability::offline), w);
    CHECK_FALSE(w[0].more);
}

TEST_CASE("presence window: a search moves it; other prefixes' changes cost it nothing",
          "[presence][window]") {
    presence_directory d(2);
    for (auto n : {"ann", "bea", "ben", "bo", "cy"}) {
        d.changed(n, availability::offline, availability::available);
    }
    std::vector<watcher> w{{"zed", "", {}, false}};
    auto who = std::make_shared<silent>();
    auto list = d.watch("zed", who, "be");
    CHECK(list.message.full);
    CHECK(list.message.prefix == std::string("be"));
    deliver({list}, w);
    CHECK(w[0].list == view{{"bea", availability::available}, {"ben", availability::available}});
    CHECK_FALSE(w[0].more);
    CHECK(d.changed("al", availability::offline, availability::available).empty());
    CHECK(d.changed("cy", availability::available, availability::busy).empty());
    deliver(d.changed("bee", availability::offline, availability::available), w);
    CHECK(w[0].list == view{{"bea", availability::available}, {"bee", availability::available}});
    CHECK(w[0].more);
    d.unwatch("zed");
    CHECK_FALSE(d.watched());
    CHECK(d.changed("bea", availability::available, availability::busy).empty());
}

TEST_CASE("presence window: random changes keep every window exact", "[presence][window]") {
    std::mt19937 rng(Catch::rngSeed());
    std::size_t const window = 4;
    presence_directory d(window);
    std::vector<std::string> const prefixes{"", "a", "ab", "b", "ba", "c", "abc"};
    std::vector<watcher> watchers;
    for (std::size_t i = 0; i < 12; ++i) {
        watchers.push_back({"~w" + std::to_string(i), prefixes[i % prefixes.size()], {}, false});
    }
    auto who = std::make_shared<silent>();
    for (auto& w : watchers) deliver({d.watch(w.name, who, w.prefix)}, watchers);

    view online;
    auto random_name = [&] {
        std::string n;
        auto length = 1 + rng() % 4;
        for (std::size_t i = 0; i < length; ++i) n.push_back("abc"[rng() % 3]);
        return n;
    };
    for (int step = 0; step < 3000; ++step) {
        // One change, or now and then two as one operation (a call links two users).
        std::vector<presence_directory::change> batch;
        for (int k = 0, n = rng() % 5 == 0 ? 2 : 1; k < n; ++k) {
            auto name = random_name();
            auto it = online.find(name);
            availability before = it == online.end() ? availability::offline : it->second;
            availability now = static_cast<availability>(rng() % 3);
            if (now == availability::offline) {
                online.erase(name);
            } else {
                online[name] = now;
            }
            batch.push_back({name, before, now});
        }
        auto parcels = d.changed(batch);
        for (auto const& p : parcels) REQUIRE(p.to.size() >= 1);
        deliver(parcels, watchers);
        if (step % 97 == 0) {  // now and then someone searches elsewhere
            auto& w = watchers[rng() % watchers.size()];
            w.prefix = prefixes[rng() % prefixes.size()];
            deliver({d.watch(w.name, who, w.prefix)}, watchers);
        }
        for (auto const& w : watchers) {
            bool more = false;
            auto want = expected(online, w.prefix, window, more);
            INFO("step " << step << ", " << w.name << " watching \"" << w.prefix << "\"");
            REQUIRE(w.list == want);
            REQUIRE(w.more == more);
        }
    }
    CHECK(d.online() == online.size());
}

TEST_CASE("presence window: through the local registry, a login past the window sends nothing",
          "[presence][window]") {
    auto registry = make_test_registry(2);
    presence sender;
    auto amy = std::make_shared<silent>();
    REQUIRE(add(*registry, "amy", amy, &sender));
    REQUIRE(add(*registry, "bob", std::make_shared<silent>(), &sender));
    REQUIRE(add(*registry, "cat", std::make_shared<silent>(), &sender));
    sender.publish(registry->subscribe("amy", amy));
    REQUIRE(amy->frames.size() == 1);
    // amy is in her own window (amy, bob) but never listed to herself.
    CHECK(amy->frames[0].find("\"bob\"") != std::string::npos);
    CHECK(amy->frames[0].find("\"amy\"") == std::string::npos);
    CHECK(amy->frames[0].find("\"cat\"") == std::string::npos);
    CHECK(amy->frames[0].find("\"more\":true") != std::string::npos);

    for (int i = 0; i < 50; ++i) {
        REQUIRE(add(*registry, "zz" + std::to_string(i), std::make_shared<silent>(), &sender));
    }
    CHECK(amy->frames.size() == 1);  // fifty logins, not one frame

    sender.publish(registry->search("amy", amy, "zz4"));
    REQUIRE(amy->frames.size() == 2);
    CHECK(amy->frames[1].find("\"zz4\"") != std::string::npos);
    CHECK(amy->frames[1].find("\"zz40\"") != std::string::npos);
    CHECK(amy->frames[1].find("\"prefix\":\"zz4\"") != std::string::npos);
    CHECK(amy->frames[1].find("\"more\":true") != std::string::npos);

    // Not subscribed: a search changes nothing and sends nothing.
    auto bob = std::make_shared<silent>();
    CHECK(registry->search("bob", bob, "").empty());
}

TEST_CASE("presence window: the login reply says it, and only a subscriber may search",
          "[presence][window][handler]") {
    auto registry = make_test_registry(2);
    presence sender;
    signaling_config config;
    config.presence_window = 2;
    duet::testing::client alice(*registry, sender, config);
    duet::testing::client bob(*registry, sender, config);
    duet::testing::client tutorial(*registry, sender, config);

    tutorial.say({{"type", "search"}, {"prefix", ""}});
    duet::testing::require_error(tutorial.next(), "not_logged_in");
    tutorial.login("tutorial");
    tutorial.say({{"type", "search"}, {"prefix", "a"}});
    duet::testing::require_error(tutorial.next(), "invalid_message");

    bob.login("bob", {{"features", {"ring"}}});  // rings, no presence: no window either
    auto reply = alice.login("alice", {{"features", {"ring", "presence"}}});
    CHECK(reply["presenceWindow"] == 2);
    auto list = alice.next();
    CHECK(list["full"] == true);
    CHECK(list["users"].size() == 1);  // bob; alice is in her window but not listed to herself
    CHECK(list["more"] == true);       // tutorial is past it

    alice.say({{"type", "search"}, {"prefix", "t"}});
    auto found = alice.next();
    CHECK(found["full"] == true);
    CHECK(found["prefix"] == "t");
    REQUIRE(found["users"].size() == 1);
    CHECK(found["users"][0]["name"] == "tutorial");
    CHECK(found["more"] == false);

    alice.say({{"type", "search"}, {"prefix", std::string(129, 'x')}});
    duet::testing::require_error(alice.next(), "invalid_message");
    alice.say({{"type", "search"}, {"prefix", 7}});
    duet::testing::require_error(alice.next(), "invalid_message");
    CHECK(alice.quiet());
}
