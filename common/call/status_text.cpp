// Every outcome the call logic reports, in words (status_text.hpp). The sentences are in the
// language tables (common/words/); this file picks the sentence for each outcome.
#include "call/status_text.hpp"

#include "words/word.hpp"

namespace duet::call {

namespace {

using words::word;

// The word for each server error code (a language other than English says these).
word error_word(protocol::error_code code) {
    using protocol::error_code;
    switch (code) {
        case error_code::invalid_json: return word::error_invalid_json;
        case error_code::invalid_message: return word::error_invalid_message;
        case error_code::unknown_type: return word::error_unknown_type;
        case error_code::invalid_name: return word::error_invalid_name;
        case error_code::name_taken: return word::error_name_taken;
        case error_code::already_logged_in: return word::error_already_logged_in;
        case error_code::not_logged_in: return word::error_not_logged_in;
        case error_code::not_online: return word::error_not_online;
        case error_code::self_call: return word::error_self_call;
        case error_code::no_partner: return word::error_no_partner;
        case error_code::rate_limited: return word::error_rate_limited;
        case error_code::login_timeout: return word::error_login_timeout;
        case error_code::replaced: return word::error_replaced;
        case error_code::busy: return word::error_busy;
        case error_code::already_in_call: return word::error_already_in_call;
        case error_code::not_ringing: return word::error_not_ringing;
        case error_code::unavailable: return word::error_unavailable;
        case error_code::name_bound: return word::error_name_bound;
        case error_code::identity_required: return word::error_identity_required;
    }
    return word::error_invalid_message;
}

// What the server (or the browser) said, in the person's language where we can: the code's
// own sentence if this language has one, else the text as it came.
std::string supplied_words(status const& s, language lang) {
    if (s.error) {
        std::string_view mapped = words::say(error_word(*s.error), lang);
        if (!mapped.empty()) return std::string(mapped);
    }
    return s.detail;
}

// `fallback` unless the server (or the browser) gave words of its own.
std::string own_words(status const& s, language lang, word fallback) {
    std::string supplied = supplied_words(s, lang);
    return supplied.empty() ? std::string(words::say(fallback, lang)) : supplied;
}

// The sentence of an outcome that is always worded the same way, with `{who}` filled in.
std::optional<word> plain_word(status_code code) {
    switch (code) {
        case status_code::signed_in: return word::status_signed_in;
        case status_code::not_connected: return word::status_not_connected;
        case status_code::enter_name: return word::status_enter_name;
        case status_code::cannot_call_self: return word::status_cannot_call_self;
        case status_code::calling: return word::status_calling;
        case status_code::incoming: return word::status_incoming;
        case status_code::connecting: return word::status_connecting;
        case status_code::connected: return word::status_connected;
        case status_code::interrupted: return word::status_interrupted;
        case status_code::camera_denied: return word::status_camera_denied;
        case status_code::declined_by_us: return word::status_declined_by_us;
        case status_code::cancelled_by_us: return word::status_cancelled_by_us;
        case status_code::ended_by_us: return word::status_ended_by_us;
        case status_code::hung_up: return word::status_hung_up;
        case status_code::declined: return word::status_declined;
        case status_code::cancelled: return word::status_cancelled;
        case status_code::no_answer: return word::status_no_answer;
        case status_code::busy: return word::status_busy;
        case status_code::missed: return word::status_missed;
        case status_code::connection_lost: return word::status_connection_lost;
        case status_code::not_online: return word::status_not_online;
        case status_code::lost_server: return word::status_lost_server;
        case status_code::could_not_connect: return word::status_could_not_connect;
        case status_code::cannot_reach_server: return word::status_cannot_reach_server;
        case status_code::retrying_sign_in: return word::status_retrying_sign_in;
        default: return std::nullopt;
    }
}

}  // namespace

std::string status_text(status const& s, language lang) {
    if (auto w = plain_word(s.code)) return words::say_who(*w, lang, s.who);
    switch (s.code) {
        case status_code::none:
            return {};
        case status_code::message:
            return supplied_words(s, lang);
        case status_code::already_in_call:
            return own_words(s, lang, word::status_already_in_call);
        case status_code::name_refused:
            return own_words(s, lang, word::status_name_refused);
        case status_code::signed_out:
            return own_words(s, lang, word::status_signed_out);
        case status_code::signed_out_by_server:
            return own_words(s, lang, word::status_signed_out_by_server);
        case status_code::call_failed:
            if (s.detail.empty()) return words::say_who(word::status_call_failed, lang, s.who);
            return words::fill(words::say(word::status_call_failed_because, lang),
                               {{"who", s.who}, {"detail", s.detail}});
        case status_code::tried_to_call: {
            if (s.count <= 1) return words::say_who(word::status_tried_to_call, lang, s.who);
            std::string count = std::to_string(s.count);
            return words::fill(words::say(word::status_tried_to_call_many, lang),
                               {{"who", s.who}, {"count", count}});
        }
        default:
            return s.detail;
    }
}

}  // namespace duet::call
