// A negotiated data channel and the local clock (data_channel.hpp).
#include "data_channel.hpp"

#include "js.hpp"
#include "scheduler.hpp"

namespace duet::web {

namespace {
val channels() { return val::module_property("duetChannels"); }
}  // namespace

enum class data_channel::js_event : int { open, message, closed };

data_channel::data_channel(call::pc_id pc, js_ref const& connection, channel which,
                           event_sink& sink)
    : pc_(pc), which_(which), sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const& payload) {
        switch (kind) {
            case js_event::open:
                sink_.push(channel_open{pc_, which_});
                return;
            case js_event::message:
                if (payload.isString() && inbound_.take(scheduler::now())) {
                    sink_.push(channel_message{pc_, which_, payload.as<std::string>()});
                }
                return;
            case js_event::closed:
                sink_.push(channel_closed{pc_, which_});
                return;
        }
    });
    val p = get(connection);
    if (!is_set(p)) return;
    val dc = channels().call<val>("open", p, val(std::string(to_string(which))), stream_id(which),
                                  owner_->handler_for(js_event::open),
                                  owner_->handler_for(js_event::message),
                                  owner_->handler_for(js_event::closed));
    if (!is_set(dc)) {
        log("warn", "the " + std::string(to_string(which)) + " channel could not be created");
        return;
    }
    channel_ = hold(dc);
}

data_channel::~data_channel() {
    owner_.reset();
    if (val dc = get(channel_); is_set(dc)) channels().call<void>("close", dc);
}

bool data_channel::send(std::string const& text) {
    val dc = get(channel_);
    return is_set(dc) && channels().call<bool>("send", dc, text);
}

double wall_clock_ms() { return val::global("Date").call<double>("now"); }

int utc_offset_minutes(double at_ms) {
    val date = val::global("Date").new_(at_ms);
    // getTimezoneOffset is west of UTC (UTC+8 gives -480).
    return -date.call<int>("getTimezoneOffset");
}

}  // namespace duet::web
