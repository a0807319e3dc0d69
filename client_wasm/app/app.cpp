// The app's wiring: construction, browser events, the machine's actions, intents (app.hpp).
#include "app.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "protocol/names.hpp"
#include "words/word.hpp"
#include "redraw_rule.hpp"
#include "ui/theme.hpp"
#include "web/page.hpp"
#include "web/scheduler.hpp"

namespace duet {

namespace {

namespace proto = protocol;
namespace page = web::page;
using web::scheduler::now;

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

constexpr char const* canvas_selector = "#canvas";

}  // namespace

app::imgui_context::imgui_context() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.BackendPlatformName = "duet_web";
    // A blinking cursor would need a frame twice a second: an idle page must draw nothing.
    io.ConfigInputTextCursorBlink = false;
    platform::input_queue::install_key_map(io);
}

app::imgui_context::~imgui_context() { ImGui::DestroyContext(); }

namespace {

constexpr char const* language_setting = "duet.lang";

// The language chosen on the login screen before, else the browser's preference.
words::language first_language() {
    std::optional<words::language> remembered = words::from_tag(page::setting(language_setting));
    return words::pick(remembered, page::preferred_languages());
}

}  // namespace

app::app()
    : canvas_(canvas_selector, [this] { wake(); }),
      loop_([this](double now) { on_animation_frame(now); }, [this] { tick(); }),
      pointer_(
          canvas_, input_, [this] { on_input(); }, [this] { gesture(); }),
      text_(input_, [this] { on_input(); }),
      gl_(
          canvas_selector, [] { page::log_error("WebGL context lost"); },
          [this] { on_context_restored(); }),
      timers_([this](int which) { on_timer(which); }),
      socket_(events_),
      ring_(events_),
      media_(events_),
      devices_(events_),
      share_(events_),
      auth_(events_),
      local_video_(true, [this] { on_video_frame(true); }),
      remote_video_(
          false, [this] { on_video_frame(false); }, [this] { sync_sound(); }) {
    events_.set_wake([this] {
        // Logic at once (a microtask): requestAnimationFrame stops in hidden tabs, and a
        // call must be answered there too. A frame follows only if the event changed what
        // the screen shows.
        loop_.request_tick();
    });
    text_.install_clipboard(ImGui::GetIO());
    if (!gl_.ok()) return;
    renderer_ = std::make_unique<render::ui_renderer>();
    local_texture_ = std::make_unique<render::video_texture>();
    remote_texture_ = std::make_unique<render::video_texture>();
    model_.lang = first_language();
    page::set_document_language(std::string(words::tag(model_.lang)));
    model_.text_callback = platform::apply_text_edits;
    model_.text_callback_data = &edits_;
}

app::~app() {
    stats_reader_.reset();
    pc_.reset();
    remote_texture_.reset();
    local_texture_.reset();
    renderer_.reset();
}

bool app::start() {
    if (!gl_.ok()) {
        page::fatal(words::say(words::word::webgl_missing, model_.lang));
        return false;
    }
    model_.current = ui::screen::login;
    // Closing the tab ends the call on purpose: say so, rather than leave the peer to tell a
    // closed page from a dropped network (which the call survives). A ring we did not answer
    // is left to the server, which ends it with the socket.
    page::on_page_hide([this] {
        if (machine_.current_state() != call::state::ringing_in) apply(machine_.hang_up());
    });
    page::watch_shortcut_keys(events_);
    model_.light = page::prefers_light();
    page::watch_color_scheme([this](bool light) {
        model_.light = light;
        wake();
    });
    model_.can_fullscreen = page::can_fullscreen();
    pacing_.set_reduced_motion(page::prefers_reduced_motion());
    model_.can_share = web::screen_share::supported() && !page::coarse_pointer();
    model_.can_web_share = web::invite_door::can_share();
    read_invite();
    start_devices();
    start_account();
    // Connect now, so that signing in is one round trip.
    socket_.open();
    // The first frame now rather than at the next animation frame: the login screen is
    // what the person is waiting for.
    frame(now(), true);
    return true;
}

void app::wake() {
    settle_frames_ = std::max(settle_frames_, 2);
    loop_.request_frame();
}

// Any input brings the in-call controls back.
void app::on_input() {
    pacing_.on_input(now());
    wake();
}

void app::on_animation_frame(double frame_time) {
    double wait = pacing_.frame_delay(waiting_for_remote(), now());
    if (wait > 0) return loop_.request_frame_after(wait);
    frame(frame_time, true);
}

bool app::waiting_for_remote() const { return remote_texture_ && !remote_texture_->has_image(); }

void app::redraw_if_changed() {
    refresh_video_views();
    switch (pacing::frames_for_change(shown_, model_)) {
        case 0:
            return;
        case 1:
            return loop_.request_frame();
        default:
            return wake();
    }
}

