#include "lean_client.hpp"

#include <cstring>

namespace loadgen {

namespace {

constexpr std::uint8_t op_continuation = 0x0;
constexpr std::uint8_t op_text = 0x1;
constexpr std::uint8_t op_binary = 0x2;
constexpr std::uint8_t op_close = 0x8;
constexpr std::uint8_t op_ping = 0x9;

constexpr std::size_t initial_input = 8 * 1024;
constexpr std::size_t max_handshake = 8 * 1024;

// The key is fixed for this generator: the server cannot tell, and nothing here is a browser
// that an attacker could make send chosen bytes (why RFC 6455 section 10.3 wants it random).
constexpr std::string_view handshake_key = "dGhlIHNhbXBsZSBub25jZQ==";

// XORs `n` bytes with the 4-byte key, 8 bytes at a time.
void mask_copy(char* to, char const* from, std::size_t n, std::uint32_t key) {
    std::uint64_t const key8 = (static_cast<std::uint64_t>(key) << 32) | key;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, from + i, 8);
        word ^= key8;
        std::memcpy(to + i, &word, 8);
    }
    unsigned char k[4];
    std::memcpy(k, &key, 4);
    for (; i < n; ++i) to[i] = static_cast<char>(from[i] ^ static_cast<char>(k[i & 3]));
}

}  // namespace

lean_client::lean_client(net::io_context& ioc, target const& where)
    : where_(where),
      socket_(ioc),
      mask_state_(0x9E3779B9u ^
                  static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(this))) {
    if (mask_state_ == 0) mask_state_ = 1;
}

void lean_client::connect(open_handler on_open) {
    on_open_ = std::move(on_open);
    socket_.async_connect(where_.endpoint,
                          beast::bind_front_handler(&lean_client::on_connect, shared_from_this()));
}

void lean_client::on_connect(error_code ec) {
    if (ec) {
        if (on_open_) on_open_(ec);
        return finish();
    }
    socket_.set_option(tcp::no_delay(true), ec);
    out_.append("GET ").append(where_.path).append(" HTTP/1.1\r\nHost: ");
    out_.append(where_.host_header);
    out_.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ");
    out_.append(handshake_key);
    out_.append("\r\nSec-WebSocket-Version: 13\r\n\r\n");
    flush();
    in_.resize(initial_input);
    do_read();
}

void lean_client::do_read() {
    if (in_begin_ == in_end_) {
        in_begin_ = in_end_ = 0;
    } else if (in_end_ == in_.size() && in_begin_ > 0) {
        std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
        in_end_ -= in_begin_;
        in_begin_ = 0;
    }
    if (in_end_ == in_.size()) in_.resize(in_.size() * 2);
    socket_.async_read_some(net::buffer(in_.data() + in_end_, in_.size() - in_end_),
                            beast::bind_front_handler(&lean_client::on_read, shared_from_this()));
}

void lean_client::on_read(error_code ec, std::size_t bytes) {
    if (ec) return finish();
    in_end_ += bytes;
    if (handshaking_) {
        std::string_view head(in_.data(), in_end_);
        auto end = head.find("\r\n\r\n");
        if (end == std::string_view::npos) {
            if (in_end_ > max_handshake) return finish();
            return do_read();
        }
        if (head.rfind("HTTP/1.1 101", 0) != 0) {
            if (on_open_) on_open_(beast::http::error::bad_status);
            return finish();
        }
        handshaking_ = false;
        open_ = true;
        in_begin_ = end + 4;
        if (auto on_open = std::move(on_open_)) on_open(error_code{});
    }
    in_batch_ = true;
    bool const keep = consume_frames();
    in_batch_ = false;
    flush();
    if (keep && !finished_) do_read();
}

