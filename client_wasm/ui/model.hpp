// What the screens read, and what they record. The UI never calls the browser and never
// owns call state: the app fills a model before each frame and acts on the intents after.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "call/account.hpp"
#include "call/call_machine.hpp"
#include "call/devices.hpp"
#include "chat/conversation.hpp"
#include "stats/call_stats.hpp"
#include "transfer/exchange.hpp"
#include "words/language.hpp"

namespace duet::ui {

enum class screen { login, call };

// The name window.duet shows ("login", "call").
constexpr char const* to_string(screen s) { return s == screen::call ? "call" : "login"; }

struct video_view {
    ImTextureID texture = nullptr;
    int width = 0;  // 0 until a frame has been uploaded
    int height = 0;
    bool has_image() const { return width > 0 && height > 0; }
    bool operator==(video_view const&) const = default;
};

// The call's health (ui/quality_mark, ui/stats_panel), from stats::call_stats.
struct call_health {
    bool measured = false;  // in a call, with at least one measured second
    stats::quality quality = stats::quality::unknown;
    stats::figures now;
    bool panel_open = false;
    stats::history history;  // filled only while the panel is open: nothing else plots it
    bool operator==(call_health const&) const = default;
};

// The Devices menu (ui/devices_menu) and Flip camera: what the browser lists, what is
// chosen, what the live tracks come from.
struct devices_view {
    call::device_lists lists;
    call::device_choice chosen;  // empty ids: the browser's default
    call::device_choice in_use;  // from the tracks' settings; the speaker is the chosen one
    bool can_flip = false;       // two cameras or more, or one that says which way it faces
    std::string notice;          // a chosen device went away: what we use instead
    bool operator==(devices_view const&) const = default;
};

// Sign-in through an identity provider (call/account): what the login screen offers, and
// who the provider's session says we are.
struct account_view {
    std::string provider_label;   // empty: the server has no provider
    bool name_login = true;       // the name field and Sign in
    bool provider_login = false;  // "Sign in with <label>"
    std::optional<call::account_identity> me;
    bool operator==(account_view const&) const = default;
};

// Chat during the call (ui/chat_panel), from chat::conversation. The messages are read
// through the pointer while drawing, never copied: comparing the revision tells a change.
struct chat_view {
    bool available = false;  // the partner's page speaks chat: the Chat button shows
    bool open = false;
    int unread = 0;
    std::uint64_t revision = 0;
    chat::conversation const* conversation = nullptr;
    bool operator==(chat_view const&) const = default;
};

// File transfer during the call (ui/transfer_panel), from transfer::exchange, read through
// the pointer like the chat. `revision` changes with what is shown but progress; `progress`
// with each step of progress shown (the bar and its figures).
struct transfer_view {
    bool available = false;  // the partner's page speaks files: Send file shows
    std::uint64_t revision = 0;
    std::uint64_t progress = 0;
    transfer::exchange const* exchange = nullptr;
    bool operator==(transfer_view const&) const = default;
};

struct model {
    screen current = screen::login;
    call::state call_state = call::state::idle;
    call::role role = call::role::none;
    // The call screen's buttons: what the call machine allows now.
    call::allowed allowed;
    std::string name;     // signed in as
    std::string partner;  // in a call with, ringing, or rung by
    std::string status;   // the call screen's status line
    std::string error;    // the login screen's message
    bool signing_in = false;
    bool reconnecting = false;  // the signaling socket is down; a call goes on meanwhile
    bool ring_muted = false;    // the ring of the current incoming call is silenced
    std::string notice;         // "X tried to call you", until dismissed
    bool presence_enabled = false;
    std::vector<protocol::to_client::presence_entry> presence;  // everyone else online
    // A server with presence windows: `presence` holds at most this many (the first names
    // that match the search), `presence_more` says it left some out, and `presence_prefix`
    // is the search it answers. 0: a server before windows, which lists everyone.
    int presence_window = 0;
    bool presence_more = false;
    std::string presence_prefix;
    video_view local;
    video_view remote;
    call_health health;
    // The in-call controls: this side's microphone and camera, and what the partner told us
    // of theirs (call/media_controls).
    bool mic = true;
    bool camera = true;
    bool remote_muted = false;
    bool remote_camera_off = false;
    bool muted_hint = false;      // speaking while muted
    // The browser refused to play the partner's sound (autoplay policy): it plays muted,
    // and Tap to hear shows over the video until a press lets it play.
    bool audio_blocked = false;
    int call_seconds = -1;        // since the call connected; -1 before
    float controls_alpha = 1;     // the overlay fades after a while without input
    bool can_fullscreen = false;
    words::language lang = words::language::english;  // what every screen is worded in
    std::string keyboard_focus;  // the widget whose DOM mirror has the keyboard: ringed
    bool can_share = false;       // a desktop browser with getDisplayMedia
    bool sharing = false;         // our screen goes out in place of the camera
    bool remote_sharing = false;  // the partner's screen comes in
    devices_view devices;
    account_view account;
    // The partner's account as the server told it (a server with a provider only).
    std::optional<protocol::to_client::caller_identity> partner_identity;
    chat_view chat;
    transfer_view transfers;
    // Invite links (ui/invite_panel, call/invite_link) and the safety code (call/safety_code).
    std::string invite_link;     // signed in: the link that calls us
    bool can_web_share = false;  // navigator.share: the Share button (phones)
    bool invite_copied = false;  // Copy link was pressed while the panel is shown
    std::string invited_by;      // the page was opened from this person's invite link
    std::string safety_code;     // "482 915" once both descriptions are applied
    bool media_requested = false;  // the camera asked for (a call, or the preview)
    float scale = 1;     // ImGui pixels per CSS pixel
    bool touch = false;  // a coarse pointer: bigger targets, no autofocus
    bool help_open = false;  // the shortcuts' overlay (ui/help_overlay)
    bool light = false;      // the light theme: the system prefers it (prefers-color-scheme)
    // For the text fields' ImGuiInputTextFlags_CallbackAlways: how typed text gets in.
    ImGuiInputTextCallback text_callback = nullptr;
    void* text_callback_data = nullptr;

