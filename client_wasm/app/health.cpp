// The call's health in the app: a stats reader while the call is connected, its samples
// fed to stats::call_stats, the figures copied into the model (app.hpp).
#include <utility>

#include "app.hpp"

namespace duet {

void app::start_stats() {
    // Once per peer connection: an ICE restart reconnects the same one, and its counters go on.
    if (!pc_ || (stats_reader_ && stats_reader_->pc() == pc_->id())) return;
    stats_reader_.reset();
    stats_.reset();
    stats_reader_ = std::make_unique<web::stats_reader>(pc_->id(), pc_->connection(), events_);
}

void app::stop_stats() {
    stats_reader_.reset();
    stats_.reset();
    sync_health();
}

void app::on_stats(web::stats_report const& r) {
    if (!stats_reader_ || stats_reader_->pc() != r.pc) return;  // a reading of a call gone
    auto s = r.sample;
    // The page's one analyser's (call_controls.cpp).
    s.local_level = std::exchange(local_level_, 0);
    stats_.add(s);
    sync_health();
}

void app::sync_health() {
    auto& h = model_.health;
    h.measured = stats_.measured();
    h.quality = stats_.quality();
    h.now = stats_.current();
    // The 60 s history is copied (and compared, and drawn) only while someone looks at it.
    if (h.panel_open) {
        h.history = stats_.history();
    } else {
        h.history = {};
    }
}

}  // namespace duet
