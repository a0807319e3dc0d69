// Presence windows (issue 14): the roster as a window with `more`, searches sent only to a
// server that has windows, debounced, and full lists that answer a stale search ignored.
#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

namespace {

using proto::to_client::availability;
using proto::to_client::presence;

presence full_list(std::string prefix, std::vector<std::string> const& names, bool more) {
    presence p;
    p.full = true;
    for (auto const& n : names) p.users.push_back({n, availability::available});
    p.more = more;
    p.prefix = std::move(prefix);
    return p;
}

presence delta(std::vector<proto::to_client::presence_entry> users, bool more) {
    presence p;
    p.users = std::move(users);
    p.more = more;
    return p;
}

std::vector<std::string> names(call_machine const& m) {
    std::vector<std::string> out;
    for (auto const& e : m.roster()) out.push_back(e.name);
    return out;
}

call_machine window_machine(int window = 3) {
    auto r = login_reply("alice");
    r.presence = true;
    r.presence_window = window;
    call_machine m;
    m.signed_in(r);
    return m;
}

}  // namespace

TEST_CASE("presence window: the list, more, and the login's window", "[roster][window]") {
    auto m = window_machine(3);
    CHECK(m.presence_window() == 3);
    CHECK_FALSE(m.presence_more());

    // alice is in her own window and never listed to herself: two of three shown.
    m.on_presence(full_list("", {"alice", "bob", "carol"}, true));
    CHECK(names(m) == std::vector<std::string>{"bob", "carol"});
    CHECK(m.presence_more());
    CHECK(m.presence_prefix().empty());

    SECTION("a name entering the window comes with its status, one pushed out as offline") {
        m.on_presence(
            delta({{"aaron", availability::busy}, {"carol", availability::offline}}, true));
        CHECK(names(m) == std::vector<std::string>{"aaron", "bob"});
        CHECK(m.roster()[0].status == availability::busy);
        CHECK(m.presence_more());
    }
    SECTION("more flips back and forth with each frame") {
        m.on_presence(delta({}, false));
        CHECK_FALSE(m.presence_more());
        m.on_presence(delta({{"dave", availability::available}}, true));
        CHECK(m.presence_more());
    }
    SECTION("a frame without more (a server before windows) leaves it") {
        m.on_presence({false, {{"dave", availability::available}}});
        CHECK(m.presence_more());
    }
    SECTION("a presence reply without a window: no window, whatever the number") {
        auto r = login_reply("alice");
        r.presence = false;
        r.presence_window = 3;
        call_machine plain;
        plain.signed_in(r);
        CHECK(plain.presence_window() == 0);
    }
}

TEST_CASE("presence window: search", "[roster][window]") {
    auto m = window_machine(3);
    m.on_presence(full_list("", {"bob", "carol", "dave"}, true));

    SECTION("Enter sends at once; the answer replaces the list") {
        auto out = m.search("ze");
        CHECK(sent<proto::to_server::search>(out).prefix == "ze");
        CHECK(m.search_prefix() == "ze");
        m.on_presence(full_list("ze", {"zed"}, false));
        CHECK(names(m) == std::vector<std::string>{"zed"});
        CHECK(m.presence_prefix() == "ze");
        CHECK_FALSE(m.presence_more());
        // The same search again sends nothing: the window already answers it.
        CHECK(sends<proto::to_server::search>(m.search("ze")).empty());
    }
    SECTION("typing is debounced: one search after the pause") {
        auto out = m.search_typed("z");
        CHECK(sends<proto::to_server::search>(out).empty());
        CHECK(starts(out, timer::search, call::search_debounce_ms));
        out = m.search_typed("ze");
        CHECK(sends<proto::to_server::search>(out).empty());
        CHECK(starts(out, timer::search, call::search_debounce_ms));  // restarted
        out = m.on_timer(timer::search);
        CHECK(sent<proto::to_server::search>(out).prefix == "ze");
        CHECK_FALSE(m.timer_running(timer::search));
    }
    SECTION("typing back to what the list answers cancels the pending search") {
        m.search_typed("z");
        auto out = m.search_typed("");
        CHECK(has<act::cancel_timer>(out));
        CHECK_FALSE(m.timer_running(timer::search));
        CHECK(sends<proto::to_server::search>(m.on_timer(timer::search)).empty());
    }
    SECTION("Enter while a typed search waits sends it once, now") {
        m.search_typed("ca");
        auto out = m.search("ca");
        CHECK(sent<proto::to_server::search>(out).prefix == "ca");
        CHECK_FALSE(m.timer_running(timer::search));
    }
    SECTION("clearing the field goes back to the first names") {
        m.search("ze");
        m.on_presence(full_list("ze", {"zed"}, false));
        CHECK(sent<proto::to_server::search>(m.search("")).prefix.empty());
        m.on_presence(full_list("", {"bob", "carol", "dave"}, true));
        CHECK(names(m) == std::vector<std::string>{"bob", "carol", "dave"});
        CHECK(m.presence_more());
    }
    SECTION("a prefix is cut to max_search_bytes, never inside a character") {
        std::string long_prefix(proto::to_server::max_search_bytes - 1, 'a');
        long_prefix += "\xC3\xA9";  // é straddles the limit
        auto s = sent<proto::to_server::search>(m.search(long_prefix));
        CHECK(s.prefix == std::string(proto::to_server::max_search_bytes - 1, 'a'));
    }
}

