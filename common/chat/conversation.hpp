// The chat of one call, as pure rules: what is sent and refused, what the partner's page may
// add (their hello makes chat available; their messages, within the rate limit), the unread
// count while the panel is closed, and the history, kept after the call until the next one
// starts. The app carries out the effects (web/data_channel sends the frames); the chat
// panel (ui/chat_panel) reads it. docs/chat.md has the wire format and the reasons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "chat/token_bucket.hpp"

namespace duet::chat {

// What the panel shows besides the messages, worded by the UI.
enum class notice {
    none,
    too_long,       // our message was over max_text_bytes: nothing was sent
    not_connected,  // the channel is not open now: nothing was sent
    dropped,        // the partner sent too many at once: some were dropped
};
char const* to_string(notice n);

struct entry {
    bool mine = false;
    std::string from;  // the sender's name, kept: the partner's name goes with the call
    std::string text;
    std::int64_t at_ms = 0;      // local clock, ms since 1970: when sent, or when it arrived
    int utc_offset_minutes = 0;  // the local time zone then (its HH:MM)
};

class conversation {
  public:
    // The panel shows at most this many; older ones go first.
    static constexpr std::size_t max_entries = 200;
    // A flood's first burst passes, then about one message every 200 ms (token_bucket).
    static constexpr double burst = 20;
    static constexpr double per_second = 5;

    // A new call with `partner` starts: the last call's history goes.
    void start(std::string_view self, std::string_view partner);
    // The channel of the current call opened: our hello, to send on it.
    std::string on_channel_open();
    // The channel closed (the call ended, or its connection was replaced): chat is not
    // available until the partner's hello comes again. The history stays.
    void on_channel_closed();

    // The person sends `text`; the frame to send, or nothing (and a notice) when refused.
    // Empty text (after trimming blanks) is no message and no notice.
    std::optional<std::string> send(std::string_view text, std::int64_t at_ms, int utc_offset);
    // A frame from the partner at `steady_ms` (for the rate limit), stamped `at_ms` local.
    // True if what the panel shows changed.
    bool on_frame(std::string_view text, double steady_ms, std::int64_t at_ms, int utc_offset);

    void set_open(bool open);
    void dismiss_notice();

    bool available() const { return partner_ready_ && channel_open_; }
    bool open() const { return open_; }
    int unread() const { return unread_; }
    notice current_notice() const { return notice_; }
    std::size_t refused_bytes() const { return refused_bytes_; }  // of a too_long message
    std::string const& partner() const { return partner_; }
    std::deque<entry> const& entries() const { return entries_; }
    // Changes whenever anything shown changes: the model compares this, not the history.
    std::uint64_t revision() const { return revision_; }
    // How many of the partner's messages were ever added: a rise is a new one to announce.
    std::uint64_t received() const { return received_; }

  private:
    void add(entry e);
    void set_notice(notice n);

    std::string self_;
    std::string partner_;
    std::deque<entry> entries_;
    token_bucket bucket_{burst, per_second};
    notice notice_ = notice::none;
    std::size_t refused_bytes_ = 0;
    int unread_ = 0;
    bool open_ = false;
    bool channel_open_ = false;
    bool partner_ready_ = false;
    bool dropping_ = false;  // in a flood: its one notice has been given
    std::uint64_t revision_ = 0;
    std::uint64_t received_ = 0;
};

// "HH:MM" of `at_ms` (ms since 1970, UTC) in a zone `utc_offset_minutes` east of UTC.
std::string clock_hhmm(std::int64_t at_ms, int utc_offset_minutes);

}  // namespace duet::chat
