// Presence: sends the changes the registry returns (presence_update) to the connections that
// subscribed, in the registry's order, never under its lock.
//
// Registry operations on several threads return their updates in any order once their lock
// is released; each carries the registry's sequence number, so an update that arrives early
// waits here for those before it. Only one thread delivers at a time, so every subscriber
// gets the changes in order (provided the sends are not run inline inside a subscriber's
// strand: see delivery below).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "signaling/presence_update.hpp"

namespace duet {

class presence {
  public:
    // Runs a delivery job. Empty: right away, on the thread that published, before
    // publish() returns.
    //
    // The server posts the job to the io_context instead. The relay that caused a change then
    // goes out first, not after a fan-out to every subscriber; and with several I/O threads,
    // a send made inside a subscriber's own strand would run inline, overtaking a change
    // another thread delivered a moment earlier (posted to that strand, still waiting there).
    using delivery = std::function<void(std::function<void()>)>;

    explicit presence(delivery deliver = {}) : deliver_(std::move(deliver)) {}

    // Every update a registry returns must come here (an empty one costs nothing): a missing
    // sequence number would hold back every update after it.
    void publish(presence_update&& update) {
        if (update.empty()) return;  // the usual case: nobody subscribes, or nothing changed
        queue(std::move(update));
    }

  private:
    void queue(presence_update&& update);
    void deliver();
    static void send(presence_parcel const& parcel);

    std::mutex mutex_;
    std::map<std::uint64_t, presence_update> waiting_;  // by sequence
    std::uint64_t next_ = 1;                            // the sequence to send next
    bool delivering_ = false;
    delivery deliver_;
};

}  // namespace duet
