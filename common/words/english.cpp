// Duet in English: the words of the screens and of every outcome (word.hpp).
#include "words/tables.hpp"

namespace duet::words {

char const* english(word w) {
    switch (w) {
        case word::app_title: return "WebRTC Video Demo";
        case word::please_sign_in: return "Please sign in";
        case word::name_field: return "Login";
        case word::sign_in: return "Sign in";
        case word::signing_in: return "Signing in...";
        case word::switch_language: return "Language";
        case word::call_field: return "username to call";
        case word::call: return "Call";
        case word::cancel: return "Cancel";
        case word::hang_up: return "Hang Up";
        case word::dismiss: return "Dismiss";
        case word::reconnecting: return "Reconnecting...";
        case word::no_call: return "No call";
        case word::calling_who: return "Calling {who}...";
        case word::connecting_short: return "Connecting...";
        case word::waiting_for_video: return "Waiting for video...";
        case word::call_ended: return "Call ended";
        case word::online_count: return "Online ({count})";
        case word::online_list: return "Online";
        case word::search_field: return "Search";
        case word::search_hint: return "Search people";
        case word::more_online: return "More people are online: type to search";
        case word::no_one_matches: return "No one online matches";
        case word::no_one_online: return "No one else is online";
        case word::busy_tag: return "busy";
        case word::incoming_call: return "Incoming call";
        case word::who_is_calling: return "{who} is calling";
        case word::incoming_alert: return "{who} is calling: Accept or Decline";
        case word::accept: return "Accept";
        case word::decline: return "Decline";
        case word::mute_ring: return "Mute ring";
        case word::unmute_ring: return "Unmute ring";
        case word::camera_off: return "Camera off";
        case word::partner_camera_off: return "{who}'s camera is off";
        case word::you_are_muted: return "You are muted";
        case word::you: return "You";
        case word::tip_mute_mic: return "Mute microphone (M)";
        case word::tip_unmute_mic: return "Unmute microphone (M)";
        case word::tip_camera_off: return "Turn camera off (V)";
        case word::tip_camera_on: return "Turn camera on (V)";
        case word::tip_fullscreen: return "Fullscreen";
        case word::tip_hang_up: return "Hang up (Esc)";
        case word::devices: return "Devices";
        case word::preview_camera: return "Preview camera";
        case word::flip_camera: return "Flip camera";
        case word::tip_share_screen: return "Share your screen";
        case word::tip_devices: return "Microphone, camera and speaker";
        case word::sharing_your_screen: return "You are sharing your screen";
        case word::stop_sharing: return "Stop sharing";
        case word::no_devices: return "No devices to choose from";
        case word::heading_microphone: return "Microphone";
        case word::heading_camera: return "Camera";
        case word::heading_speaker: return "Speaker";
        case word::device_microphone: return "microphone";
        case word::device_camera: return "camera";
        case word::device_speaker: return "speaker";
        case word::list_and: return " and ";
        case word::list_comma: return ", ";
        case word::notice_device_lost: return "Your {device} was disconnected: using the default {device}.";
        case word::notice_devices_lost: return "Your {devices} were disconnected: using the default devices.";
        case word::stats: return "Stats";
        case word::stats_video: return "Video {size}  {codec}";
        case word::stats_path: return "Path: {path}";
        case word::stats_sent: return "Sent {kbps} kbps";
        case word::stats_sent_detail: return "Sent {kbps} kbps (audio {audio}, video {video})";
        case word::stats_received: return "Received {kbps} kbps";
        case word::stats_received_detail:
            return "Received {kbps} kbps (audio {audio}, video {video})";
        case word::stats_round_trip: return "Round trip {ms}";
        case word::stats_loss: return "Loss {pct} %";
        case word::stats_jitter: return "Jitter {ms}";
        case word::stats_frames: return "Frames {fps}/s";
        case word::legend_audio: return "audio";
        case word::legend_video: return "video";
        case word::path_direct: return "direct (LAN)";
        case word::path_stun: return "via STUN address";
        case word::path_relay: return "relayed by TURN";
        case word::path_unknown: return "unknown";
        case word::invite: return "Invite";
        case word::invite_hint: return "Anyone who opens this link can call you. On a phone, scan the code:";
        case word::copy_link: return "Copy link";
        case word::link_copied: return "Copied";
        case word::share_link: return "Share";
        case word::invites_you: return "{who} invites you to a call";
        case word::safety_code: return "Safety code";
        case word::safety_code_tip:
            return "Read this code to {who}. If theirs is the same, no one sits in between.";
        case word::status_signed_in: return "Signed in as {who}";
        case word::status_not_connected: return "Not connected to the server; reconnecting...";
        case word::status_enter_name: return "Enter the name of the user to call";
        case word::status_cannot_call_self: return "You cannot call yourself";
        case word::status_calling: return "Calling {who}...";
        case word::status_incoming: return "{who} is calling...";
        case word::status_connecting: return "Connecting to {who}...";
        case word::status_connected: return "Connected to {who}";
        case word::status_interrupted: return "Connection to {who} interrupted; restoring it...";
        case word::status_camera_denied: return "Camera or microphone denied";
        case word::status_declined_by_us: return "Declined the call from {who}";
        case word::status_cancelled_by_us: return "Cancelled the call to {who}";
        case word::status_ended_by_us: return "Call with {who} ended";
        case word::status_hung_up: return "{who} hung up";
        case word::status_declined: return "{who} declined";
        case word::status_cancelled: return "{who} cancelled";
        case word::status_no_answer: return "No answer from {who}";
        case word::status_busy: return "{who} is busy";
        case word::status_missed: return "Missed call from {who}";
        case word::status_connection_lost: return "Connection lost";
        case word::status_not_online: return "{who} is not online";
        case word::status_already_in_call: return "You are already in a call";
        case word::status_lost_server: return "Lost the connection to the server";
        case word::status_could_not_connect: return "Could not connect to {who}";
        case word::status_call_failed: return "Call with {who} failed";
        case word::status_call_failed_because: return "Call with {who} failed: {detail}";
        case word::status_name_refused: return "The server refused this name.";
        case word::status_signed_out: return "Signed out: the server refused the name";
        case word::status_signed_out_by_server: return "Signed out by the server.";
        case word::status_cannot_reach_server: return "Cannot reach the server. Try again.";
        case word::status_retrying_sign_in:
            return "The server cannot sign you in just now. Trying again...";
        case word::status_tried_to_call: return "{who} tried to call you";
        case word::status_tried_to_call_many: return "{who} tried to call you ({count} missed calls)";
        // The server speaks English: its own words are shown, they say more than a code.
        case word::error_invalid_json:
        case word::error_invalid_message:
        case word::error_unknown_type:
        case word::error_invalid_name:
        case word::error_name_taken:
        case word::error_already_logged_in:
        case word::error_not_logged_in:
        case word::error_not_online:
        case word::error_self_call:
        case word::error_no_partner:
        case word::error_rate_limited:
        case word::error_login_timeout:
        case word::error_replaced:
        case word::error_busy:
        case word::error_already_in_call:
        case word::error_not_ringing:
        case word::error_unavailable:
        case word::error_name_bound:
        case word::error_identity_required:
            return "";
        case word::sign_in_with: return "Sign in with {label}";
        case word::sign_out: return "Sign out";
        case word::signed_in_as_account: return "Signed in as {who} ({email})";
        case word::identity_verified: return "{who} ({email}, verified by {label})";
        case word::identity_unverified: return "Not verified: a name anyone could type";
        case word::help: return "Help";
        case word::help_title: return "Keyboard shortcuts";
        case word::close_help: return "Close";
        case word::help_tab: return "Move to the next control (Shift+Tab: the one before)";
        case word::help_enter: return "Press the control that has the focus";
        case word::help_escape: return "Close this list; hang up, or cancel a call not yet answered";
        case word::help_mic: return "Microphone on or off (in a call)";
        case word::help_camera: return "Camera on or off (in a call)";
        case word::help_stats: return "The call's statistics (in a call)";
        case word::help_toggle: return "Show or hide this list";
        case word::tip_chat: return "Chat (C)";
        case word::chat_unread: return "{count} unread";
        case word::chat_message: return "Message";
        case word::chat_send: return "Send";
        case word::chat_direct: return "Messages go directly to {who}";
        case word::chat_history: return "Messages with {who}";
        case word::chat_too_long:
            return "Too long to send: {count} bytes, at most 4096. Nothing was sent.";
        case word::chat_not_connected: return "Not sent: the chat is not connected.";
        case word::chat_dropped: return "{who} sent too many messages at once; some were dropped.";
        case word::chat_said: return "{who}: {detail}";
        case word::tap_to_hear: return "Tap to hear";
        case word::audio_blocked: return "Audio blocked: tap to hear";
        case word::file_send: return "Send file";
        case word::file_accept: return "Accept file";
        case word::file_decline: return "Decline file";
        case word::file_cancel: return "Cancel file";
        case word::file_save: return "Save file";
        case word::file_offered: return "{who} offers {name} ({size})";
        case word::file_waiting: return "Waiting for {who} to accept {name} ({size})";
        case word::file_queued: return "{name} ({size}): next in line";
        case word::file_sending: return "Sending {name}";
        case word::file_receiving: return "Receiving {name}";
        case word::file_progress: return "{count} of {size}, {rate}, {time} left";
        case word::file_sent: return "Sent {name} ({size})";
        case word::file_received: return "Received {name} ({size}), checked";
        case word::file_declined: return "{name}: declined";
        case word::file_cancelled: return "{name}: cancelled";
        case word::file_failed: return "{name}: failed";
        case word::file_not_available:
            return "Files cannot be sent now: {who}'s page does not take files.";
        case word::file_too_many: return "Too many files at once: {name} was not sent.";
        case word::file_bad_offer:
            return "{who} offered a file with a bad name or size; it was ignored.";
        case word::file_unknown:
            return "{who} sent a message about a file that is not here; it was ignored.";
        case word::file_busy:
            return "{who} offered another file before the last was answered; it was ignored.";
        case word::file_mismatch:
            return "{name} arrived damaged (its SHA-256 differs) and was not saved.";
        case word::file_too_much: return "{who} sent more of {name} than offered; it was stopped.";
        case word::file_read_failed: return "{name} could not be read; it was not sent.";
        case word::webgl_missing:
            return "This browser could not start WebGL2, which Duet draws with. Try another "
                   "browser, or enable hardware acceleration.";
    }
    return "";
}

}  // namespace duet::words
