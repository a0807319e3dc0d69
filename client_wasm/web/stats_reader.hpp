// The call's counters, read once a second from its RTCPeerConnection (getStats) while the
// call is connected: each reading arrives as a stats_report event of plain numbers
// (stats::sample), the microphone's level excepted (local_media's analyser gives that; the
// app puts it in the sample). Destroying the reader stops the timer; its owner destroys it
// before the connection.
#pragma once

#include <memory>

#include "call/call_machine.hpp"
#include "event_sink.hpp"
#include "js_ref.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class stats_reader {
  public:
    // Once a second: the period of the plots, and what a person reads a figure at.
    static constexpr int period_ms = 1000;

    // `connection`: the peer connection's handle.
    stats_reader(call::pc_id pc, js_ref const& connection, event_sink& sink);
    ~stats_reader();
    stats_reader(stats_reader const&) = delete;
    stats_reader& operator=(stats_reader const&) = delete;

    call::pc_id pc() const { return pc_; }

  private:
    call::pc_id pc_;
    event_sink& sink_;
    enum class js_event : int;  // what its JS side reports (defined in the .cpp)
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref on_sample_;
    js_ref on_failed_;
    int reader_ = 0;  // the reader's handle in bridge.js's table; 0 if it could not start
};

}  // namespace duet::web
