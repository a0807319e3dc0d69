// Short forms of registry calls for tests that only need a user signed in.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "signaling/presence.hpp"
#include "signaling/user_registry.hpp"

namespace duet::testing {

// A connection for tests that look at the registry only: sends go nowhere.
class silent_recipient final : public recipient {
  public:
    void send(std::shared_ptr<std::string const> const&) override {}
};

// Signs `who` in as `name` with no token and no features; false when the name is taken. The
// presence change goes to `sender`; without one there must be none (nobody subscribed).
inline bool add(user_registry& registry, std::string const& name,
                std::shared_ptr<recipient> const& who, presence* sender = nullptr) {
    auto claimed = registry.claim(name, {}, {}, who, {});
    if (sender) {
        sender->publish(std::move(claimed.presence));
    } else {
        REQUIRE(claimed.presence.empty());
    }
    return claimed.ok;
}

}  // namespace duet::testing
