// The bounded queue between browser callbacks and the app (event_sink.hpp).
#include "event_sink.hpp"

#include "js.hpp"

namespace duet::web {

void event_sink::push(event e) {
    if (queue_.size() >= capacity) {
        if (!overflow_logged_) log("warn", "event queue full; dropping browser events");
        overflow_logged_ = true;
        return;
    }
    queue_.push_back(std::move(e));
    if (wake_) wake_();
}

std::deque<event> event_sink::take() {
    overflow_logged_ = false;
    return std::exchange(queue_, {});
}

}  // namespace duet::web
