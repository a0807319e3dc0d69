#pragma once

#include <memory>

#include "net/beast.hpp"
#include "ops/connection_limiter.hpp"

namespace duet {

// After a crowd leaves, glibc keeps the freed heap for reuse, so the process would stay at
// its peak size. Every few seconds, if many connections closed since the last look, hand
// the free memory back to the system. Off the per-message path entirely.
class memory_trim : public std::enable_shared_from_this<memory_trim> {
public:
    memory_trim(net::io_context& ioc, std::shared_ptr<connection_limiter> limiter);
    void run();
    void stop();

private:
    void schedule();

    net::steady_timer timer_;
    std::shared_ptr<connection_limiter> limiter_;
};

}  // namespace duet
