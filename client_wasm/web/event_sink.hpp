// The queue between browser callbacks and the app. Callbacks only push; the app drains it at
// the start of a frame (or of a logic tick when the tab is hidden and frames stop).
#pragma once

#include <cstddef>
#include <deque>
#include <functional>

#include "events.hpp"

namespace duet::web {

class event_sink {
  public:
    // A runaway peer or server cannot grow memory without bound; the app drains far faster.
    static constexpr std::size_t capacity = 4096;

    void set_wake(std::function<void()> wake) { wake_ = std::move(wake); }
    void push(event e);
    std::deque<event> take();
    bool empty() const { return queue_.empty(); }

  private:
    std::deque<event> queue_;
    std::function<void()> wake_;
    bool overflow_logged_ = false;
};

}  // namespace duet::web
