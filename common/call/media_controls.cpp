// The state message and its rules (media_controls.hpp).
#include "call/media_controls.hpp"

#include "protocol/protocol.hpp"

namespace duet::call {

namespace {
constexpr char const* message_type = "media";
}  // namespace

std::string encode_media_state(media_state s) {
    protocol::json j{{"type", message_type}, {"mic", s.mic}, {"camera", s.camera}};
    if (s.screen) j["screen"] = true;
    return j.dump();
}

std::optional<media_state> decode_media_state(std::string_view text) {
    // A partner's page is not trusted: parse without throwing, check each field's type.
    auto j = protocol::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    auto type = j.find("type");
    if (type == j.end() || !type->is_string() || type->get<std::string>() != message_type) {
        return std::nullopt;
    }
    auto mic = j.find("mic");
    auto camera = j.find("camera");
    if (mic == j.end() || !mic->is_boolean() || camera == j.end() || !camera->is_boolean()) {
        return std::nullopt;
    }
    auto screen = j.find("screen");
    bool sharing = screen != j.end() && screen->is_boolean() && screen->get<bool>();
    return media_state{mic->get<bool>(), camera->get<bool>(), sharing};
}

media_controls::effects media_controls::set_local(media_state s) {
    local_ = s;
    if (local_.mic) last_speech_ms_.reset();
    effects e{local_, std::nullopt};
    if (channel_open_) e.send = encode_media_state(local_);
    return e;
}

std::optional<std::string> media_controls::on_channel_open() {
    channel_open_ = true;
    return encode_media_state(local_);
}

bool media_controls::on_message(std::string_view text) {
    auto s = decode_media_state(text);
    if (!s || *s == remote_) return false;
    remote_ = *s;
    return true;
}

void media_controls::on_call_over() {
    remote_ = {};
    channel_open_ = false;
}

void media_controls::on_local_level(double level, double now_ms) {
    if (local_.mic) return;  // speaking while heard is no news
    if (level >= speech_level) last_speech_ms_ = now_ms;
}

bool media_controls::muted_hint(double now_ms) const {
    return !local_.mic && last_speech_ms_ && now_ms - *last_speech_ms_ < muted_hint_hold_ms;
}

}  // namespace duet::call
