// The signaling WebSocket, on the page's own origin at /ws (wss on https pages).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "event_sink.hpp"
#include "js_ref.hpp"

namespace emscripten {
class val;
}

namespace duet::web {

template <class Kind>
class event_owner;

class signaling_socket {
  public:
    // Signaling messages are small (an SDP is a few KB); anything far larger is not ours.
    static constexpr std::size_t max_message_bytes = 256 * 1024;

    explicit signaling_socket(event_sink& sink);
    ~signaling_socket();
    signaling_socket(signaling_socket const&) = delete;
    signaling_socket& operator=(signaling_socket const&) = delete;

    // Connects unless already open or connecting.
    void open();
    // Only on an open socket: what waits for it waits in the call machine's outbox.
    void send(std::string text);

  private:
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    void on_event(js_event kind, emscripten::val const& payload);
    // A server that takes the connection but never answers (stopped, or its packets lost)
    // would hold a try for the browser's TCP timeout, minutes; the reconnect schedule's bound
    // counts on a try ending within call::connect_timeout_ms.
    static void on_connect_timeout(void* self);
    void detach();

    event_sink& sink_;
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref ws_;
    bool open_ = false;
    long connect_timer_ = 0;
};

}  // namespace duet::web