    // Equal models draw the same frame: an event that leaves the model equal (an ICE
    // candidate, a description applied) needs no redraw.
    bool operator==(model const&) const = default;
};

struct device_pick {
    call::device_kind kind;
    std::string id;
};

struct intents {
    std::optional<std::string> sign_in;
    std::optional<std::string> call;  // from the field, or a name in the presence list
    // The online list's search field: its text as it changed (sent once the keys pause), and
    // Enter or Esc in it (sent at once).
    std::optional<std::string> search_typed;
    std::optional<std::string> search;
    bool hang_up = false;
    bool cancel = false;
    bool accept = false;
    bool decline = false;
    bool toggle_ring_mute = false;
    bool dismiss_notice = false;
    bool toggle_stats = false;  // the Stats button
    bool toggle_mic = false;
    bool toggle_camera = false;
    bool toggle_fullscreen = false;
    bool hear_audio = false;  // Tap to hear: inside the press, where sound may start
    bool switch_language = false;  // the login screen's language button
    std::optional<device_pick> choose_device;  // a device pressed in the Devices menu
    bool flip_camera = false;
    bool share_screen = false;  // inside the press: getDisplayMedia needs a user gesture
    bool stop_sharing = false;
    bool preview = false;  // Preview camera: the camera opened before any call
    bool sign_in_with_provider = false;  // to the provider's pages and back (a navigation)
    bool sign_out = false;               // of the provider's session: the plain login again
    bool toggle_help = false;  // `?`, the "?" button, the overlay's Close or Esc in it
    bool toggle_chat = false;               // the Chat button, or C
    std::optional<std::string> send_chat;  // Send, or Enter in the Message field
    bool send_file = false;  // inside the press: the file chooser needs a user gesture
    std::optional<std::uint64_t> accept_file;   // the partner's offer, by its id
    std::optional<std::uint64_t> decline_file;
    std::optional<std::pair<transfer::direction, std::uint64_t>> cancel_file;
    std::optional<std::uint64_t> save_file;  // a received file's download
    bool dismiss_file_notice = false;
    bool copy_invite = false;   // inside the press: the Clipboard API needs a user gesture
    bool share_invite = false;  // likewise Web Share
};

// What a widget is to a screen reader (web/dom_mirror): a button, a text field, or a
// picture that is not mirrored (the self-view, dragged by pointer only).
enum class widget_kind { button, field, picture };

// A widget's rectangle, in ImGui pixels, under its English label or hint (a stable id for
// tests whatever the language shown), with the text it shows.
struct widget_rect {
    std::string label;
    ImVec2 min;
    ImVec2 max;
    std::string text;  // as shown, in the current language: its accessible name
    widget_kind kind = widget_kind::button;
    bool enabled = true;  // a dimmed button does nothing when pressed
};

// What the health overlay showed, in words, for the tests (tests/client_wasm/).
struct health_output {
    std::string quality;             // the mark on the video: "good", "fair", "poor"; empty: none
    std::vector<std::string> lines;  // the stats panel's captions, top to bottom
};

struct frame_output {
    ui::intents intents;
    health_output health;
    std::vector<widget_rect> widgets;
    std::optional<widget_rect> active_text_field;  // where the keyboard's input goes
    std::string online_header;  // the online list's header as drawn, for the tests
    // The size each video's picture was drawn at this frame (canvas pixels; 0 x 0: not
    // drawn): the app uploads the next frame at no more than that (app/upload_size).
    ImVec2 local_video_shown{0, 0};
    ImVec2 remote_video_shown{0, 0};
};

}  // namespace duet::ui
