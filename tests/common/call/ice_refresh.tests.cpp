// TURN credentials renewed at 80% of their lifetime.
#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"

using namespace duet::call_test;

TEST_CASE("call machine: TURN credentials are refreshed", "[ice_refresh]") {
    auto r = login_reply("alice");
    r.ice_ttl = 100;
    call_machine m;
    auto out = m.signed_in(r);
    CHECK(starts(out, timer::ice_refresh, 80000));  // 80% of iceTtl

    auto fired = m.on_timer(timer::ice_refresh);
    CHECK(std::holds_alternative<proto::to_server::refresh_ice>(only<act::send>(fired).message));

    proto::to_client::ice_servers fresh;
    fresh.servers = {{{"turn:turn.example:3478"}, "u2", "p2"}};
    fresh.ttl = 50;
    auto applied = m.on_ice_servers(fresh);
    auto ice = only<act::set_ice_servers>(applied);
    CHECK(ice.servers[0].username == "u2");
    CHECK(ice.transport_policy == "all");  // the login's policy stays
    CHECK(starts(applied, timer::ice_refresh, 40000));
}

TEST_CASE("ice refresh: 80% of the lifetime, never under half a second", "[ice_refresh]") {
    CHECK(call::ice_refresh_delay_ms(100) == 80000);
    CHECK(call::ice_refresh_delay_ms(1) == 800);
    CHECK(call::ice_refresh_delay_ms(0) == std::nullopt);
    CHECK(call::ice_refresh_delay_ms(-5) == std::nullopt);

    call::ice_refresh ice;
    auto r = login_reply("alice");
    r.ice_ttl = 10;
    auto first = ice.on_login(r);
    CHECK(first.transport_policy == "all");
    CHECK(ice.next_refresh_ms() == 8000);
    proto::to_client::ice_servers none;
    auto second = ice.on_servers(none);
    CHECK(second.servers.empty());
    CHECK(second.transport_policy == "all");
    CHECK(ice.next_refresh_ms() == std::nullopt);
}

TEST_CASE("ice refresh: a login without a TTL stops the refresh", "[ice_refresh]") {
    auto r = login_reply("alice");
    r.ice_ttl = 100;
    call_machine m;
    m.signed_in(r);
    REQUIRE(m.timer_running(timer::ice_refresh));
    auto again = m.signed_in(login_reply("alice"));
    CHECK(cancels(again, timer::ice_refresh));
    CHECK_FALSE(m.timer_running(timer::ice_refresh));
}
