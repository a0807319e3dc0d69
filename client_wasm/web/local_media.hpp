// The camera and microphone: one getUserMedia stream, stopped when its owner goes.
#pragma once

#include <memory>

#include "event_sink.hpp"
#include "js_ref.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class local_media {
  public:
    explicit local_media(event_sink& sink);
    ~local_media();
    local_media(local_media const&) = delete;
    local_media& operator=(local_media const&) = delete;

    // Asks once; reports media_ready or media_denied.
    void request();
    bool ready() const { return static_cast<bool>(stream_); }
    js_ref const& stream() const { return stream_; }

  private:
    event_sink& sink_;
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref stream_;
    bool requested_ = false;
};

}  // namespace duet::web
