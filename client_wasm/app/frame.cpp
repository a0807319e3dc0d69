// The frame: what the app does each time it draws (or, inside a gesture, only thinks):
// scale and fonts, input, video uploads, the UI, and the published state.
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "app.hpp"
#include "ui/theme.hpp"
#include "web/page.hpp"

namespace duet {

namespace {

namespace proto = protocol;
namespace page = web::page;

}  // namespace

// On a resize, a zoom or a move to another screen: the DPR, and with it the font's pixel
// size, may have changed, and a convertible may have swapped mouse for finger.
void app::update_scale() {
    bool touch = page::coarse_pointer();
    float scale = canvas_.scale();
    if (scale == style_scale_ && touch == style_touch_) return;
    style_scale_ = scale;
    style_touch_ = touch;
    model_.scale = scale;
    model_.touch = touch;
    ui::theme::apply(ImGui::GetStyle(), scale, touch);
    fonts_.build(std::round(ui::theme::font_size_css(touch) * scale));
    renderer_->reload_fonts();
    pointer_.set_line_height_css(ui::theme::font_size_css(touch) * 1.2f);
}

bool app::upload_video(bool local) {
    auto& video = local ? local_video_ : remote_video_;
    auto& texture = local ? local_texture_ : remote_texture_;
    if (!texture || !texture->upload_from(video.js_id())) return false;
    ++texture_uploads_;
    if (local) {
        last_local_upload_ = emscripten_get_now();
    } else {
        ++remote_texture_uploads_;
        remote_new_ = true;
    }
    return true;
}

void app::refresh_video_views() {
    auto view = [](std::unique_ptr<render::video_texture> const& t) {
        ui::video_view v;
        if (t && t->has_image()) v = {t->id(), t->width(), t->height()};
        return v;
    };
    model_.local = view(local_texture_);
    model_.remote = view(remote_texture_);
}

void app::frame(double now, bool draw) {
    if (!gl_.ok() || in_frame_) return;
    in_frame_ = true;
    drain_events();

    if (canvas_.update() || style_scale_ == 0) {
        settle_frames_ = std::max(settle_frames_, 2);
        update_scale();
    }

    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(canvas_.pixel_width()), float(canvas_.pixel_height()));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime =
        last_frame_time_ > 0 ? float(std::max(now - last_frame_time_, 0.1) / 1000.0) : 1.f / 60.f;
    last_frame_time_ = now;

    edits_.clear();
    bool more_input = input_.apply(io, edits_);

    // Glyphs for what this frame will show, before ImGui starts using the atlas.
    for (auto const& e : edits_) fonts_.note(e.insert);
    for (auto const* s :
         {&model_.name, &model_.peer, &model_.status, &model_.error, &model_.notice}) {
        fonts_.note(*s);
    }
    for (auto const& u : model_.presence) fonts_.note(u.name);
    if (fonts_.stale()) {
        fonts_.build(fonts_.pixel_size());
        renderer_->reload_fonts();
    }

    if (draw) {
        // Without frame callbacks, video is polled at the frame rate.
        for (bool local : {true, false}) {
            auto& video = local ? local_video_ : remote_video_;
            if (!video.has_frame_callbacks() && video.take_new_frame()) upload_video(local);
        }
    }
    refresh_video_views();

    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin(
        "duet", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
            ImGuiWindowFlags_NoBringToFrontOnFocus |
            ImGuiWindowFlags_NoBackground);  // glClear paints it: one full-screen pass less
    ui::frame_output out;
    if (model_.current == ui::screen::call) {
        call_screen_.draw(model_, out);
    } else {
        login_screen_.draw(model_, out);
    }
    ImGui::End();
    ImGui::Render();
    if (draw) {
        renderer_->render(ImGui::GetDrawData(), canvas_.pixel_width(), canvas_.pixel_height(),
                          ui::theme::background());
        ++frames_rendered_;
        last_draw_time_ = emscripten_get_now();
        shown_ = model_;
    }
    edits_.clear();  // for a field that was not active: typed into nothing

