#pragma once

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace duet {

class connection_limiter;

// A place among the open connections, held by the connection for its whole life (moved from
// session to session as it is upgraded); dropping it gives the place back. A plain value
// inside the session, not a separate allocation: every idle connection pays for it.
class connection_ticket {
  public:
    connection_ticket() = default;
    connection_ticket(connection_ticket&& other) noexcept
        : owner_(std::move(other.owner_)), address_(other.address_) {}
    connection_ticket& operator=(connection_ticket&& other) noexcept {
        if (this != &other) {
            release();
            owner_ = std::move(other.owner_);
            address_ = other.address_;
        }
        return *this;
    }
    connection_ticket(connection_ticket const&) = delete;
    connection_ticket& operator=(connection_ticket const&) = delete;
    ~connection_ticket() { release(); }

    explicit operator bool() const { return owner_ != nullptr; }

  private:
    friend class connection_limiter;
    using address_key = std::array<unsigned char, 16>;  // IPv6, or IPv4 mapped into it

    connection_ticket(std::shared_ptr<connection_limiter> owner, address_key address)
        : owner_(std::move(owner)), address_(address) {}
    inline void release();

    std::shared_ptr<connection_limiter> owner_;
    address_key address_{};
};

// Counts open connections, in total and per remote address.
class connection_limiter : public std::enable_shared_from_this<connection_limiter> {
  public:
    enum class refusal { none, total, per_address };

    connection_limiter(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}

    // A ticket, or an empty one with `why` set.
    connection_ticket acquire(boost::asio::ip::address const& address, refusal& why) {
        auto const key = key_of(address);
        {
            std::lock_guard lock(mutex_);
            if (total_ >= max_total_) {
                why = refusal::total;
                return {};
            }
            auto& count = per_address_[key];
            if (count >= max_per_address_) {
                why = refusal::per_address;
                return {};
            }
            ++count;
            ++total_;
            peak_ = std::max(peak_, total_);
        }
        why = refusal::none;
        return connection_ticket(shared_from_this(), key);
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
    friend class connection_ticket;
    using address_key = connection_ticket::address_key;

    struct key_hash {
        std::size_t operator()(address_key const& k) const noexcept {
            return std::hash<std::string_view>{}(
                std::string_view(reinterpret_cast<char const*>(k.data()), k.size()));
        }
    };

    // An IPv4 client and the same one seen through a dual-stack socket count as one.
    static address_key key_of(boost::asio::ip::address const& address) {
        if (address.is_v4()) {
            return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4())
                .to_bytes();
        }
        return address.to_v6().to_bytes();
    }

    void release(address_key const& key) {
        std::lock_guard lock(mutex_);
        --total_;
        auto it = per_address_.find(key);
        if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
    }

    std::size_t const max_total_;
    std::size_t const max_per_address_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::size_t peak_ = 0;
    std::unordered_map<address_key, std::size_t, key_hash> per_address_;
};

void connection_ticket::release() {
    if (auto owner = std::move(owner_)) owner->release(address_);
}

}  // namespace duet
