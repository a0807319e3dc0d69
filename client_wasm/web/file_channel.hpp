// The call's file channel ("duet-file", negotiated, SCTP stream 2, ordered), owned by one C++
// object with each peer connection: control frames as texts (channel_message events, like
// chat's), the file's bytes as 16 KiB binary messages (docs/file_transfer.md).
//
// The bytes are pumped by js/file_transfer.js, with back pressure, and kept there (a Blob for
// what arrives); only a batch of chunks at a time (a few hundred KiB, one crossing) is copied
// into the wasm heap, to be hashed here as it passes (SHA-256 of GNU Nettle, common/crypto),
// so the hash of a 1 GB file is known when its last chunk has passed without the file ever
// being whole in memory. Where the channel lives in the file worker, the worker hashes with
// the same Nettle code (web/file_hash.c) and reports the digests; here the bytes are only
// counted, and the digests compared as before (a missing one matches nothing). Progress goes to the app as file_progress events, at most four a
// second each way.
//
// Destroying the object detaches its handlers and closes the channel (a late event reaches
// nothing), stops a file being sent and drops one being received.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "call/call_machine.hpp"
#include "chat/token_bucket.hpp"
#include "crypto/sha256.hpp"
#include "event_sink.hpp"
#include "js_ref.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class file_channel {
  public:
    file_channel(call::pc_id pc, js_ref const& connection, event_sink& sink);
    ~file_channel();
    file_channel(file_channel const&) = delete;
    file_channel& operator=(file_channel const&) = delete;

    // A control frame; false while the channel is not open.
    bool send(std::string const& text);

    // Sends file `key` (file_picker) as transfer `id`: file_read when every byte is handed
    // to the channel, file_read_failed if it cannot be.
    void start_send(std::uint64_t id, int key);
    void stop_send();

    // Takes the partner's bytes of `id` (at most `size`; more is counted, never kept).
    void start_receive(std::uint64_t id, std::uint64_t size);
    struct received {
        std::uint64_t bytes = 0;
        std::string sha256;  // hex of the bytes kept
    };
    // What arrived so far, hashed; the bytes stay for save() or drop_receive().
    received finish_receive();
    // The bytes as a Blob of `mime`, its object URL (empty if the browser refused).
    std::string save(std::string const& mime);
    void drop_receive();

  private:
    enum class js_event : int;
    // chunk_ holds the batch's n bytes if `hash`; else they were hashed in the file worker.
    void on_chunk(bool out, std::size_t n, bool hash);
    void report(bool out, bool now);

    call::pc_id pc_;
    event_sink& sink_;
    std::unique_ptr<event_owner<js_event>> owner_;
    js_ref channel_;
    crypto::sha256 out_hash_;
    crypto::sha256 in_hash_;
    std::uint64_t out_id_ = 0;
    std::uint64_t out_bytes_ = 0;
    double out_reported_ = 0;
    std::uint64_t in_id_ = 0;
    std::uint64_t in_size_ = 0;
    std::uint64_t in_bytes_ = 0;
    double in_reported_ = 0;
    bool sending_ = false;
    bool receiving_ = false;
    std::vector<std::uint8_t> chunk_;  // one batch of chunks copied from JS, to hash
    // Control frames are a handful per file; a flood of texts is cut before the event queue.
    chat::token_bucket inbound_{40, 10};
};

// The object URL of a received file is let go, or downloaded under `name`.
void revoke_url(std::string const& url);
void download_url(std::string const& url, std::string const& name);

}  // namespace duet::web
