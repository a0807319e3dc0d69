// app/: the wiring. It owns everything, and is the only place the layers meet: at the start
// of each frame it drains what the browser reported, steps the call machine, applies the
// machine's actions to the browser objects, then draws the UI from a model and acts on the
// intents it recorded. Rules live elsewhere: pacing in draw_pacing, the test surface in
// test_probe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "call/account.hpp"
#include "call/call_machine.hpp"
#include "call/media_controls.hpp"
#include "call/session.hpp"
#include "chat/conversation.hpp"
#include "stats/call_stats.hpp"
#include "transfer/exchange.hpp"
#include "words/word.hpp"
#include "draw_pacing.hpp"
#include "upload_size.hpp"
#include "platform/canvas.hpp"
#include "platform/frame_loop.hpp"
#include "platform/input_queue.hpp"
#include "platform/pointer_input.hpp"
#include "platform/text_input.hpp"
#include "platform/timers.hpp"
#include "render/font_atlas.hpp"
#include "render/gl_context.hpp"
#include "render/ui_renderer.hpp"
#include "render/video_texture.hpp"
#include "test_probe.hpp"
#include "ui/model.hpp"
#include "ui/root.hpp"
#include "web/auth_requests.hpp"
#include "web/data_channel.hpp"
#include "web/dom_mirror.hpp"
#include "web/invite_door.hpp"
#include "web/event_sink.hpp"
#include "web/file_channel.hpp"
#include "web/file_picker.hpp"
#include "web/local_media.hpp"
#include "web/media_devices.hpp"
#include "web/peer_connection.hpp"
#include "web/screen_share.hpp"
#include "web/ring_tone.hpp"
#include "web/signaling_socket.hpp"
#include "web/stats_reader.hpp"
#include "web/video_element.hpp"

namespace duet {

class app {
  public:
    app();
    ~app();
    app(app const&) = delete;
    app& operator=(app const&) = delete;

    // False if the page cannot run the app (no WebGL2); the shell has been told why.
    bool start();

  private:
    struct imgui_context {
        imgui_context();
        ~imgui_context();
    };

    // One UI frame; `draw` false runs ImGui's logic only (input, intents), no GL.
    void frame(double now, bool draw = true);
    void on_animation_frame(double now);
    void tick();
    void gesture();
    void wake();
    void on_input();
    bool waiting_for_remote() const;
    void redraw_if_changed();
    void on_video_frame(bool local);
    bool drain_events();
    void handle(web::event& e);
    void handle_message(std::string const& text);
    void on_socket_closed(std::string const& reason);
    void on_timer(int which);
    void apply(call::actions const& actions);
    void sync_model();
    void sync_sound();
    void handle_intents(ui::intents const& intents);  // app/intents.cpp
    void switch_language();
    void apply_media(call::media_controls::effects const& e);
    void handle_control(web::event& e);
    // The video sender's track: the shared screen while sharing, else the camera (or none).
    void send_video();
    void sync_level_watch();
    void set_sharing(bool on);
    void sync_sharing();
    void schedule_overlay(double now);
    void update_scale();
    bool upload_video(bool local);
    void refresh_video_views();
    void publish() const;
    // The call's health (app/health.cpp): read while connected, stopped with the call.
    void start_stats();
    void stop_stats();
    void on_stats(web::stats_report const& r);
    void sync_health();
    void on_context_restored();
    // accessibility.cpp: the screen's DOM mirror, and its presses and focus.
    void update_mirror(std::vector<ui::widget_rect> const& widgets);
    void activate_widget(std::string const& id);
    void on_keyboard_focus(std::string const& id);
    // The device choice (app/devices.cpp).
    void start_devices();
    void on_devices_listed(call::device_lists lists);
    void choose_device(ui::device_pick const& pick);
    void flip_camera();
    void on_device_notice_timer();
    void sync_devices();
    // Sign-in through an identity provider (app/account.cpp).
    void start_account();
    void on_auth_reply(web::auth_reply const& r);
    void on_login_reply(protocol::to_client::login_result const& r);
    void handle_account_intents(ui::intents const& intents);
    void sync_account();
    // Chat during the call (app/chat.cpp).
    void start_chat(bool new_call);
    void stop_chat();
    void sync_chat();
    void on_chat_channel(web::channel_open const& e);
    void on_chat_channel(web::channel_message const& e);
    void on_chat_channel(web::channel_closed const& e);
    void handle_chat_intents(ui::intents const& intents);
    // File transfer during the call (app/transfer.cpp).
    void start_files(bool new_call);
    void stop_files(bool call_over);
    void sync_files();
    void apply_files(transfer::effects const& effects);
    void on_file_channel(web::channel_open const& e);
    void on_file_channel(web::channel_message const& e);
    void on_file_channel(web::channel_closed const& e);
    void on_file_event(web::file_picked const& e);
    void on_file_event(web::file_progress const& e);
    void on_file_event(web::file_read const& e);
    void on_file_event(web::file_read_failed const& e);
    void handle_file_intents(ui::intents const& intents);
    // Invites and the safety code (app/invite.cpp).
    void read_invite();
    void sync_invite();
    void handle_invite_intents(ui::intents const& intents);
    void on_invite_copied(bool ok);
    void sync_safety_code();
    void note_description(call::pc_id pc, call::json const& sdp, bool local);

