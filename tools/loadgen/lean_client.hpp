#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "ws_client.hpp"

namespace loadgen {

// A WebSocket client that costs the load generator as little as possible per message, for
// the relay and calls scenarios: the generator shares the machine with the server it
// measures, so every cycle it spends is one the server could have had. Frames are built and
// parsed in place (RFC 6455 section 5), with no allocation per message once warm, and every
// frame sent while handling what one read brought in leaves in a single write.
//
// Not a general client: no extensions, no Sec-WebSocket-Accept check, text frames only.
class lean_client : public std::enable_shared_from_this<lean_client> {
  public:
    using open_handler = std::function<void(error_code)>;
    using message_handler = std::function<void(std::string_view)>;
    using close_handler = std::function<void()>;

    lean_client(net::io_context& ioc, target const& where);

    void connect(open_handler on_open);
    // Queues one text frame. Frames queued while a read is being handled go out together
    // when it is done; others go out at once (or after the write in flight).
    void send(std::string_view text);
    void close();

    void on_message(message_handler h) { on_message_ = std::move(h); }
    void on_close(close_handler h) { on_close_ = std::move(h); }
    bool is_open() const { return open_; }

  private:
    void on_connect(error_code ec);
    void on_handshake_read(error_code ec, std::size_t bytes);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    // Handles every complete frame in the input; false when the connection is done.
    bool consume_frames();
    void append_frame(std::uint8_t opcode, std::string_view payload);
    void flush();
    void on_write(error_code ec, std::size_t bytes);
    void finish();

    target const& where_;
    tcp::socket socket_;
    open_handler on_open_;
    message_handler on_message_;
    close_handler on_close_;

    std::string in_;  // received bytes; [in_begin_, in_end_) not yet handled
    std::size_t in_begin_ = 0;
    std::size_t in_end_ = 0;
    std::string fragments_;     // a fragmented message being put together
    std::string out_;           // frames waiting for the next write
    std::string out_flight_;    // frames being written
    std::uint32_t mask_state_;  // xorshift state for the masking keys
    bool handshaking_ = true;
    bool in_batch_ = false;
    bool writing_ = false;
    bool open_ = false;
    bool close_sent_ = false;
    bool finished_ = false;
};

}  // namespace loadgen
