// The call machine's one-shot timers, over web::scheduler's timeouts.
#include "timers.hpp"

#include "web/scheduler.hpp"

namespace duet::platform {

namespace {

void fired(void* user) {
    auto* s = static_cast<timers::slot*>(user);
    s->owner->fire(*s);
}

}  // namespace

timers::timers(std::function<void(int)> on_fire) : on_fire_(std::move(on_fire)) {
    for (int i = 0; i < count; ++i) slots_[i] = {this, i, 0, false};
}

timers::~timers() {
    for (int i = 0; i < count; ++i) cancel(i);
}

void timers::start(int which, double delay_ms) {
    if (which < 0 || which >= count) return;
    cancel(which);
    slot& s = slots_[which];
    s.armed = true;
    s.handle = web::scheduler::set_timeout(fired, delay_ms < 0 ? 0 : delay_ms, &s);
}

void timers::cancel(int which) {
    if (which < 0 || which >= count) return;
    slot& s = slots_[which];
    if (!s.armed) return;
    s.armed = false;
    web::scheduler::clear_timeout(s.handle);
}

bool timers::running(int which) const { return which >= 0 && which < count && slots_[which].armed; }

void timers::fire(slot& s) {
    if (!s.armed) return;
    s.armed = false;
    if (on_fire_) on_fire_(s.which);
}

}  // namespace duet::platform
