// Every sentence and label the person reads, by meaning, and its wording in each language.
//
// Screens and the call core never write text inline: they name a `word` and, for the ones
// with `{who}`, `{count}` or `{detail}` in them, fill those in. Each language is one file
// (english.cpp, chinese.cpp) with one switch over this enum, so the compiler names any word
// a language lacks; adding a language is adding such a file and its row in language.cpp.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "words/language.hpp"

namespace duet::words {

enum class word {
    // The login screen.
    app_title,
    please_sign_in,
    name_field,  // the hint in the empty name field
    sign_in,
    signing_in,
    switch_language,  // the tooltip of the language button
    // The call screen, no call active.
    call_field,  // the hint in the empty "who to call" field
    call,
    cancel,
    hang_up,
    dismiss,
    reconnecting,
    no_call,
    calling_who,  // {who}
    connecting_short,
    waiting_for_video,
    call_ended,
    online_count,  // {count}
    no_one_online,
    busy_tag,  // beside a busy name in the online list
    online_list,  // the online list's name (a screen reader's), and its header with a window
    // A server with presence windows lists only the first names: the search over the list.
    search_field,    // the search field's name (its English is its id in window.duet)
    search_hint,     // the hint in the empty search field
    more_online,     // under a window that left people out
    no_one_matches,  // a search that finds no one online
    // Ringing.
    incoming_call,
    who_is_calling,  // {who}
    incoming_alert,  // {who}: what a screen reader announces when the call rings
    accept,
    decline,
    mute_ring,
    unmute_ring,
    // In a call.
    camera_off,
    partner_camera_off,  // {who}
    you_are_muted,
    you,
    tip_mute_mic,
    tip_unmute_mic,
    tip_camera_off,
    tip_camera_on,
    tip_fullscreen,
    tip_hang_up,
    devices,
    preview_camera,
    flip_camera,
    tip_share_screen,
    tip_devices,
    sharing_your_screen,
    stop_sharing,
    no_devices,
    heading_microphone,
    heading_camera,
    heading_speaker,
    device_microphone,
    device_camera,
    device_speaker,
    list_and,
    list_comma,
    notice_device_lost,
    notice_devices_lost,
    stats,
    stats_video,            // {size} {codec}
    stats_path,             // {path}
    stats_sent,             // {kbps}
    stats_sent_detail,      // {kbps} {audio} {video}
    stats_received,         // {kbps}
    stats_received_detail,  // {kbps} {audio} {video}
    stats_round_trip,       // {ms}
    stats_loss,             // {pct}
    stats_jitter,           // {ms}
    stats_frames,           // {fps}
    legend_audio,
    legend_video,
    path_direct,
    path_stun,
    path_relay,
    path_unknown,
    // Invite links (ui/invite_panel) and the safety code (call/safety_code).
    invite,
    invite_hint,
    copy_link,
    link_copied,
    share_link,
    invites_you,  // {who}: the login screen, opened from an invite link
    safety_code,
    safety_code_tip,  // {who}
    // The call core's outcomes (call/status_text.cpp).
    status_signed_in,  // {who}
    status_not_connected,
    status_enter_name,
    status_cannot_call_self,
    status_calling,     // {who}
    status_incoming,    // {who}
    status_connecting,  // {who}
    status_connected,   // {who}
    status_interrupted,  // {who}
    status_camera_denied,
    status_declined_by_us,   // {who}
    status_cancelled_by_us,  // {who}
    status_ended_by_us,      // {who}
    status_hung_up,          // {who}
    status_declined,         // {who}
    status_cancelled,        // {who}
    status_no_answer,        // {who}
    status_busy,             // {who}
    status_missed,           // {who}
    status_connection_lost,
    status_not_online,  // {who}
    status_already_in_call,
    status_lost_server,
    status_could_not_connect,  // {who}
    status_call_failed,        // {who}
    status_call_failed_because,  // {who} {detail}
    status_name_refused,
    status_signed_out,
    status_signed_out_by_server,
    status_cannot_reach_server,
    status_retrying_sign_in,  // a first sign-in refused for now (`unavailable`), tried again
    status_tried_to_call,       // {who}
    status_tried_to_call_many,  // {who} {count}
    // The server's error codes (protocol::error_code), for languages other than the server's
    // English: English shows the server's own, more specific, words instead.
    error_invalid_json,
    error_invalid_message,
    error_unknown_type,
    error_invalid_name,
    error_name_taken,
    error_already_logged_in,
    error_not_logged_in,
    error_not_online,
    error_self_call,
    error_no_partner,
    error_rate_limited,
    error_login_timeout,
    error_replaced,
    error_busy,
    error_already_in_call,
    error_not_ringing,
    error_unavailable,
    error_name_bound,
    error_identity_required,
    // Sign-in through an identity provider (issue 15).
    sign_in_with,            // {label}: the provider's name, from the server's configuration
    sign_out,
    signed_in_as_account,    // {who} {email}
    identity_verified,       // {who} {email} {label}: beside a caller's name
    identity_unverified,     // beside a caller who typed a name
    // The help overlay: the keyboard's shortcuts (ui/help_overlay).
    help,        // the "?" button's name and tooltip
    help_title,  // the overlay's heading, the dialog's name
    close_help,
    help_tab,
    help_enter,
    help_escape,
    help_mic,
    help_camera,
    help_stats,
    help_toggle,
    // Chat during a call (ui/chat_panel).
    tip_chat,
    chat_unread,        // {count}: beside the Chat button's name while the panel is closed
    chat_message,       // the hint in the empty message field
    chat_send,
    chat_direct,        // {who}
    chat_history,       // {who}: over the last call's messages, after it ended
    chat_too_long,      // {count}: the bytes typed
    chat_not_connected,
    chat_dropped,       // {who}
    chat_said,          // {who}, {detail}: a new message, as a screen reader announces it
    // The browser refused to play the partner's sound until the person touches the page.
    tap_to_hear,    // the button over the video
    audio_blocked,  // what a screen reader announces
    // File transfer during a call (ui/transfer_panel).
    file_send,  // the button that opens the file chooser
    file_accept,
    file_decline,
    file_cancel,
    file_save,  // downloads a received file
    file_offered,
    file_waiting,
    file_queued,
    file_sending,
    file_receiving,
    file_progress,  // {count}: bytes moved
    file_sent,
    file_received,
    file_declined,
    file_cancelled,
    file_failed,
    file_not_available,
    file_too_many,
    file_bad_offer,
    file_unknown,
    file_busy,
    file_mismatch,
    file_too_much,
    file_read_failed,
    // The page itself.
    webgl_missing,
};

inline constexpr int word_count = int(word::webgl_missing) + 1;

// The word as `lang` says it; never null. An empty string only where a language has nothing
// of its own to say (English's error_* words: the server's text is shown instead).
char const* say(word w, language lang);

// `text` with each `{key}` replaced by its value; unknown keys stay as written.
std::string fill(std::string_view text,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

// say() then fill() with {who}.
std::string say_who(word w, language lang, std::string_view who);

}  // namespace duet::words