TEST_CASE("presence window: a full list for a stale search is not shown", "[roster][window]") {
    auto m = window_machine(3);
    m.on_presence(full_list("", {"bob", "carol", "dave"}, true));
    // The person typed on: "b" went out, then "bo" before "b" was answered.
    m.search("b");
    m.search("bo");
    m.on_presence(full_list("b", {"bea", "ben", "bob"}, true));
    CHECK(names(m) == std::vector<std::string>{"bob", "carol", "dave"});  // still the old one
    CHECK(m.presence_prefix().empty());
    // Changes to the stale window are not applied either.
    m.on_presence(delta({{"bea", availability::offline}, {"bix", availability::available}}, false));
    CHECK(names(m) == std::vector<std::string>{"bob", "carol", "dave"});
    CHECK(m.presence_more());
    // The latest search's answer is taken, and its changes after it.
    m.on_presence(full_list("bo", {"bob"}, false));
    CHECK(names(m) == std::vector<std::string>{"bob"});
    CHECK(m.presence_prefix() == "bo");
    CHECK_FALSE(m.presence_more());
    m.on_presence(delta({{"boris", availability::busy}}, false));
    CHECK(names(m) == std::vector<std::string>{"bob", "boris"});

    SECTION("a full list the client did not ask for (the server's own wording) is taken") {
        m.search("ca");
        m.on_presence(full_list("CA", {"carol"}, false));
        CHECK(names(m) == std::vector<std::string>{"carol"});
        CHECK(m.presence_prefix() == "CA");
    }
}

TEST_CASE("presence window: no search to a server without windows", "[roster][window]") {
    auto r = login_reply("alice");
    r.presence = true;  // no presenceWindow: a server before windows
    call_machine m;
    m.signed_in(r);
    CHECK(m.presence_window() == 0);
    CHECK(all_of<act::send>(m.search("bo")).empty());
    auto typed = m.search_typed("b");
    CHECK(typed.empty());
    CHECK_FALSE(m.timer_running(timer::search));
    CHECK(all_of<act::send>(m.on_timer(timer::search)).empty());

    SECTION("nor while signed out, nor to a login reply without presence") {
        call_machine out;
        CHECK(all_of<act::send>(out.search("bo")).empty());
        auto plain = login_reply("alice");
        plain.presence_window = 3;  // without presence the number means nothing
        CHECK(sends<proto::to_server::search>(out.signed_in(plain)).empty());
    }
}

TEST_CASE("presence window: the search survives a reconnect and a new sign-in",
          "[roster][window]") {
    auto m = window_machine(3);
    m.search("bo");
    m.on_presence(full_list("bo", {"bob"}, false));

    SECTION("while reconnecting nothing is sent; the new window is moved after the login") {
        m.on_signaling_lost();
        CHECK(all_of<act::send>(m.search("bor")).empty());
        m.on_signaling_open();
        auto r = login_reply("alice");
        r.presence = true;
        r.presence_window = 3;
        auto out = m.signed_in(r);
        CHECK(sent<proto::to_server::search>(out).prefix == "bor");
        // The login's own list (the first names) is stale: the field's answer follows.
        m.on_presence(full_list("", {"bob", "carol", "dave"}, true));
        CHECK(m.roster().empty());
        m.on_presence(full_list("bor", {"boris"}, false));
        CHECK(names(m) == std::vector<std::string>{"boris"});
    }
    SECTION("a new sign-in to a server without windows sends nothing") {
        m.signed_out({});
        auto r = login_reply("alice");
        r.presence = true;
        CHECK(sends<proto::to_server::search>(m.signed_in(r)).empty());
        m.on_presence({true, {{"bob", availability::available}, {"zed", availability::busy}}});
        CHECK(names(m) == std::vector<std::string>{"bob", "zed"});
    }
}
