#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "net/beast.hpp"

namespace duet {

// The layer under a signaling session's WebSocket stream. It holds what the session writes
// and sends what one burst of handlers wrote with one system call: on loopback a send costs
// the kernel far more than building a frame, and when a client sends several messages in one
// packet (trickled ICE candidates come that way) their relays to its partner now leave
// together instead of one send each.
//
// A batch goes out once it has stopped growing for a turn of the event loop, or is big
// enough: a lone message waits one handler hop. What the kernel has not taken yet is the
// connection's outgoing queue (unsent_bytes); the session bounds it.
//
// Data messages are appended as whole frames by write_text_frame, around Beast's write
// operation; Beast's own writes (the handshake response, ping, pong, close) come through
// async_write_some, complete once copied, and leave in the order written. Teardown after a
// close handshake first sends what is waiting.
template <class NextLayer>
class batching_stream {
  public:
    using next_layer_type = NextLayer;
    using executor_type = typename NextLayer::executor_type;

    // A batch this big goes at once; a Beast write finding this much waiting behind a write
    // in flight completes only when that write is done.
    static constexpr std::size_t batch_limit = 16 * 1024;
    // Turns of the event loop a growing batch may wait before it goes anyway.
    static constexpr int max_yields = 16;

    explicit batching_stream(NextLayer&& next) : next_(std::move(next)) {}
    batching_stream(batching_stream const&) = delete;
    batching_stream& operator=(batching_stream const&) = delete;

    // The object that owns this stream (its session). The handlers this layer leaves pending
    // hold it, so the stream outlives them; without an owner nothing would be sent.
    void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

    next_layer_type& next_layer() noexcept { return next_; }
    next_layer_type const& next_layer() const noexcept { return next_; }
    executor_type get_executor() noexcept { return next_.get_executor(); }

    template <class MutableBufferSequence, class ReadHandler>
    auto async_read_some(MutableBufferSequence const& buffers, ReadHandler&& handler) {
        return next_.async_read_some(buffers, std::forward<ReadHandler>(handler));
    }

    template <class ConstBufferSequence, class WriteHandler>
    auto async_write_some(ConstBufferSequence const& buffers, WriteHandler&& handler) {
        return net::async_initiate<WriteHandler, void(error_code, std::size_t)>(
            [this](auto&& h, ConstBufferSequence const& b) {
                this->take(b, std::forward<decltype(h)>(h));
            },
            handler, buffers);
    }

    // Appends one whole text frame: FIN, opcode 1, unmasked as a server's frames are (RFC 6455
    // section 5.2). Data messages go this way rather than through Beast's async_write: no
    // operation to run and complete per message. Safe because every data message of the
    // connection is written here whole, so Beast writes only control frames, each appended
    // whole too, and control frames may come between messages (section 5.4).
    void write_text_frame(std::string_view payload) {
        if (failed_) return;
        auto& b = open_batch();
        auto const n = payload.size();
        unsigned char header[10];
        std::size_t header_size = 2;
        header[0] = 0x81;
        if (n < 126) {
            header[1] = static_cast<unsigned char>(n);
        } else if (n <= 0xFFFF) {
            header[1] = 126;
            header[2] = static_cast<unsigned char>(n >> 8);
            header[3] = static_cast<unsigned char>(n);
            header_size = 4;
        } else {
            header[1] = 127;
            for (int i = 0; i < 8; ++i) {
                header[2 + i] =
                    static_cast<unsigned char>(static_cast<std::uint64_t>(n) >> (56 - 8 * i));
            }
            header_size = 10;
        }
        b.pending.append(reinterpret_cast<char const*>(header), header_size);
        b.pending.append(payload);
        if (b.writing) return;  // goes out when the write in flight is done
        if (b.pending.size() >= batch_limit) return start_flight();
        schedule_flush();
    }

    // Bytes written here that the kernel has not taken yet.
    std::size_t unsent_bytes() const {
        return batch_ ? batch_->pending.size() + batch_->flight.size() : 0;
    }

    // Called by Beast, through argument-dependent lookup, to end the connection after the
    // close handshake: the close frame may still be waiting here.
    template <class TeardownHandler>
    friend void async_teardown(beast::role_type role, batching_stream& stream,
                               TeardownHandler&& handler) {
        stream.when_drained(
            [&stream, role, h = std::forward<TeardownHandler>(handler)](error_code ec) mutable {
                if (ec) {
                    return net::post(stream.get_executor(),
                                     beast::bind_front_handler(std::move(h), ec));
                }
                using beast::websocket::async_teardown;
                async_teardown(role, stream.next_, std::move(h));
            });
    }