    imgui_context imgui_;
    platform::canvas canvas_;
    platform::frame_loop loop_;
    platform::input_queue input_;
    platform::pointer_input pointer_;
    platform::text_input text_;
    render::gl_context gl_;
    std::unique_ptr<render::ui_renderer> renderer_;
    render::font_atlas fonts_;
    std::unique_ptr<render::video_texture> local_texture_;
    std::unique_ptr<render::video_texture> remote_texture_;

    web::event_sink events_;
    platform::timers timers_;
    web::signaling_socket socket_;
    web::ring_tone ring_;
    web::local_media media_;
    web::media_devices devices_;
    web::screen_share share_;
    web::auth_requests auth_;
    call::account account_;  // the server's provider and who its session names
    call::device_lists device_lists_;
    call::device_choice choice_;  // empty ids: the browser's default
    // The call machine's timers are numbered from 0; the last slot is the app's own.
    static constexpr int device_notice_timer = platform::timers::count - 1;
    web::video_element local_video_;
    web::video_element remote_video_;
    std::unique_ptr<web::peer_connection> pc_;
    std::unique_ptr<web::stats_reader> stats_reader_;  // destroyed before pc_
    std::unique_ptr<web::data_channel> chat_channel_;  // destroyed before pc_ too
    std::unique_ptr<web::file_channel> file_channel_;  // and this one
    stats::call_stats stats_;
    double local_level_ = 0;  // the microphone's loudest level since the last stats sample

    call::call_machine machine_;
    call::session session_{machine_};  // login replies, server errors, the socket's loss
    call::media_controls controls_;     // microphone and camera, ours and the partner's
    chat::conversation chat_;           // the call's chat, kept after it until the next
    std::string chat_announcement_;     // the newest message or file offer, for screen readers
    std::string chat_status_seen_;      // the status line when it was made
    bool sound_announced_ = false;      // "Audio blocked" said for the current refusal
    transfer::exchange transfers_;      // the call's files, both ways
    web::file_picker file_picker_{events_};
    int sending_file_ = 0;  // the chooser's key of the file being read now, if any
    web::ice_config ice_;
    bool ring_muted_ = false;  // for the current incoming call only
    call::status status_;      // the call screen's status line, worded in model_.lang

    ui::model model_;
    ui::model shown_;  // what the last drawn frame showed
    ui::root ui_;
    std::vector<platform::text_edit> edits_;
    pacing::draw_pacing pacing_;
    // The size each picture was last drawn at (local, remote): what an upload asks for.
    ImVec2 video_shown_[2] = {};
    test_probe probe_;
    web::dom_mirror mirror_{[this](std::string const& id) { activate_widget(id); },
                            [this](std::string const& id) { on_keyboard_focus(id); }};
    std::vector<ui::widget_rect> widgets_;  // as the last frame recorded them
    std::string typing_in_;                 // the text field the keyboard types into, if any
    web::invite_door copy_door_{[this](bool ok) { on_invite_copied(ok); }};
    std::string invite_origin_;                  // location.origin, for the invite link
    std::optional<std::string> pending_invite_;  // opened from an invite: call them on sign-in
    call::pc_id safety_pc_ = 0;                  // the peer connection the safety code is of
    bool safety_done_ = false;
    // The descriptions' texts as this page handed them to that connection (invite.cpp).
    std::string safety_local_sdp_;
    std::string safety_remote_sdp_;

    // The language whose words the font atlas was last given (frame.cpp); none at first.
    std::optional<words::language> noted_lang_;
    float style_scale_ = 0;
    bool style_touch_ = false;
    bool style_light_ = false;
    int settle_frames_ = 0;  // ImGui needs a frame or two after a change to show it
    bool in_gesture_ = false;
    bool in_frame_ = false;
    bool typing_ = false;  // a text field took the keyboard in the last frame
    double last_frame_time_ = 0;
    double last_remote_frame_ = 0;
};

}  // namespace duet