    bool remote_new = draw && std::exchange(remote_new_, false);
    if (remote_new && model_.current == ui::screen::call) {
        ++remote_frames_shown_;
        if (!remote_frame_marked_) {
            page::mark("duet-first-remote-frame");
            remote_frame_marked_ = true;
        }
    }
    // The moment the callee could first see the ring: what the benchmark counts from to
    // tell the person's time to answer from the app's.
    bool ringing = model_.call_state == call::state::ringing_in;
    if (draw && ringing && !ring_marked_) page::mark("duet-ring-shown");
    if (draw || !ringing) ring_marked_ = ringing;
    if (draw && !login_marked_ && model_.current == ui::screen::login) {
        page::mark("duet-login-interactive");
        login_marked_ = true;
    }
    if (draw && !ready_sent_) {
        page::ready();
        ready_sent_ = true;
    }

    canvas_.set_cursor(ImGui::GetMouseCursor());
    platform::css_rect field;
    if (out.active_text_field) {
        float s = canvas_.scale();
        auto const& r = *out.active_text_field;
        field = {r.min.x / s, r.min.y / s, (r.max.x - r.min.x) / s, (r.max.y - r.min.y) / s};
    }
    // Not io.WantTextInput: ImGui computes that at the next NewFrame, a frame late, and the
    // press that activates a field must focus the input within its own gesture.
    text_.sync(out.active_text_field.has_value(), field, in_gesture_);

    widgets_ = std::move(out.widgets);
    in_frame_ = false;
    handle_intents(out.intents);
    publish();

    bool polling_video = (!local_video_.has_frame_callbacks() && local_video_.has_source()) ||
                         (!remote_video_.has_frame_callbacks() && remote_video_.has_source());
    if (settle_frames_ > 0) --settle_frames_;
    if (more_input || settle_frames_ > 0 || polling_video) loop_.request_frame();
}

void app::publish() {
    float s = canvas_.scale() > 0 ? canvas_.scale() : 1.f;
    auto round2 = [](float v) { return std::round(v * 100.f) / 100.f; };
    proto::json widgets = proto::json::object();
    for (auto const& w : widgets_) {
        widgets[w.label] = {{"x", round2(w.min.x / s)},
                            {"y", round2(w.min.y / s)},
                            {"w", round2((w.max.x - w.min.x) / s)},
                            {"h", round2((w.max.y - w.min.y) / s)}};
    }
    char const* screen = model_.current == ui::screen::call    ? "call"
                         : model_.current == ui::screen::login ? "login"
                                                               : "loading";
    char const* role = model_.role == call::role::caller   ? "caller"
                       : model_.role == call::role::callee ? "callee"
                                                           : "";
    char const* signaling = machine_.signaling_state() == call::signaling::online ? "online"
                            : machine_.reconnecting()                             ? "reconnecting"
                                                                                  : "signed_out";
    proto::json users = proto::json::array();
    for (auto const& u : model_.presence) {
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
    bool ringing = model_.call_state == call::state::ringing_in;
    proto::json state = {
        {"screen", screen},
        {"callState", std::string(call::to_string(model_.call_state))},
        {"role", role},
        {"name", model_.name},
        {"peer", model_.peer},
        {"incoming", ringing ? model_.peer : std::string()},
        {"status", model_.status},
        {"error", model_.current == ui::screen::login ? model_.error : std::string()},
        {"reconnecting", model_.reconnecting},
        {"signaling", signaling},
        {"reconnects", session_.reconnects()},
        {"mediaInterrupted", machine_.media_interrupted()},
        {"notice", model_.notice},
        {"missed", session_.missed()},
        {"presence", {{"enabled", model_.presence_enabled}, {"users", std::move(users)}}},
        {"ring",
         {{"ringing", ringing},
          {"muted", model_.ring_muted},
          {"playing", ring_.playing()},
          {"audio", ring_.audio_state()}}},
        {"iceCandidatePair", std::move(pair)},
        {"iceTransportPolicy", ice_.transport_policy},
        {"iceConfigUpdates", ice_config_updates_},
        {"widgets", std::move(widgets)},
        {"framesRendered", frames_rendered_},
        {"textureUploads", texture_uploads_},
        {"remoteTextureUploads", remote_texture_uploads_},
        {"remoteFramesShown", remote_frames_shown_},
    };
    page::publish_state(state.dump(-1, ' ', false, proto::json::error_handler_t::replace));
}

void app::on_context_restored() {
    if (!gl_.recreate()) return;
    renderer_->reset_device();
    local_texture_->recreate();
    remote_texture_->recreate();
    style_scale_ = 0;  // rebuilds the font atlas and its texture on the next frame
    wake();
}

}  // namespace duet
