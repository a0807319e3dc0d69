// window.duet and the performance marks: the public test surface that tests/browser/*.mjs
// and tools/bench/*.mjs read. It reads the model and the machine, and counts what the app
// tells it (draws, uploads); nothing in the app reads it back. Every field name
// and mark label here is a contract with those scripts: grep them before renaming one.
#pragma once

#include <string>
#include <vector>

#include "call/call_machine.hpp"
#include "stats/call_stats.hpp"
#include "ui/model.hpp"

namespace duet::web {
class ring_tone;
struct candidate_pair;
}  // namespace duet::web

namespace duet {

class test_probe {
  public:
    // What the probe shows besides the model and the machine.
    struct context {
        call::call_machine const& machine;
        web::ring_tone const& ring;
        std::string const& ice_transport_policy;
        std::vector<std::string> const& missed;
        long long reconnects;  // signed in again after losing the socket
        float scale;           // ImGui pixels per CSS pixel
        stats::call_stats const& stats;
        std::string const& focus;  // the widget the keyboard is on: a field typed into, or
                                   // the one whose DOM mirror has the focus
    };

    void on_ice_servers() { ++ice_config_updates_; }
    void on_peer_connection_created();
    void on_candidate_pair(web::candidate_pair const& p);
    void on_texture_upload(bool local);
    // A press the benchmark times from ("duet-call-pressed", "duet-accept-pressed").
    static void mark(char const* label);
    // After each UI frame: `drawn` false for a logic-only frame (inside a gesture).
    void on_frame(ui::model const& m, bool drawn, std::vector<ui::widget_rect> widgets);

    // Replaces window.duet, unless it would be the same as the last one: the app publishes
    // after every event, and the page's JSON.parse and deep freeze of an unchanged state
    // would only take main-thread time from the event after it (a call setup's next step).
    void publish(ui::model const& m, context const& c) const;

  private:
    std::string pair_local_;
    std::string pair_remote_;
    std::string pair_protocol_;
    long long ice_config_updates_ = 0;
    std::vector<ui::widget_rect> widgets_;  // last frame's
    long long frames_rendered_ = 0;
    long long texture_uploads_ = 0;
    long long remote_texture_uploads_ = 0;
    long long remote_frames_shown_ = 0;
    bool remote_new_ = false;  // a remote frame uploaded since the last drawn frame
    bool login_marked_ = false;
    bool ring_marked_ = false;
    bool remote_frame_marked_ = true;  // re-armed by each new peer connection
    bool ready_sent_ = false;
    mutable std::string published_;  // the last text given to the page (a cache, not state)
};

}  // namespace duet
