#include "ops/memory_trim.hpp"

#include <malloc.h>

#include <chrono>

namespace duet {

memory_trim::memory_trim(net::io_context& ioc, std::shared_ptr<connection_limiter> limiter)
    : timer_(net::make_strand(ioc)), limiter_(std::move(limiter)) {}

void memory_trim::run() { schedule(); }

void memory_trim::stop() {
    net::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
}

void memory_trim::schedule() {
    timer_.expires_after(std::chrono::seconds(5));
    timer_.async_wait([self = shared_from_this()](error_code ec) {
        if (ec) return;
        // Worth a trim when at least a few hundred connections' worth of memory came free.
        auto const peak = self->limiter_->take_peak();
        auto const now = self->limiter_->total();
        if (peak > now + 256) malloc_trim(0);
        self->schedule();
    });
}

}  // namespace duet
