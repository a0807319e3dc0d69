// The chat channel's frames (frame.hpp).
#include "chat/frame.hpp"

#include "protocol/protocol.hpp"
#include "text/utf8.hpp"

namespace duet::chat {

namespace {
using protocol::json;

bool valid_utf8(std::string_view s) {
    return text::for_each_code_point(s, [](char32_t) {});
}
}  // namespace

std::string encode_hello() { return json{{"t", "hello"}, {"v", protocol_version}}.dump(); }

std::string encode_message(std::string_view text, std::int64_t at_ms) {
    // Invalid UTF-8 never reaches here (send() refuses it), but dump() must not throw.
    return json{{"t", "chat"}, {"text", std::string(text)}, {"at", at_ms}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

std::optional<frame> decode(std::string_view text) {
    if (text.size() > max_frame_bytes) return std::nullopt;
    auto j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    auto t = j.find("t");
    if (t == j.end() || !t->is_string()) return std::nullopt;
    auto const& type = t->get_ref<std::string const&>();
    if (type == "hello") {
        auto v = j.find("v");
        hello h;
        if (v != j.end() && v->is_number_integer()) h.version = v->get<int>();
        return h;
    }
    if (type != "chat") return std::nullopt;
    auto body = j.find("text");
    if (body == j.end() || !body->is_string()) return std::nullopt;
    auto const& s = body->get_ref<std::string const&>();
    if (s.empty() || s.size() > max_text_bytes || !valid_utf8(s)) return std::nullopt;
    message m{s, 0};
    auto at = j.find("at");
    if (at != j.end() && at->is_number_integer()) m.at_ms = at->get<std::int64_t>();
    return m;
}

}  // namespace duet::chat