bool lean_client::consume_frames() {
    for (;;) {
        auto const available = in_end_ - in_begin_;
        if (available < 2) return true;
        auto const* p = reinterpret_cast<unsigned char const*>(in_.data() + in_begin_);
        bool const fin = (p[0] & 0x80) != 0;
        std::uint8_t const opcode = p[0] & 0x0F;
        bool const masked = (p[1] & 0x80) != 0;
        std::uint64_t length = p[1] & 0x7F;
        std::size_t header = 2;
        if (length == 126) {
            if (available < 4) return true;
            length = (std::uint64_t{p[2]} << 8) | p[3];
            header = 4;
        } else if (length == 127) {
            if (available < 10) return true;
            length = 0;
            for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
            header = 10;
        }
        if (masked) header += 4;
        if (length > (std::uint64_t{1} << 30)) {
            finish();
            return false;
        }
        auto const frame = header + static_cast<std::size_t>(length);
        if (available < frame) {
            if (in_.size() - in_begin_ < frame) in_.resize(in_begin_ + frame);
            return true;
        }
        char* payload = in_.data() + in_begin_ + header;
        if (masked) {
            std::uint32_t key;
            std::memcpy(&key, payload - 4, 4);
            mask_copy(payload, payload, static_cast<std::size_t>(length), key);
        }
        std::string_view const body(payload, static_cast<std::size_t>(length));
        in_begin_ += frame;

        switch (opcode) {
            case op_text:
            case op_binary:
            case op_continuation:
                if (opcode != op_continuation && fin) {
                    if (on_message_) on_message_(body);
                } else {
                    if (opcode != op_continuation) fragments_.clear();
                    fragments_.append(body);
                    if (fin && on_message_) on_message_(fragments_);
                }
                break;
            case op_close:
                if (!close_sent_) {
                    close_sent_ = true;
                    append_frame(op_close, body.substr(0, std::min<std::size_t>(body.size(), 2)));
                }
                open_ = false;
                return true;  // the server closes the connection; the read then ends it
            case op_ping:
                append_frame(0xA, body);
                break;
            default:
                break;  // pong
        }
        if (finished_) return false;
    }
}

void lean_client::append_frame(std::uint8_t opcode, std::string_view payload) {
    auto const n = payload.size();
    std::size_t const length_bytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
    auto const at = out_.size();
    out_.resize(at + 2 + length_bytes + 4 + n);
    auto* p = reinterpret_cast<unsigned char*>(out_.data() + at);
    p[0] = static_cast<unsigned char>(0x80 | opcode);
    if (length_bytes == 0) {
        p[1] = static_cast<unsigned char>(0x80 | n);
    } else if (length_bytes == 2) {
        p[1] = 0x80 | 126;
        p[2] = static_cast<unsigned char>(n >> 8);
        p[3] = static_cast<unsigned char>(n);
    } else {
        p[1] = 0x80 | 127;
        for (int i = 0; i < 8; ++i) p[2 + i] = static_cast<unsigned char>(n >> (56 - 8 * i));
    }
    // xorshift32: a different key per frame, as a client should, for a few cycles.
    mask_state_ ^= mask_state_ << 13;
    mask_state_ ^= mask_state_ >> 17;
    mask_state_ ^= mask_state_ << 5;
    auto* key_at = p + 2 + length_bytes;
    std::memcpy(key_at, &mask_state_, 4);
    mask_copy(reinterpret_cast<char*>(key_at + 4), payload.data(), n, mask_state_);
}

void lean_client::send(std::string_view text) {
    if (!open_) return;  // closing or closed: nothing more goes out
    append_frame(op_text, text);
    if (!in_batch_) flush();
}

void lean_client::close() {
    if (!open_) return;
    open_ = false;
    close_sent_ = true;
    static constexpr char normal[] = {0x03, static_cast<char>(0xE8)};  // 1000
    append_frame(op_close, std::string_view(normal, 2));
    if (!in_batch_) flush();
}

void lean_client::flush() {
    if (writing_ || out_.empty() || finished_) return;
    out_flight_.swap(out_);
    out_.clear();
    writing_ = true;
    net::async_write(socket_, net::buffer(out_flight_),
                     beast::bind_front_handler(&lean_client::on_write, shared_from_this()));
}

void lean_client::on_write(error_code ec, std::size_t) {
    writing_ = false;
    if (ec) return finish();
    out_flight_.clear();
    flush();
}

void lean_client::finish() {
    open_ = false;
    if (finished_) return;
    finished_ = true;
    error_code ignored;
    socket_.close(ignored);
    if (on_close_) {
        auto handler = std::move(on_close_);
        handler();
    }
}

}  // namespace loadgen
