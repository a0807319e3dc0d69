// The server-wide heartbeat: its period from the timeouts, and one visit per period until
// stopped.
#include "ops/heartbeat.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>

using namespace duet;
using std::chrono::milliseconds;

TEST_CASE("heartbeat: a quarter of the shorter timeout, at least 10 ms", "[heartbeat]") {
    CHECK(heartbeat::period_for(milliseconds(30'000), milliseconds(15'000)) == milliseconds(3750));
    CHECK(heartbeat::period_for(milliseconds(2'000), milliseconds(15'000)) == milliseconds(500));
    CHECK(heartbeat::period_for(milliseconds(20), milliseconds(15'000)) == milliseconds(10));
}

TEST_CASE("heartbeat: beats until stopped, handing each beat the time", "[heartbeat]") {
    net::io_context ioc;
    int beats = 0;
    heartbeat::clock::time_point last{};
    std::shared_ptr<heartbeat> beat;
    beat = std::make_shared<heartbeat>(ioc.get_executor(), milliseconds(10),
                                       [&](heartbeat::clock::time_point now) {
                                           CHECK(now > last);
                                           last = now;
                                           if (++beats == 3) beat->stop();
                                       });
    auto const started = heartbeat::clock::now();
    beat->run();
    ioc.run();  // returns once stopped: nothing is left pending
    CHECK(beats == 3);
    CHECK(last - started >= milliseconds(30));
}
