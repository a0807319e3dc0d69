// A <video> element the canvas draws: it decodes a MediaStream and says when it has a new
// frame (requestVideoFrameCallback where the browser has it). The page never shows it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "js_ref.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class video_element {
  public:
    // `on_frame` runs when a new frame is ready to upload (it should request a render);
    // `on_sound` when sound_blocked() changes.
    video_element(bool muted, std::function<void()> on_frame, std::function<void()> on_sound = {});
    ~video_element();
    video_element(video_element const&) = delete;
    video_element& operator=(video_element const&) = delete;

    void set_source(js_ref const& stream);
    void clear();
    // Plays the sound on the speaker `speaker_id` (setSinkId; empty: the default).
    void set_sink(std::string const& speaker_id);
    bool has_source() const { return has_source_; }

    // True once per new frame. Without requestVideoFrameCallback, true on every call while
    // playing: the caller then polls at its frame rate.
    bool take_new_frame();
    bool has_frame_callbacks() const { return frame_callbacks_; }

    // Uploads the current frame into the GL texture `texture` (straight from the element:
    // no copy through wasm memory), whose size is `width` x `height` before and after.
    // With software GL the frame goes through a 2D canvas and is scaled down on the way to
    // fit `box_width` x `box_height` (0: as it is). False when there is no frame yet.
    bool upload_frame(unsigned texture, int& width, int& height, int box_width = 0,
                      int box_height = 0) const;

    // Autoplay with sound may be refused until the user touches the page (autoplay policy);
    // the element then plays muted (sound_blocked() true until it plays with sound), and
    // this unmutes it from inside a user gesture.
    void unmute_if_blocked();
    bool sound_blocked() const { return sound_blocked_; }

  private:
    void play();
    void set_sound_blocked(bool blocked);

    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref element_;
    std::function<void()> on_frame_;
    std::function<void()> on_sound_;
    bool muted_;
    bool has_source_ = false;
    bool new_frame_ = false;
    bool frame_callbacks_ = false;
    bool sound_blocked_ = false;
};

}  // namespace duet::web
