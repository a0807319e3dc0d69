#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace duet {

// Counts open connections, in total and per remote address. A connection holds a ticket for
// its whole life; dropping the last copy gives its place back.
class connection_limiter : public std::enable_shared_from_this<connection_limiter> {
public:
    class ticket {
    public:
        ticket(std::shared_ptr<connection_limiter> owner, std::string address)
            : owner_(std::move(owner)), address_(std::move(address)) {}
        ~ticket() { owner_->release(address_); }
        ticket(ticket const&) = delete;
        ticket& operator=(ticket const&) = delete;

    private:
        std::shared_ptr<connection_limiter> owner_;
        std::string address_;
    };

    enum class refusal { none, total, per_address };

    connection_limiter(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}

    // A ticket, or nullptr with `why` set.
    std::shared_ptr<ticket> acquire(std::string const& address, refusal& why) {
        {
            std::lock_guard lock(mutex_);
            if (total_ >= max_total_) {
                why = refusal::total;
                return nullptr;
            }
            auto& count = per_address_[address];
            if (count >= max_per_address_) {
                why = refusal::per_address;
                return nullptr;
            }
            ++count;
            ++total_;
            peak_ = std::max(peak_, total_);
        }
        why = refusal::none;
        return std::make_shared<ticket>(shared_from_this(), address);
    }

    std::size_t total() const {
        std::lock_guard lock(mutex_);
        return total_;
    }

    // The most connections open at once since the last call (then starts again from now).
    std::size_t take_peak() {
        std::lock_guard lock(mutex_);
        auto peak = peak_;
        peak_ = total_;
        return peak;
    }

private:
    void release(std::string const& address) {
        std::lock_guard lock(mutex_);
        --total_;
        auto it = per_address_.find(address);
        if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
    }

    std::size_t const max_total_;
    std::size_t const max_per_address_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::size_t peak_ = 0;
    std::unordered_map<std::string, std::size_t> per_address_;
};

using connection_ticket = std::shared_ptr<connection_limiter::ticket>;

}  // namespace duet
