#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "ops/heartbeat.hpp"
#include "signaling/recipient.hpp"

namespace duet {

// A signaling connection as the server sees it: somewhere to send text, a target of the
// heartbeat, and something a shutdown closes.
class signaling_connection : public recipient, public heartbeat_target {
public:
    // A close frame with "going away", so clients know to reconnect elsewhere or later.
    virtual void close_going_away() = 0;
};

// The live signaling sessions: the heartbeat visits them, and a shutdown tells each client
// it is going away.
// Weak references only: a session's lifetime stays its own.
class session_list {
public:
    void add(std::shared_ptr<signaling_connection> const& session) {
        std::lock_guard lock(mutex_);
        sessions_.emplace(session.get(), session);
    }
    void remove(signaling_connection const* session) {
        std::lock_guard lock(mutex_);
        sessions_.erase(session);
    }
    std::vector<std::shared_ptr<signaling_connection>> snapshot() const {
        std::vector<std::shared_ptr<signaling_connection>> out;
        std::lock_guard lock(mutex_);
        out.reserve(sessions_.size());
        for (auto const& [_, weak] : sessions_) {
            if (auto s = weak.lock()) out.push_back(std::move(s));
        }
        return out;
    }

private:
    mutable std::mutex mutex_;
    std::unordered_map<signaling_connection const*, std::weak_ptr<signaling_connection>> sessions_;
};

}  // namespace duet
