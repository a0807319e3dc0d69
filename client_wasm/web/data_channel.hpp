// One negotiated RTCDataChannel of the call's peer connection, owned by one C++ object: the
// browser side of chat (and, later, of file transfer's control messages).
//
// Negotiated (`negotiated: true` with a fixed id, the same on both sides) rather than opened
// in-band by the caller: either side may create it at any time before or after the offer,
// with no `ondatachannel` handler and no rule about who creates it (the roles of an offer
// change with glare and ICE restarts). docs/chat.md says more. A page that never creates the
// channel (the tutorial's, an older Duet) never answers on it; the chat's hello tells.
//
// Destroying the object detaches its handlers and closes the channel, so a late event never
// reaches freed memory; messages arrive as channel_message events tagged with the connection.
#pragma once

#include <memory>
#include <string>

#include "call/call_machine.hpp"
#include "chat/token_bucket.hpp"
#include "event_sink.hpp"
#include "js_ref.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class data_channel {
  public:
    // `connection`: peer_connection::connection(); the channel's label and stream id are
    // `which`'s (events.hpp).
    data_channel(call::pc_id pc, js_ref const& connection, channel which, event_sink& sink);
    ~data_channel();
    data_channel(data_channel const&) = delete;
    data_channel& operator=(data_channel const&) = delete;

    // False while the channel is not open (or the browser refused the text).
    bool send(std::string const& text);

  private:
    enum class js_event : int;  // what its JS object reports (defined in the .cpp)
    call::pc_id pc_;
    channel which_;
    event_sink& sink_;
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref channel_;
    // Each event costs the app a tick and a publish of window.duet: a flood from the
    // partner's page is cut here, before it reaches the queue, at twice what the chat's own
    // rule (chat::conversation, 20 then 5 a second) lets through, so that rule still sees
    // the flood and gives its notice.
    chat::token_bucket inbound_{40, 10};
};

// The local clock for what people read: ms since 1970, and the local zone's offset east of
// UTC at that moment (minutes; daylight saving included).
double wall_clock_ms();
int utc_offset_minutes(double at_ms);

}  // namespace duet::web
