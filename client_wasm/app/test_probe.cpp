// window.duet's fields and the marks' moments, from the model (see test_probe.hpp).
#include "test_probe.hpp"

#include <cmath>
#include <utility>

#include "ui/identity_text.hpp"
#include "web/events.hpp"
#include "web/page.hpp"
#include "web/ring_tone.hpp"
#include "words/language.hpp"

namespace duet {

namespace {

namespace proto = protocol;
namespace page = web::page;

// window.duet.stats: what the stats panel shows now, or null before the call's first
// measured second. Exactly these keys (issue 12); rounded to hundredths.
proto::json stats_json(stats::call_stats const& st) {
    if (!st.measured()) return nullptr;
    auto r = [](double v) { return std::round(v * 100.0) / 100.0; };
    auto const& f = st.current();
    auto maybe = [&](std::optional<double> v) { return v ? proto::json(r(*v)) : proto::json(); };
    return {{"rttMs", maybe(f.rtt_ms)},
            {"lossPct", r(f.loss_pct)},
            {"jitterMs", maybe(f.jitter_ms)},
            {"fps", r(f.fps)},
            {"width", f.width},
            {"height", f.height},
            {"kbpsIn", r(f.kbps_in())},
            {"kbpsOut", r(f.kbps_out())},
            {"codec", f.codec},
            {"path", std::string(stats::to_string(f.path))}};
}

// window.duet.devices: what the Devices menu lists, the chosen ids (empty: the default),
// the ids the live tracks come from, and the fall-back notice.
proto::json devices_json(ui::devices_view const& d) {
    auto list = [](std::vector<call::media_device> const& l) {
        proto::json a = proto::json::array();
        for (auto const& e : l) a.push_back({{"id", e.id}, {"label", e.label}});
        return a;
    };
    auto ids = [](call::device_choice const& c) {
        return proto::json{{"microphone", c.microphone}, {"camera", c.camera}, {"speaker", c.speaker}};
    };
    proto::json j = ids(d.chosen);
    j["microphones"] = list(d.lists.microphones);
    j["cameras"] = list(d.lists.cameras);
    j["speakers"] = list(d.lists.speakers);
    j["inUse"] = ids(d.in_use);
    j["canFlip"] = d.can_flip;
    j["notice"] = d.notice;
    return j;
}

// window.duet.identity: who the provider's session says we are (issue 15), or null (no
// provider, or a typed name).
proto::json identity_json(ui::account_view const& a) {
    if (!a.me) return nullptr;
    return {{"verified", true}, {"issuer", a.me->issuer}, {"sub", a.me->sub},
            {"name", a.me->name}, {"email", a.me->email}, {"display", a.me->display}};
}

// window.duet.incomingIdentity: what the server says of the caller ringing now, or null
// (nobody rings, or a server without a provider).
proto::json incoming_identity_json(ui::model const& m) {
    if (m.call_state != call::state::ringing_in || !m.partner_identity) return nullptr;
    auto const& who = *m.partner_identity;
    if (!who.verified) return {{"verified", false}};
    return {{"verified", true}, {"name", who.name}, {"email", who.email}, {"issuer", who.issuer}};
}

// window.duet.chat: the messages the chat panel shows (in a call, or after it), oldest first,
// with `at` in ms since 1970 and `time` as shown.
proto::json chat_json(ui::chat_view const& c) {
    proto::json a = proto::json::array();
    if (!c.conversation) return a;
    for (auto const& e : c.conversation->entries()) {
        a.push_back({{"from", e.from},
                     {"text", e.text},
                     {"at", e.at_ms},
                     {"mine", e.mine},
                     {"time", chat::clock_hhmm(e.at_ms, e.utc_offset_minutes)}});
    }
    return a;
}

// window.duet.transfers: the call's files both ways, oldest first (docs/file_transfer.md).
proto::json transfers_json(ui::transfer_view const& t) {
    proto::json a = proto::json::array();
    if (!t.exchange) return a;
    for (auto const& it : t.exchange->items()) {
        a.push_back({{"id", it.id},
                     {"direction", transfer::to_string(it.dir)},
                     {"name", it.name},
                     {"size", it.size},
                     {"sent", it.sent},
                     {"state", transfer::to_string(it.now)},
                     {"sha256", it.sha256},
                     {"url", it.url}});
    }
    return a;
}

}  // namespace

void test_probe::on_peer_connection_created() {
    pair_local_.clear();
    pair_remote_.clear();
    pair_protocol_.clear();
    remote_frame_marked_ = false;
}

void test_probe::on_candidate_pair(web::candidate_pair const& p) {
    pair_local_ = p.local;
    pair_remote_ = p.remote;
    pair_protocol_ = p.protocol;
}

void test_probe::on_texture_upload(bool local) {
    ++texture_uploads_;
    if (local) return;
    ++remote_texture_uploads_;
    remote_new_ = true;
}

void test_probe::mark(char const* label) { page::mark(label); }

void test_probe::on_frame(ui::model const& m, bool drawn, std::vector<ui::widget_rect> widgets) {
    widgets_ = std::move(widgets);
    if (drawn) ++frames_rendered_;
    bool remote_new = drawn && std::exchange(remote_new_, false);
    if (remote_new && m.current == ui::screen::call) {
        ++remote_frames_shown_;
        if (!remote_frame_marked_) {
            page::mark("duet-first-remote-frame");
            remote_frame_marked_ = true;
        }
    }
    // The moment the callee could first see the ring: what the benchmark counts from to
    // tell the person's time to answer from the app's.
    bool ringing = m.call_state == call::state::ringing_in;
    if (drawn && ringing && !ring_marked_) page::mark("duet-ring-shown");
    if (drawn || !ringing) ring_marked_ = ringing;
    if (drawn && !login_marked_ && m.current == ui::screen::login) {
        page::mark("duet-login-interactive");
        login_marked_ = true;
    }
    if (drawn && !ready_sent_) {
        page::ready();
        ready_sent_ = true;
    }
}

void test_probe::publish(ui::model const& m, context const& c) const {
    float s = c.scale > 0 ? c.scale : 1.f;
    auto round2 = [](float v) { return std::round(v * 100.f) / 100.f; };
    proto::json widgets = proto::json::object();
    std::string placeholder;  // what the call screen draws in place of the partner's video
    for (auto const& w : widgets_) {
        if (w.label == "Partner initials") placeholder = w.text;
        widgets[w.label] = {{"x", round2(w.min.x / s)},
                            {"y", round2(w.min.y / s)},
                            {"w", round2((w.max.x - w.min.x) / s)},
                            {"h", round2((w.max.y - w.min.y) / s)},
                            {"text", w.text},
                            {"kind", w.kind == ui::widget_kind::field     ? "field"
                                     : w.kind == ui::widget_kind::picture ? "picture"
                                                                          : "button"}};
    }
    char const* role = m.role == call::role::caller   ? "caller"
                       : m.role == call::role::callee ? "callee"
                                                      : "";
    auto const& machine = c.machine;
    char const* signaling = machine.signaling_state() == call::signaling::online ? "online"
                            : machine.reconnecting()                             ? "reconnecting"
                                                                                 : "signed_out";
    proto::json users = proto::json::array();
    for (auto const& u : m.presence) {
        using proto::to_client::availability;
        char const* status = u.status == availability::available ? "available"
                             : u.status == availability::busy    ? "busy"
                                                                 : "offline";
        users.push_back({{"name", u.name}, {"status", status}});
    }
    proto::json pair = nullptr;
    if (!pair_local_.empty() || !pair_remote_.empty()) {
        pair = {{"local", pair_local_}, {"remote", pair_remote_}, {"protocol", pair_protocol_}};
    }
    bool ringing = m.call_state == call::state::ringing_in;
    proto::json state = {
        {"screen", std::string(ui::to_string(m.current))},
        {"lang", std::string(words::tag(m.lang))},
        {"focus", c.focus},
        {"audioBlocked", m.audio_blocked},
        {"callState", std::string(call::to_string(m.call_state))},
        {"role", role},
        {"name", m.name},
        {"peer", m.partner},
        {"incoming", ringing ? m.partner : std::string()},
        {"identity", identity_json(m.account)},
        {"incomingIdentity", incoming_identity_json(m)},
        // The words drawn beside the partner's name, on the ring and in the call.
        {"partnerIdentityText", ui::partner_identity_text(m)},
        {"status", m.status},
        {"error", m.current == ui::screen::login ? m.error : std::string()},
        {"reconnecting", m.reconnecting},
        {"signaling", signaling},
        {"reconnects", c.reconnects},
        {"mediaInterrupted", machine.media_interrupted()},
        {"notice", m.notice},
        {"missed", c.missed},
        // window: the login's presenceWindow (0: everyone is listed); more: the window left
        // people out; prefix: the search the list answers.
        {"presence",
         {{"enabled", m.presence_enabled},
          {"users", std::move(users)},
          {"window", m.presence_window},
          {"more", m.presence_more},
          {"prefix", m.presence_prefix}}},
        {"ring",
         {{"ringing", ringing},
          {"muted", m.ring_muted},
          {"playing", c.ring.playing()},
          {"audio", std::string(web::to_string(c.ring.audio_state()))}}},
        {"mic", m.mic},
        {"camera", m.camera},
        {"remoteMuted", m.remote_muted},
        {"remoteCameraOff", m.remote_camera_off},
        {"remotePlaceholder", placeholder},
        {"mutedHint", m.muted_hint},
        {"callSeconds", m.call_seconds},
        {"controlsAlpha", round2(m.controls_alpha)},
        {"fullscreen", page::fullscreen()},
        {"devices", devices_json(m.devices)},
        {"sharing", m.sharing},
        {"remoteSharing", m.remote_sharing},
        {"chat", chat_json(m.chat)},
        {"unread", m.chat.unread},
        {"chatAvailable", m.chat.available},
        {"chatOpen", m.chat.open},
        {"chatNotice",
         m.chat.conversation ? chat::to_string(m.chat.conversation->current_notice()) : ""},
        {"transfers", transfers_json(m.transfers)},
        {"transfersAvailable", m.transfers.available},
        {"transferNotice",
         m.transfers.exchange ? transfer::to_string(m.transfers.exchange->current_notice()) : ""},
        {"remoteVideo", {{"width", m.remote.width}, {"height", m.remote.height}}},
        {"iceCandidatePair", std::move(pair)},
        {"iceTransportPolicy", c.ice_transport_policy},
        {"iceConfigUpdates", ice_config_updates_},
        {"stats", stats_json(c.stats)},
        {"quality", std::string(stats::to_string(c.stats.quality()))},
        {"statsPanel", m.health.panel_open},
        // What the two level meters show now, 0..1 (RMS of the microphone; the inbound
        // audio's audioLevel), updated with each stats sample.
        {"levels", {{"local", m.health.now.local_level}, {"remote", m.health.now.remote_level}}},
        {"helpOpen", m.help_open},
        {"theme", m.light ? "light" : "dark"},
        // The report times (ms, RTCStats.timestamp) the rates in stats were measured between,
        // so a test can measure its own over the same interval.
        {"statsInterval",
         {{"start", c.stats.interval_start_ms()}, {"end", c.stats.interval_end_ms()}}},
        {"widgets", std::move(widgets)},
        {"framesRendered", frames_rendered_},
        {"textureUploads", texture_uploads_},
        // The pixels each video's texture holds (0 x 0: none yet); software GL uploads no
        // more than the picture is shown at (app/upload_size).
        {"videoSizes",
         {{"local", {m.local.width, m.local.height}}, {"remote", {m.remote.width, m.remote.height}}}},
        {"remoteTextureUploads", remote_texture_uploads_},
        {"remoteFramesShown", remote_frames_shown_},
        {"invite", m.invite_link},
        {"invitedBy", m.invited_by},
        {"safetyCode", m.safety_code},
    };
    std::string text = state.dump(-1, ' ', false, proto::json::error_handler_t::replace);
    if (text == published_) return;
    published_ = std::move(text);
    page::publish_state(published_);
}

}  // namespace duet
