// The frame: what the app does each time it draws (or, inside a gesture, only thinks):
// scale and fonts, input, video uploads, the UI, and the published state.
#include <algorithm>
#include <cmath>
#include <utility>

#include "app.hpp"
#include "ui/theme.hpp"
#include "web/page.hpp"
#include "web/scheduler.hpp"

namespace duet {

namespace {

namespace page = web::page;

}  // namespace

// On a resize, a zoom or a move to another screen: the DPR, and with it the font's pixel
// size, may have changed, and a convertible may have swapped mouse for finger.
void app::update_scale() {
    bool touch = page::coarse_pointer();
    float scale = canvas_.scale();
    bool light = model_.light;
    if (scale == style_scale_ && touch == style_touch_ && light == style_light_) return;
    bool new_size = scale != style_scale_ || touch != style_touch_;
    style_scale_ = scale;
    style_touch_ = touch;
    style_light_ = light;
    model_.scale = scale;
    model_.touch = touch;
    using ui::theme::scheme;
    ui::theme::apply(ImGui::GetStyle(), scale, touch, light ? scheme::light : scheme::dark);
    if (!new_size) return;  // colours only: the atlas stays
    fonts_.build(std::round(ui::theme::font_size_css(touch) * scale));
    renderer_->reload_fonts();
    pointer_.set_line_height_css(ui::theme::font_size_css(touch) * 1.2f);
}

bool app::upload_video(bool local) {
    auto& video = local ? local_video_ : remote_video_;
    auto& texture = local ? local_texture_ : remote_texture_;
    if (!texture) return false;
    ImVec2 shown = video_shown_[local ? 0 : 1];
    auto box = pacing::upload_box(shown.x, shown.y, {texture->width(), texture->height()});
    if (!texture->upload_from(video, box.width, box.height)) return false;
    probe_.on_texture_upload(local);
    if (local) pacing_.on_local_upload(web::scheduler::now());
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

    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime =
        last_frame_time_ > 0 ? float(std::max(now - last_frame_time_, 0.1) / 1000.0) : 1.f / 60.f;
    last_frame_time_ = now;

    edits_.clear();
    bool more_input = input_.apply(io, edits_);

    // Glyphs for what this frame will show, before ImGui starts using the atlas, and before
    // a new scale builds it: the first frame's atlas (the login screen's, with the accents
    // and the other languages' names) is then rasterised in one pass, not built and added to.
    for (auto const& e : edits_) fonts_.note(e.insert);
    for (auto const* s :
         {&model_.name, &model_.partner, &model_.status, &model_.error, &model_.notice}) {
        fonts_.note(*s);
    }
    for (auto const& u : model_.presence) fonts_.note(u.name);
    if (noted_lang_ != model_.lang) {
        // Every word of a newly shown language at once: one atlas rebuild, not one per screen.
        for (int w = 0; w < words::word_count; ++w) {
            fonts_.note(words::say(words::word(w), model_.lang));
        }
        for (words::language l : words::all_languages) fonts_.note(words::own_name(l));
        noted_lang_ = model_.lang;
    }
    fonts_.note(model_.devices.notice);
    for (auto k : call::device_kinds) {
        for (auto const& d : model_.devices.lists.of(k)) fonts_.note(d.label);
    }
    if (canvas_.update() || style_scale_ == 0 || model_.light != style_light_) {
        settle_frames_ = std::max(settle_frames_, 2);
        pacing_.on_input(web::scheduler::now());  // a phone turned: show the controls
        update_scale();
    }

    io.DisplaySize = ImVec2(float(canvas_.pixel_width()), float(canvas_.pixel_height()));
    io.DisplayFramebufferScale = ImVec2(1, 1);

    if (fonts_.stale()) {
        // New glyphs into the atlas's spare room, only their rows uploaded; the whole atlas
        // again only once that room is full. Measured for tests/browser/glyphs.test.mjs.
        double start = web::scheduler::now();
        if (auto changed = fonts_.add_noted()) {
            renderer_->update_fonts(changed->x, changed->y, changed->w, changed->h);
            page::measure("duet-glyphs-added", start);
        } else {
            fonts_.build(fonts_.pixel_size());
            renderer_->reload_fonts();
            page::measure("duet-atlas-rebuilt", start);
        }
    }

    if (draw) {
        // Without frame callbacks, video is polled at the frame rate.
        for (bool local : {true, false}) {
            auto& video = local ? local_video_ : remote_video_;
            if (!video.has_frame_callbacks() && video.take_new_frame()) upload_video(local);
        }
    }
    refresh_video_views();
    // The overlay's fade and the call's clock, as of this frame; the next change is asked for
    // after the draw.
    model_.controls_alpha = pacing_.controls_alpha(now);
    model_.call_seconds = pacing_.call_seconds(now);

    ImGui::NewFrame();
    ui::frame_output out = ui_.draw(model_);
    video_shown_[0] = out.local_video_shown;
    video_shown_[1] = out.remote_video_shown;
    ImGui::Render();
    if (draw) {
        renderer_->render(ImGui::GetDrawData(), canvas_.pixel_width(), canvas_.pixel_height(),
                          ui::theme::background());
        pacing_.on_drawn(web::scheduler::now());
        shown_ = model_;
    }
    typing_ = out.active_text_field.has_value();
    edits_.clear();  // for a field that was not active: typed into nothing

    canvas_.set_cursor(ImGui::GetMouseCursor());
    platform::css_rect field;
    if (out.active_text_field) {
        float s = canvas_.scale();
        auto const& r = *out.active_text_field;
        field = {r.min.x / s, r.min.y / s, (r.max.x - r.min.x) / s, (r.max.y - r.min.y) / s};
    }
    // Not io.WantTextInput: ImGui computes that at the next NewFrame, a frame late, and the
    // press that activates a field must focus the input within its own gesture.
    text_.sync(out.active_text_field.has_value(), field, in_gesture_,
               out.active_text_field ? out.active_text_field->text : std::string());

    typing_in_ = out.active_text_field ? out.active_text_field->label : std::string();
    update_mirror(out.widgets);
    probe_.on_frame(model_, draw, std::move(out.widgets));
    in_frame_ = false;
    handle_intents(out.intents);
    publish();

    bool polling_video = (!local_video_.has_frame_callbacks() && local_video_.has_source()) ||
                         (!remote_video_.has_frame_callbacks() && remote_video_.has_source());
    if (settle_frames_ > 0) --settle_frames_;
    if (more_input || settle_frames_ > 0 || polling_video) loop_.request_frame();
    if (draw) schedule_overlay(web::scheduler::now());
}

void app::publish() const {
    std::string const& focus = typing_in_.empty() ? model_.keyboard_focus : typing_in_;
    probe_.publish(model_, {machine_, ring_, ice_.transport_policy, session_.missed(),
                            session_.reconnects(), canvas_.scale(), stats_, focus});
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
