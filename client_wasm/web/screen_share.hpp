// The screen shared in place of the camera: getDisplayMedia, which browsers grant only inside
// a user gesture (start() is called from the press of Share screen, within its pointer
// event), and the browser's own "Stop sharing", which ends the track (`ended`) and is
// reported like our Stop sharing button.
#pragma once

#include <memory>

#include "event_sink.hpp"
#include "js_ref.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class screen_share {
  public:
    explicit screen_share(event_sink& sink);
    ~screen_share();
    screen_share(screen_share const&) = delete;
    screen_share& operator=(screen_share const&) = delete;

    // Whether the browser can share a screen at all (desktop browsers).
    static bool supported();
    // Asks for a screen: share_started with the track, or share_ended if refused.
    void start();
    // Stops the track (the browser's sharing indicator goes); no event.
    void stop();
    bool active() const { return static_cast<bool>(track_); }
    bool starting() const { return starting_; }
    js_ref const& track() const { return track_; }

  private:
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    event_sink& sink_;
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref track_;
    bool starting_ = false;
};

}  // namespace duet::web
