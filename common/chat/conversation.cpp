// The chat's rules (conversation.hpp).
#include "chat/conversation.hpp"

#include <cstdio>
#include <utility>

#include "chat/frame.hpp"
#include "text/utf8.hpp"

namespace duet::chat {

char const* to_string(notice n) {
    switch (n) {
        case notice::none:
            return "";
        case notice::too_long:
            return "too_long";
        case notice::not_connected:
            return "not_connected";
        case notice::dropped:
            return "dropped";
    }
    return "";
}

void conversation::start(std::string_view self, std::string_view partner) {
    self_ = self;
    partner_ = partner;
    entries_.clear();
    unread_ = 0;
    notice_ = notice::none;
    channel_open_ = false;
    partner_ready_ = false;
    dropping_ = false;
    bucket_.reset();
    ++revision_;
}

std::string conversation::on_channel_open() {
    channel_open_ = true;
    ++revision_;
    return encode_hello();
}

void conversation::on_channel_closed() {
    channel_open_ = false;
    partner_ready_ = false;
    ++revision_;
}

std::optional<std::string> conversation::send(std::string_view text, std::int64_t at_ms,
                                              int utc_offset) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    if (text.size() > max_text_bytes || !text::for_each_code_point(text, [](char32_t) {})) {
        refused_bytes_ = text.size();
        set_notice(notice::too_long);
        return std::nullopt;
    }
    if (!available()) {
        set_notice(notice::not_connected);
        return std::nullopt;
    }
    if (notice_ == notice::too_long || notice_ == notice::not_connected) notice_ = notice::none;
    add({true, self_, std::string(text), at_ms, utc_offset});
    return encode_message(text, at_ms);
}

bool conversation::on_frame(std::string_view text, double steady_ms, std::int64_t at_ms,
                            int utc_offset) {
    if (!channel_open_) return false;
    // Before parsing: a flood must cost as little as possible.
    if (!bucket_.take(steady_ms)) {
        if (dropping_) return false;
        dropping_ = true;
        set_notice(notice::dropped);
        return true;
    }
    dropping_ = false;
    auto f = decode(text);
    if (!f) return false;
    if (std::holds_alternative<hello>(*f)) {
        if (partner_ready_) return false;
        partner_ready_ = true;
        ++revision_;
        return true;
    }
    // A message before the hello is from a page that did not follow the protocol: ignored.
    if (!partner_ready_) return false;
    add({false, partner_, std::move(std::get<message>(*f).text), at_ms, utc_offset});
    ++received_;
    if (!open_) ++unread_;
    return true;
}

void conversation::set_open(bool open) {
    if (open_ == open && (!open || unread_ == 0)) return;
    open_ = open;
    if (open_) unread_ = 0;
    ++revision_;
}

void conversation::dismiss_notice() {
    if (notice_ == notice::none) return;
    notice_ = notice::none;
    ++revision_;
}

void conversation::add(entry e) {
    if (entries_.size() == max_entries) entries_.pop_front();
    entries_.push_back(std::move(e));
    ++revision_;
}

void conversation::set_notice(notice n) {
    notice_ = n;
    ++revision_;
}

std::string clock_hhmm(std::int64_t at_ms, int utc_offset_minutes) {
    constexpr std::int64_t day_minutes = 24 * 60;
    std::int64_t minutes = at_ms / 60000 + utc_offset_minutes;
    minutes %= day_minutes;
    if (minutes < 0) minutes += day_minutes;
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", int(minutes / 60), int(minutes % 60));
    return buffer;
}

}  // namespace duet::chat
