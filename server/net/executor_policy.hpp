// The one place that decides how a connection's handlers are kept in order: on the io_context
// itself when one thread runs the server, on a strand of their own when several do.
//
// With one I/O thread every handler already runs in order on it: a strand per connection
// would only turn each relay into a post and a queue hop (measured: a relay sent inline is
// the server's fast path). With more, each connection needs its strand.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "net/beast.hpp"

namespace duet {

// A plain signaling connection when one thread runs the server: its socket names the
// io_context's executor type itself rather than the type-erased any_io_executor (56 bytes,
// copied into every pending operation and timer), since no strand is needed. Idle
// connections are most connections, and each holds a few of those copies.
using single_thread_socket = net::basic_stream_socket<tcp, net::io_context::executor_type>;

class executor_policy {
  public:
    explicit executor_policy(unsigned threads) : one_thread_(threads <= 1) {}

    bool one_thread() const { return one_thread_; }

    // What a new connection's socket is accepted on.
    net::any_io_executor connection_executor(net::io_context& ioc) const {
        if (one_thread_) return ioc.get_executor();
        return net::make_strand(ioc);
    }

    // Runs `(session.*step)(args...)` on `executor`, the session's. With one thread every caller
    // is already on it, so the step runs now, with nothing copied; with several it is
    // dispatched (inline when the caller is on that strand already, else queued on it), the
    // session and the arguments kept alive until it runs.
    template <class Executor, class Session, class... Params, class... Args>
    void run(Executor const& executor, Session& session, void (Session::*step)(Params...),
             Args const&... args) const {
        if (one_thread_) return (session.*step)(args...);
        net::dispatch(executor, [self = session.shared_from_this(), step, args...] {
            ((*self).*step)(args...);
        });
    }

    // Hands an upgraded connection to `start`, which makes its signaling session. A plain
    // connection on one thread is re-registered as a single_thread_socket first (nullopt if
    // that fails: the connection is then closed). Anything else goes over as it is.
    template <class Stream, class Start>
    void start_signaling(Stream&& stream, Start&& start) const {
        if constexpr (std::is_same_v<std::decay_t<Stream>, plain_stream>) {
            if (one_thread_) {
                if (auto socket = to_single_thread_socket(std::move(stream))) {
                    std::forward<Start>(start)(std::move(*socket));
                }
                return;
            }
        }
        std::forward<Start>(start)(std::move(stream));
    }

  private:
    static std::optional<single_thread_socket> to_single_thread_socket(plain_stream&& stream);

    bool one_thread_;
};

}  // namespace duet