// A new frame is uploaded as it arrives, so each is uploaded once however the draws that
// show it are paced; the remote video's first frame is drawn at once. While a call is set
// up the self-view holds still, then refreshes only as often as setup draws.
void app::on_video_frame(bool local) {
    auto& video = local ? local_video_ : remote_video_;
    if (!video.take_new_frame()) return;
    double t = now();
    if (!local) last_remote_frame_ = t;
    if (local && !pacing_.take_local_frame(waiting_for_remote(), t)) return;
    bool first_remote = !local && waiting_for_remote();
    if (!upload_video(local)) return;
    if (first_remote) return loop_.request_frame();
    loop_.request_frame_after(pacing_.delay_after_upload(t));
}

void app::tick() {
    if (drain_events()) {
        redraw_if_changed();
        publish();
    }
}

// Inside a press or tap: run the frames that take the queued input now, so a text field
// that becomes active focuses the offscreen input within the gesture (keyboards open only
// then), and so a blocked autoplay can be unblocked.
void app::gesture() {
    if (in_frame_) return;
    pacing_.on_input(now());
    remote_video_.unmute_if_blocked();
    ring_.prime();
    in_gesture_ = true;
    // Logic only: drawing waits for the next animation frame (which wake() requests), so a
    // tap costs no GL work on the spot.
    for (int i = 0; i < 4; ++i) {
        frame(now(), false);
        if (input_.empty()) break;
    }
    in_gesture_ = false;
    wake();
}

bool app::drain_events() {
    bool any = false;
    // Handling one event may queue more (a failure reported while applying actions).
    for (int round = 0; round < 4 && !events_.empty(); ++round) {
        auto batch = events_.take();
        for (auto& e : batch) handle(e);
        any = true;
    }
    return any;
}

void app::handle(web::event& e) {
    std::visit(overloaded{
                   [&](web::socket_opened&) { apply(machine_.on_signaling_open()); },
                   [&](web::socket_message& m) { handle_message(m.text); },
                   [&](web::socket_closed& c) { on_socket_closed(c.reason); },
                   [&](web::media_ready&) {
                       local_video_.set_source(media_.stream());
                       sync_level_watch();  // the call began before the stream came
                       devices_.refresh();  // ids and labels come with camera access
                       sync_devices();
                       apply(machine_.on_media_ready());
                   },
                   [&](web::media_denied&) { apply(machine_.on_media_denied()); },
                   [&](web::offer_created& o) {
                       apply(machine_.on_offer_created(o.pc, std::move(o.sdp)));
                   },
                   [&](web::local_description& d) {
                       apply(machine_.on_local_description(d.pc, std::move(d.sdp)));
                   },
                   [&](web::remote_description_applied& r) {
                       apply(machine_.on_remote_description_applied(r.pc));
                   },
                   [&](web::ice_candidate& c) {
                       apply(machine_.on_ice_candidate(c.pc, std::move(c.candidate)));
                   },
                   [&](web::connection_state& s) {
                       switch (s.state) {
                           case web::pc_state::connected:
                               apply(machine_.on_connected(s.pc));
                               return start_stats();
                           case web::pc_state::disconnected:
                               return apply(machine_.on_disconnected(s.pc));
                           case web::pc_state::failed:
                               return apply(machine_.on_connection_failed(s.pc));
                           case web::pc_state::new_:
                           case web::pc_state::connecting:
                           case web::pc_state::closed:
                               return;
                       }
                   },
                   [&](web::candidate_pair& p) {
                       if (pc_ && pc_->id() == p.pc) probe_.on_candidate_pair(p);
                   },
                   [&](web::remote_track& t) {
                       if (pc_ && pc_->id() == t.pc) remote_video_.set_source(pc_->remote_stream());
                   },
                   [&](web::operation_failed& f) {
                       if (f.fatal) apply(machine_.on_failed(f.pc, f.what));
                   },
                   [&](web::audio_state_changed&) {},  // published after the drain
                   [&](web::stats_report& r) { on_stats(r); },
                   [&](auto&) { handle_control(e); },
               },
               e);
}

void app::handle_message(std::string const& text) {
    auto decoded = proto::to_client::decode(text);
    if (!decoded) {
        page::log_error("unreadable signaling message: " + decoded.error.message);
        return;
    }
    bool was_signed_in = session_.signed_in();
    bool presence = std::holds_alternative<proto::to_client::presence>(*decoded.value);
    if (auto* r = std::get_if<proto::to_client::login_result>(&*decoded.value)) on_login_reply(*r);
    apply(session_.on_message(*decoded.value));
    // The list is copied only when it may have changed: on a presence message, or when a
    // fresh sign-in emptied it.
    if (presence || (!was_signed_in && session_.signed_in())) {
        model_.presence = machine_.roster();
        model_.presence_more = machine_.presence_more();
        model_.presence_prefix = machine_.presence_prefix();
        wake();
    }
}

void app::on_socket_closed(std::string const& reason) {
    page::log_info("signaling closed: " + reason);
    apply(session_.on_socket_closed());
}

void app::on_timer(int which) {
    if (which == device_notice_timer) return on_device_notice_timer();
    apply(machine_.on_timer(static_cast<call::timer>(which)));
    publish();
}

