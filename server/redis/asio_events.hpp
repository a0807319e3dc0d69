// Drives a hiredis asynchronous context from an Asio executor, as hiredis' own adapters do for
// libevent or libuv: hiredis says when it wants to read or write (its ev.addRead, delRead,
// addWrite, delWrite hooks) and the adapter waits for the socket to be ready with a
// stream_descriptor's async_wait, then lets hiredis do the I/O (redisAsyncHandleRead/Write).
// No thread of its own and no blocking call: the socket is non-blocking and the waits are the
// io_context's.
#pragma once

#include <boost/asio/any_io_executor.hpp>

struct redisAsyncContext;

namespace duet::redis {

// Hooks `context` (just made by redisAsyncConnect, nothing attached yet) to `executor`, which
// must be the only one that touches the context from now on (a strand with several I/O
// threads). hiredis calls the adapter's cleanup when it frees the context (on a lost
// connection, or redisAsyncFree): the socket is then let go of, not closed (hiredis closes
// it), and waits still pending finish without touching the context. False if something was
// attached already.
bool attach(redisAsyncContext* context, boost::asio::any_io_executor const& executor);

}  // namespace duet::redis
