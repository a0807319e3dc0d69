// A once-a-second stats reading, converted to stats::sample on arrival (stats_reader.hpp);
// the reduction of the report is js/stats_reader.js's.
#include "stats_reader.hpp"

#include <cmath>
#include <cstdint>

#include "js.hpp"

extern "C" {
int duet_stats_start(int connection, int on_sample, int on_failed, int period_ms);
void duet_stats_stop(int reader);
}

namespace duet::web {

namespace {

// A finite number, or nothing: a page's report is checked like any other input.
std::optional<double> number(val const& o, char const* key) {
    val v = o[key];
    if (!v.isNumber()) return std::nullopt;
    double d = v.as<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return d;
}

double number_or(val const& o, char const* key, double fallback) {
    return number(o, key).value_or(fallback);
}

std::uint64_t count(val const& o, char const* key) {
    double d = number_or(o, key, 0);
    return d > 0 ? std::uint64_t(d) : 0;
}

// Negative stands for "not in the report".
std::optional<double> measured(val const& o, char const* key) {
    auto d = number(o, key);
    if (!d || *d < 0) return std::nullopt;
    return d;
}

stats::sample to_sample(val const& r) {
    stats::sample s;
    s.time_ms = number_or(r, "t", 0);
    s.audio = {count(r, "audioSent"), count(r, "audioReceived")};
    s.video = {count(r, "videoSent"), count(r, "videoReceived")};
    s.packets_received = count(r, "packetsReceived");
    s.packets_lost = std::int64_t(number_or(r, "packetsLost", 0));
    s.jitter_s = measured(r, "jitterAudio");
    if (!s.jitter_s) s.jitter_s = measured(r, "jitterVideo");
    s.rtt_s = measured(r, "rtt");
    s.frames_decoded = count(r, "framesDecoded");
    s.frame_width = int(count(r, "width"));
    s.frame_height = int(count(r, "height"));
    s.codec = string_or(r["codec"]);
    s.local_candidate = string_or(r["local"]);
    s.remote_candidate = string_or(r["remote"]);
    s.remote_level = number_or(r, "remoteLevel", 0);
    return s;
}

}  // namespace

enum class stats_reader::js_event : int { sample, failed };

stats_reader::stats_reader(call::pc_id pc, js_ref const& connection, event_sink& sink)
    : pc_(pc), sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const& payload) {
        switch (kind) {
            case js_event::sample:
                if (is_set(payload)) sink_.push(stats_report{pc_, to_sample(payload)});
                return;
            case js_event::failed:
                // The next second tries again; a call is not ended for want of its figures.
                log("warn", "getStats: " + string_or(payload));
                return;
        }
    });
    // The JS side reaches the delivering functions through the object table for as long as
    // the reader runs (the C import takes numbers only).
    on_sample_ = hold(owner_->handler_for(js_event::sample));
    on_failed_ = hold(owner_->handler_for(js_event::failed));
    reader_ = duet_stats_start(connection.id(), on_sample_.id(), on_failed_.id(), period_ms);
    if (reader_ == 0) log("warn", "cannot read the call's stats");
}

stats_reader::~stats_reader() {
    owner_.reset();
    if (reader_ != 0) duet_stats_stop(reader_);
}

}  // namespace duet::web
