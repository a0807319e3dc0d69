// One RTCPeerConnection, owned by one C++ object: the browser side of a call.
//
// The methods start the browser's asynchronous work; its results arrive as events tagged
// with this connection's id. Destroying the object detaches every handler and closes the
// connection, so nothing that happens later can reach it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "call/call_machine.hpp"
#include "event_sink.hpp"
#include "js_ref.hpp"
#include "protocol/protocol.hpp"

namespace emscripten {
class val;
}

namespace duet::web {

template <class Kind>
class event_owner;
class local_media;

// What RTCConfiguration gets from the server: its ICE servers (TURN credentials expire and
// are renewed) and iceTransportPolicy ("relay" forces TURN; empty leaves the default).
struct ice_config {
    std::vector<protocol::ice_server> servers;
    std::string transport_policy;
};

class peer_connection {
  public:
    peer_connection(call::pc_id id, ice_config const& config, local_media const& media,
                    event_sink& sink);
    ~peer_connection();
    peer_connection(peer_connection const&) = delete;
    peer_connection& operator=(peer_connection const&) = delete;

    call::pc_id id() const { return id_; }

    // Reported as offer_created; set_local_description sets it if the call machine says so.
    void create_offer(bool ice_restart = false);
    void set_local_description(protocol::json const& sdp);
    void create_answer();
    // New ICE servers for a live connection (setConfiguration), for its next ICE restart.
    void set_configuration(ice_config const& config);
    // `rollback`: our own offer is rolled back first (the polite side of a collision).
    void set_remote_description(protocol::json const& sdp, bool rollback);
    void add_ice_candidate(protocol::json const& candidate);

    // The stream of the remote tracks, once remote_track has been reported.
    js_ref const& remote_stream() const { return remote_stream_; }
    // The RTCPeerConnection itself, for a reader of its stats (web/stats_reader) that its
    // owner destroys before this object.
    js_ref const& connection() const { return pc_; }

    // The video sender sends the stream's camera track now, or nothing if it has none:
    // replaceTrack, which needs no new offer.
    void replace_video(local_media const& media);
    // The same for the audio sender and the stream's microphone track (another microphone).
    void replace_audio(local_media const& media);
    // The video sender sends `track` (a shared screen) instead of the camera.
    void send_video(js_ref const& track);
    // A text on the control channel (the partner's page gets control_message); false while
    // the channel is not open.
    bool send_control(std::string const& text);

  private:
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    void on_event(js_event kind, emscripten::val const& payload);
    void fail(std::string what, bool fatal = true);
    void replace_from(local_media const& media, char const* kind);

    call::pc_id id_;
    event_sink& sink_;
    bool has_local_media_ = false;
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref pc_;
    js_ref remote_stream_;
    js_ref control_;  // the negotiated data channel, created before the first offer
    std::optional<pc_state> last_state_;
};

}  // namespace duet::web
