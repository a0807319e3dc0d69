// getDisplayMedia and its track's end (screen_share.hpp).
#include "screen_share.hpp"

#include <utility>

#include "js.hpp"

namespace duet::web {

namespace {
val media() { return val::module_property("duetMedia"); }
}  // namespace

enum class screen_share::js_event : int { track, failed, ended };

screen_share::screen_share(event_sink& sink) : sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const& payload) {
        switch (kind) {
            case js_event::track:
                if (!is_set(payload)) return;
                // Stopped (the call ended) while the browser was asking: not wanted now.
                if (!std::exchange(starting_, false)) return media().call<void>("stopTrack", payload);
                track_ = hold(payload);
                sink_.push(share_started{});
                return;
            case js_event::failed:
                starting_ = false;
                log("warn", "getDisplayMedia: " + string_or(payload, "refused"));
                sink_.push(share_ended{});
                return;
            case js_event::ended: {
                // Only the current track's end counts: an older one may end late.
                val current = get(track_);
                if (!is_set(current) || !current.strictlyEquals(payload)) return;
                track_ = {};
                sink_.push(share_ended{});
                return;
            }
        }
    });
}

screen_share::~screen_share() {
    owner_.reset();  // first: a late track is stopped by the JS side
    stop();
}

bool screen_share::supported() { return media().call<bool>("canShareScreen"); }

void screen_share::start() {
    if (starting_ || track_) return;
    starting_ = true;
    media().call<void>("shareScreen", owner_->handler_for(js_event::track),
                      owner_->handler_for(js_event::failed), owner_->handler_for(js_event::ended));
}

void screen_share::stop() {
    starting_ = false;
    if (!track_) return;
    media().call<void>("stopTrack", get(track_));
    track_ = {};
}

}  // namespace duet::web
