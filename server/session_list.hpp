#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace duet {

class signaling_session;

// The live signaling sessions, so a shutdown can tell each client it is going away.
// Weak references only: a session's lifetime stays its own.
class session_list {
public:
    void add(std::shared_ptr<signaling_session> const& session) {
        std::lock_guard lock(mutex_);
        sessions_.emplace(session.get(), session);
    }
    void remove(signaling_session const* session) {
        std::lock_guard lock(mutex_);
        sessions_.erase(session);
    }
    std::vector<std::shared_ptr<signaling_session>> snapshot() const {
        std::vector<std::shared_ptr<signaling_session>> out;
        std::lock_guard lock(mutex_);
        out.reserve(sessions_.size());
        for (auto const& [_, weak] : sessions_) {
            if (auto s = weak.lock()) out.push_back(std::move(s));
        }
        return out;
    }

private:
    mutable std::mutex mutex_;
    std::unordered_map<signaling_session const*, std::weak_ptr<signaling_session>> sessions_;
};

}  // namespace duet