void app::apply(call::actions const& actions) {
    for (auto const& a : actions) {
        std::visit(
            overloaded{
                [&](call::act::send const& s) {
                    socket_.send(std::visit(
                        [](auto const& m) { return proto::to_server::encode(m); }, s.message));
                },
                [&](call::act::connect_signaling const&) { socket_.open(); },
                [&](call::act::request_media const&) {
                    media_.request();
                    model_.media_requested = true;
                },
                [&](call::act::create_peer_connection const& c) {
                    bool new_call = !pc_;  // not a connection replaced within the call
                    stop_stats();
                    stop_chat();
                    stop_files(false);
                    pc_.reset();
                    remote_video_.clear();
                    if (remote_texture_) remote_texture_->reset();
                    probe_.on_peer_connection_created();
                    controls_.on_call_over();  // a new control channel comes with it
                    pc_ = std::make_unique<web::peer_connection>(c.pc, ice_, media_, events_);
                    start_chat(new_call);
                    start_files(new_call);
                },
                [&](call::act::create_offer const& c) {
                    if (pc_ && pc_->id() == c.pc) pc_->create_offer(c.ice_restart);
                },
                [&](call::act::set_local_description const& d) {
                    if (!pc_ || pc_->id() != d.pc) return;
                    note_description(d.pc, d.sdp, true);
                    pc_->set_local_description(d.sdp);
                },
                [&](call::act::create_answer const& c) {
                    if (pc_ && pc_->id() == c.pc) pc_->create_answer();
                },
                [&](call::act::set_remote_description const& d) {
                    if (!pc_ || pc_->id() != d.pc) return;
                    note_description(d.pc, d.sdp, false);
                    pc_->set_remote_description(d.sdp, d.rollback);
                },
                [&](call::act::add_ice_candidate const& c) {
                    if (pc_ && pc_->id() == c.pc) pc_->add_ice_candidate(c.candidate);
                },
                [&](call::act::close_peer_connection const& c) {
                    if (!pc_ || pc_->id() != c.pc) return;
                    stop_stats();
                    stop_chat();
                    stop_files(true);
                    controls_.on_call_over();
                    pc_.reset();
                    remote_video_.clear();
                    if (remote_texture_) remote_texture_->reset();
                },
                [&](call::act::set_ice_servers const& i) {
                    ice_ = {i.servers, i.transport_policy};
                    probe_.on_ice_servers();
                    // TURN credentials renewed mid-call serve its next ICE restart.
                    if (pc_) pc_->set_configuration(ice_);
                },
                [&](call::act::start_timer const& t) { timers_.start(int(t.which), t.ms); },
                [&](call::act::cancel_timer const& t) { timers_.cancel(int(t.which)); },
                [&](call::act::set_status const& s) { status_ = s.status; },
                [&](call::act::missed_call const& m) { session_.on_missed_call(m.from); },
            },
            a);
    }
    sync_model();
    redraw_if_changed();
}

// What the screens read of the machine, and the ring that follows from it.
void app::sync_model() {
    pacing_.on_call_state(machine_.current_state(), now());
    model_.call_state = machine_.current_state();
    model_.role = machine_.current_role();
    model_.partner = machine_.partner();
    model_.allowed = machine_.allowed_now();
    model_.current = session_.signed_in() ? ui::screen::call : ui::screen::login;
    model_.signing_in = session_.signing_in();
    model_.status = call::status_text(status_, model_.lang);
    model_.error = call::status_text(session_.login_error(), model_.lang);
    model_.notice = call::status_text(session_.notice(), model_.lang);
    model_.name = machine_.self();
    model_.reconnecting = machine_.reconnecting();
    model_.presence_enabled = machine_.presence_enabled();
    model_.presence_window = machine_.presence_window();
    if (machine_.signaling_state() == call::signaling::signed_out) {
        model_.presence.clear();
        model_.presence_more = false;
        model_.presence_prefix.clear();
    }
    bool ringing = machine_.current_state() == call::state::ringing_in;
    if (!ringing) ring_muted_ = false;  // the next call rings again
    model_.ring_muted = ring_muted_;
    model_.mic = controls_.local().mic;
    model_.camera = controls_.local().camera;
    model_.remote_muted = !controls_.remote().mic;
    model_.remote_camera_off = !controls_.remote().camera;
    sync_sharing();
    model_.muted_hint = controls_.muted_hint(now());
    sync_level_watch();
    model_.audio_blocked = remote_video_.sound_blocked();
    sync_account();
    ring_.set_playing(ringing && !ring_muted_);
    sync_invite();
}

// The browser refused or allowed the partner's sound: Tap to hear shows or goes (the mirror
// announces it, accessibility.cpp).
void app::sync_sound() {
    if (model_.audio_blocked == remote_video_.sound_blocked()) return;
    model_.audio_blocked = remote_video_.sound_blocked();
    wake();
}

// The login screen's Language button: the next language, remembered for the next visit.
void app::switch_language() {
    model_.lang = words::next(model_.lang);
    std::string tag(words::tag(model_.lang));
    page::save_setting(language_setting, tag);
    page::set_document_language(tag);
    sync_model();
    wake();
}

}  // namespace duet
