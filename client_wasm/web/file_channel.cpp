// The call's file channel (file_channel.hpp).
#include "file_channel.hpp"

#include <algorithm>
#include <string_view>

#include "js.hpp"
#include "scheduler.hpp"

namespace duet::web {

namespace {
val files() { return val::module_property("duetFiles"); }

// Progress events at most this often each way: each costs the app a tick and a frame, and
// a frame is the main thread's dearest work (docs/file_transfer.md).
constexpr double progress_every_ms = 250;

// The door sends a few hundred KiB at once (js/file_transfer.js); a larger batch is no batch
// of ours and is not copied.
constexpr std::size_t max_batch_bytes = 4 << 20;

// A digest from the file worker as 64 lower-case hex digits, else empty (which matches no
// file's digest, so the transfer fails rather than passing unchecked).
std::string hex_digest_or_empty(val const& v) {
    if (!v.isString()) return {};
    auto s = v.as<std::string>();
    if (s.size() != 64) return {};
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return {};
    }
    return s;
}
}  // namespace

enum class file_channel::js_event : int {
    open,
    text,
    closed,
    chunk_in,
    chunk_out,
    read_done,
    read_failed
};

file_channel::file_channel(call::pc_id pc, js_ref const& connection, event_sink& sink)
    : pc_(pc), sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const& payload) {
        switch (kind) {
            case js_event::open:
                sink_.push(channel_open{pc_, channel::file});
                return;
            case js_event::text:
                if (payload.isString() && inbound_.take(scheduler::now())) {
                    sink_.push(channel_message{pc_, channel::file, payload.as<std::string>()});
                }
                return;
            case js_event::closed:
                sink_.push(channel_closed{pc_, channel::file});
                return;
            case js_event::chunk_in:
            case js_event::chunk_out: {
                // A batch {parts, bytes}: one crossing and one copy for many chunks; or
                // {bytes, hashed: true}, only counted: the file worker hashed them.
                if (!is_set(payload) || !payload["bytes"].isNumber()) return;
                auto n = payload["bytes"].as<std::size_t>();
                if (n > max_batch_bytes) return;
                if (payload["hashed"].isTrue()) {
                    on_chunk(kind == js_event::chunk_out, n, false);
                    return;
                }
                chunk_.resize(n);
                val view(emscripten::typed_memory_view(n, chunk_.data()));
                if (files().call<double>("copyInto", view, payload) != double(n)) return;
                on_chunk(kind == js_event::chunk_out, n, true);
                return;
            }
            case js_event::read_done: {
                if (!sending_) return;
                sending_ = false;
                // The bytes read, or {bytes, sha} from the file worker, which hashed them.
                auto sha = crypto::to_hex(out_hash_.finish());
                double bytes = -1;
                if (payload.isNumber()) {
                    bytes = payload.as<double>();
                } else if (is_set(payload) && payload["bytes"].isNumber()) {
                    bytes = payload["bytes"].as<double>();
                    sha = hex_digest_or_empty(payload["sha"]);
                }
                sink_.push(
                    file_read{pc_, out_id_, bytes == double(out_bytes_) ? out_bytes_ : 0, sha});
                return;
            }
            case js_event::read_failed:
                if (!sending_) return;
                sending_ = false;
                out_hash_.finish();
                log("warn", "a file could not be sent: " + string_or(payload));
                sink_.push(file_read_failed{pc_, out_id_});
                return;
        }
    });
    val p = get(connection);
    if (!is_set(p)) return;
    val h = val::object();
    h.set("open", owner_->handler_for(js_event::open));
    h.set("text", owner_->handler_for(js_event::text));
    h.set("closed", owner_->handler_for(js_event::closed));
    h.set("chunkIn", owner_->handler_for(js_event::chunk_in));
    h.set("chunkOut", owner_->handler_for(js_event::chunk_out));
    h.set("readDone", owner_->handler_for(js_event::read_done));
    h.set("readFailed", owner_->handler_for(js_event::read_failed));
    val ch = files().call<val>("open", p, stream_id(channel::file), h);
    if (!is_set(ch)) {
        log("warn", "the file channel could not be created");
        return;
    }
    channel_ = hold(ch);
}

file_channel::~file_channel() {
    owner_.reset();
    if (val ch = get(channel_); is_set(ch)) files().call<void>("close", ch);
}

bool file_channel::send(std::string const& text) {
    val ch = get(channel_);
    return is_set(ch) && files().call<bool>("send", ch, text);
}

void file_channel::start_send(std::uint64_t id, int key) {
    val ch = get(channel_);
    out_hash_.finish();  // a stopped file's bytes are not this one's
    out_id_ = id;
    out_bytes_ = 0;
    out_reported_ = scheduler::now();
    sending_ = true;
    if (!is_set(ch)) {
        sending_ = false;
        sink_.push(file_read_failed{pc_, id});
        return;
    }
    files().call<void>("startSend", ch, key);
}

void file_channel::stop_send() {
    sending_ = false;
    if (val ch = get(channel_); is_set(ch)) files().call<void>("stopSend", ch);
}

void file_channel::start_receive(std::uint64_t id, std::uint64_t size) {
    in_hash_.finish();
    in_id_ = id;
    in_size_ = size;
    in_bytes_ = 0;
    in_reported_ = scheduler::now();
    receiving_ = true;
    if (val ch = get(channel_); is_set(ch)) {
        files().call<void>("startReceive", ch, double(size));
    }
}

file_channel::received file_channel::finish_receive() {
    received r{in_bytes_, crypto::to_hex(in_hash_.finish())};
    // With the channel in the worker, the worker's digest (none: the check fails).
    if (val ch = get(channel_); is_set(ch)) {
        val sha = files().call<val>("receivedSha", ch);
        if (!sha.isNull() && !sha.isUndefined()) r.sha256 = hex_digest_or_empty(sha);
    }
    receiving_ = false;
    return r;
}

std::string file_channel::save(std::string const& mime) {
    val ch = get(channel_);
    return is_set(ch) ? string_or(files().call<val>("save", ch, mime)) : std::string();
}

void file_channel::drop_receive() {
    receiving_ = false;
    in_hash_.finish();
    if (val ch = get(channel_); is_set(ch)) files().call<void>("dropReceive", ch);
}

void file_channel::on_chunk(bool out, std::size_t n, bool hash) {
    std::string_view bytes(reinterpret_cast<char const*>(chunk_.data()), hash ? n : 0);
    if (out) {
        if (!sending_) return;
        if (hash) out_hash_.update(bytes);
        out_bytes_ += n;
    } else {
        if (!receiving_) return;
        bool over = in_bytes_ + n > in_size_;
        // More than offered is counted, never hashed.
        if (hash && in_bytes_ < in_size_) {
            auto kept = std::min<std::uint64_t>(n, in_size_ - in_bytes_);
            in_hash_.update(bytes.substr(0, std::size_t(kept)));
        }
        in_bytes_ += n;
        if (over) return report(false, true);
    }
    report(out, false);
}

void file_channel::report(bool out, bool at_once) {
    double now = scheduler::now();
    double& last = out ? out_reported_ : in_reported_;
    if (!at_once && now - last < progress_every_ms) return;
    last = now;
    sink_.push(out ? file_progress{pc_, true, out_id_, out_bytes_}
                   : file_progress{pc_, false, in_id_, in_bytes_});
}

void revoke_url(std::string const& url) { files().call<void>("revoke", url); }

void download_url(std::string const& url, std::string const& name) {
    files().call<void>("download", url, name);
}

}  // namespace duet::web
