// The files of one call, both ways, as pure rules: ours queue and are offered one at a time;
// the partner's are offered one at a time and wait for Accept or Decline before any byte
// moves; Cancel on either side, and the channel's end (hanging up), stop what is in flight on
// both. Everything the partner's page sends is checked (limits.hpp): a bad offer or an id we
// never saw is ignored with a notice, never trusted. The app carries out the effects (the
// browser door reads, sends, hashes and keeps the bytes); ui/transfer_panel reads the list.
// docs/file_transfer.md has the wire format and the reasons.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "transfer/figures.hpp"

namespace duet::transfer {

enum class direction { out, in };
char const* to_string(direction d);

enum class state {
    waiting,  // offered, no answer yet
    queued,   // ours, behind another of ours
    active,   // bytes moving
    done,     // every byte moved (and, received, its SHA-256 matched the sender's)
    declined,
    cancelled,  // by either side, or by the call's end
    failed,     // the file could not be read, too many bytes came, or the SHA-256 differed
};
char const* to_string(state s);
bool finished(state s);

// What the transfer list shows besides the files, worded by the UI.
enum class notice {
    none,
    not_available,  // a file chosen while the partner's page cannot take files
    too_many,       // more than max_outgoing of ours at once
    bad_offer,      // the partner offered a file with a bad name or size: ignored
    unknown_id,     // the partner named a transfer that is not there: ignored
    busy,           // the partner offered a second file while one was pending: ignored
    mismatch,       // a received file's SHA-256 differed from the sender's: not saved
    too_much_data,  // the partner sent more bytes than offered: stopped
    read_failed,    // one of our files could not be read
};
char const* to_string(notice n);

struct item {
    std::uint64_t id = 0;  // the sender's number; the same on both pages
    direction dir = direction::out;
    std::string name;
    std::uint64_t size = 0;
    std::string mime;
    std::uint64_t sent = 0;  // bytes moved so far
    state now = state::waiting;
    std::string sha256;  // hex of what was read or arrived, once done
    std::string url;     // the received Blob's object URL, once done and verified
    int file = 0;        // ours: the browser door's key of the chosen file
    rate_meter rate;
};

// What the app must do, in order.
namespace effect {
struct send {
    std::string frame;  // a control frame for the file channel
};
struct start_reading {  // send the bytes of our file `file` as transfer `id`
    std::uint64_t id;
    int file;
};
struct forget_file {  // stop reading it if it is being read, and let the browser drop it
    int file;
};
struct start_receiving {  // take the partner's bytes of `id`, hashing them as they come
    std::uint64_t id;
    std::uint64_t size;
};
struct stop_receiving {};  // drop what arrived of the incoming file
struct check_received {    // done came: hash what arrived and answer on_received()
    std::uint64_t id;
};
struct save {  // the verified bytes become a Blob; answer set_url()
    std::uint64_t id;
    std::string name;
    std::string mime;
};
struct revoke {  // a download link no longer shown
    std::string url;
};
}  // namespace effect
using effect_t =
    std::variant<effect::send, effect::start_reading, effect::forget_file, effect::start_receiving,
                 effect::stop_receiving, effect::check_received, effect::save, effect::revoke>;
using effects = std::vector<effect_t>;

class exchange {
  public:
    // A new call: the last call's list and links go.
    effects start();
    // The file channel opened: our hello, to send on it.
    std::string on_channel_open();
    // The channel closed (hang-up, or the connection replaced): everything in flight is
    // cancelled on this side; the partner's page does the same when its channel closes.
    effects on_channel_closed();
    // The call is over: the download links go too (the list stays, to be read).
    effects on_call_over();

    // The person chose a file (the picker or a drop); `file` is the door's key for it.
    effects add(std::string_view name, std::uint64_t size, std::string_view mime, int file);
    effects accept(std::uint64_t id);
    effects decline(std::uint64_t id);
    effects cancel(direction dir, std::uint64_t id);

    // A control frame from the partner.
    effects on_frame(std::string_view text);
    // Bytes moved so far of the active transfer `id` in `dir`, at `now_ms` (steady clock).
    effects on_progress(direction dir, std::uint64_t id, std::uint64_t bytes, double now_ms);
    // Every byte of our file `id` was read and handed to the channel; `sha256`: their hash.
    effects on_read_all(std::uint64_t id, std::uint64_t bytes, std::string_view sha256);
    effects on_read_failed(std::uint64_t id);
    // The answer to check_received: what arrived and its hash.
    effects on_received(std::uint64_t id, std::uint64_t bytes, std::string_view sha256);
    // The answer to save.
    void set_url(std::uint64_t id, std::string url);

    void dismiss_notice();

    bool available() const { return partner_ready_ && channel_open_; }
    notice current_notice() const { return notice_; }
    std::string const& notice_name() const { return notice_name_; }  // the file it is about
    // Oldest first.
    std::deque<item> const& items() const { return items_; }
    // Changes whenever anything shown changes but the progress of what moves: the model
    // compares this, not the list. A change here may move the layout (a frame or two).
    std::uint64_t revision() const { return revision_; }
    // Changes with each step of progress (bytes, rate, time left): the bar and its figures
    // move, nothing else, so one frame shows it (app/redraw_rule).
    std::uint64_t progress_revision() const { return progress_revision_; }
    bool moving() const;  // a transfer is active: the screen redraws its progress

  private:
    item* find(direction dir, std::uint64_t id);
    item* find_state(direction dir, state s);
    void finish(item& it, state s, effects& out);
    void offer_next(effects& out);
    void stop_all(effects& out);
    void trim(effects& out);
    void set_notice(notice n, std::string_view name = {});

    std::deque<item> items_;
    std::uint64_t next_id_ = 1;
    notice notice_ = notice::none;
    std::string notice_name_;
    std::string expected_sha256_;  // the incoming file's, from the partner's done
    bool channel_open_ = false;
    bool partner_ready_ = false;
    std::uint64_t revision_ = 0;
    std::uint64_t progress_revision_ = 0;
};

}  // namespace duet::transfer
