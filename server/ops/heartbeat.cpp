// The heartbeat's timer loop; see heartbeat.hpp.
#include "ops/heartbeat.hpp"

#include <algorithm>

namespace duet {

std::chrono::milliseconds heartbeat::period_for(std::chrono::milliseconds login_timeout,
                                                std::chrono::milliseconds idle_timeout) {
    return std::max<std::chrono::milliseconds>(std::min(login_timeout, idle_timeout) / 4,
                                               std::chrono::milliseconds(10));
}

heartbeat::heartbeat(net::any_io_executor executor, std::chrono::milliseconds period, visit beat)
    : timer_(std::move(executor)), period_(period), beat_(std::move(beat)) {}

void heartbeat::run() { schedule(); }

void heartbeat::stop() {
    net::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
}

void heartbeat::schedule() {
    timer_.expires_after(period_);
    timer_.async_wait(beast::bind_front_handler(&heartbeat::on_beat, shared_from_this()));
}

void heartbeat::on_beat(error_code ec) {
    if (ec) return;  // stopped
    beat_(clock::now());
    schedule();
}

}  // namespace duet