  private:
    // A continuation waiting for the batch in flight, type-erased (handlers are move-only).
    struct waiter {
        virtual ~waiter() = default;
        virtual void run(error_code ec) = 0;
    };
    template <class F>
    struct waiter_for final : waiter {
        explicit waiter_for(F&& f) : f_(std::move(f)) {}
        void run(error_code ec) override { f_(ec); }
        F f_;
    };
    template <class F>
    static std::unique_ptr<waiter> make_waiter(F&& f) {
        return std::make_unique<waiter_for<std::decay_t<F>>>(std::forward<F>(f));
    }

    // Everything about a burst in progress; freed when the connection goes quiet, since
    // idle connections are most connections.
    struct batch {
        std::string pending;              // written, not yet handed to the kernel
        std::string flight;               // being written
        std::unique_ptr<waiter> parked;   // a write that found the batch full
        std::unique_ptr<waiter> drained;  // a teardown waiting for the last bytes
        std::size_t seen = 0;             // pending's size at the last flush tick
        int yields = 0;
        bool flush_posted = false;
        bool writing = false;
    };

    template <class ConstBufferSequence, class Handler>
    void take(ConstBufferSequence const& buffers, Handler&& handler) {
        auto complete = [this](auto&& h, error_code ec, std::size_t n) {
            net::post(get_executor(),
                      beast::bind_front_handler(std::forward<decltype(h)>(h), ec, n));
        };
        if (failed_) return complete(std::forward<Handler>(handler), failed_, 0);
        auto& b = open_batch();
        auto const n = net::buffer_size(buffers);
        auto const at = b.pending.size();
        b.pending.resize(at + n);
        net::buffer_copy(net::buffer(b.pending.data() + at, n), buffers);
        if (!b.writing && b.pending.size() >= batch_limit) start_flight();
        if (b.writing && b.pending.size() > batch_limit) {
            b.parked =
                make_waiter([this, n, h = std::forward<Handler>(handler)](error_code ec) mutable {
                    net::post(get_executor(),
                              beast::bind_front_handler(std::move(h), ec, ec ? std::size_t{0} : n));
                });
            return;
        }
        complete(std::forward<Handler>(handler), error_code{}, n);
        if (!b.writing) schedule_flush();
    }

    batch& open_batch() {
        if (!batch_) {
            batch_ = std::make_unique<batch>();
            batch_->pending.reserve(512);
        }
        return *batch_;
    }

    void schedule_flush() {
        if (batch_->flush_posted) return;
        batch_->flush_posted = true;
        net::post(get_executor(), [this, keep = owner_.lock()] {
            if (keep) on_flush_tick();
        });
    }

    void on_flush_tick() {
        auto& b = *batch_;
        b.flush_posted = false;
        if (b.writing) return;
        if (b.pending.empty()) return release_if_idle();
        if (b.pending.size() != b.seen && b.yields < max_yields && !b.drained) {
            b.seen = b.pending.size();
            ++b.yields;
            return schedule_flush();
        }
        start_flight();
    }

    void start_flight() {
        auto& b = *batch_;
        b.seen = 0;
        b.yields = 0;
        b.flight.swap(b.pending);
        b.pending.clear();
        b.writing = true;
        net::async_write(next_, net::buffer(b.flight),
                         [this, keep = owner_.lock()](error_code ec, std::size_t) {
                             if (keep) on_flight(ec);
                         });
    }

    void on_flight(error_code ec) {
        auto& b = *batch_;
        b.writing = false;
        b.flight.clear();
        if (ec) {
            failed_ = ec;
            b.pending.clear();
        } else if (!b.pending.empty()) {
            start_flight();
        }
        if (b.parked && (ec || b.pending.size() <= batch_limit)) {
            std::exchange(b.parked, {})->run(ec);
        }
        if (b.drained && (ec || (!b.writing && b.pending.empty()))) {
            std::exchange(b.drained, {})->run(ec);
        }
        release_if_idle();
    }

    void release_if_idle() {
        auto const& b = *batch_;
        if (!b.writing && b.pending.empty() && !b.flush_posted && !b.parked && !b.drained) {
            batch_.reset();
        }
    }

    template <class F>
    void when_drained(F&& f) {
        if (failed_) return f(failed_);
        if (!batch_ || (!batch_->writing && batch_->pending.empty())) return f(error_code{});
        batch_->drained = make_waiter(std::forward<F>(f));
        if (!batch_->writing) start_flight();
    }

    NextLayer next_;
    std::weak_ptr<void> owner_;
    std::unique_ptr<batch> batch_;  // null while nothing waits to be sent
    error_code failed_;             // the first write error; later writes fail with it
};

}  // namespace duet
