// hiredis' event hooks on Asio: see asio_events.hpp.
#include "redis/asio_events.hpp"

#include <hiredis/async.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

namespace duet::redis {

namespace {

namespace net = boost::asio;

// One per context. Pending waits hold it, so it outlives the context when hiredis frees the
// context in the middle of a wait; `context` is null from then on.
struct watcher : std::enable_shared_from_this<watcher> {
    watcher(redisAsyncContext* c, net::any_io_executor const& executor)
        : context(c), socket(executor, c->c.fd) {}

    redisAsyncContext* context;
    net::posix::stream_descriptor socket;
    bool want_read = false;
    bool want_write = false;
    bool reading = false;  // a read wait is pending
    bool writing = false;

    // One wait at a time per direction; hiredis' add/del hooks only change what is wanted,
    // and a wait that ends when nothing is wanted any more is not renewed.
    struct direction {
        bool watcher::*wanted;
        bool watcher::*pending;
        net::posix::stream_descriptor::wait_type wait;
        void (*handle)(redisAsyncContext*);  // hiredis' read or write
    };
    static constexpr direction reads{&watcher::want_read, &watcher::reading,
                                     net::posix::stream_descriptor::wait_read,
                                     &redisAsyncHandleRead};
    static constexpr direction writes{&watcher::want_write, &watcher::writing,
                                      net::posix::stream_descriptor::wait_write,
                                      &redisAsyncHandleWrite};

    void arm(direction const& d) {
        if (this->*d.pending || !(this->*d.wanted) || !context) return;
        this->*d.pending = true;
        socket.async_wait(d.wait, [self = shared_from_this(), &d](boost::system::error_code ec) {
            (*self).*d.pending = false;
            if (ec || !self->context) return;
            if ((*self).*d.wanted) d.handle(self->context);
            self->arm(d);  // the context may be gone now: checked
        });
    }
};

// hiredis' privdata: the owning handle, deleted by cleanup.
std::shared_ptr<watcher>& of(void* privdata) {
    return *static_cast<std::shared_ptr<watcher>*>(privdata);
}

void add_read(void* privdata) {
    auto& w = of(privdata);
    w->want_read = true;
    w->arm(watcher::reads);
}

void del_read(void* privdata) { of(privdata)->want_read = false; }

void add_write(void* privdata) {
    auto& w = of(privdata);
    w->want_write = true;
    w->arm(watcher::writes);
}

void del_write(void* privdata) { of(privdata)->want_write = false; }

void cleanup(void* privdata) {
    auto* handle = static_cast<std::shared_ptr<watcher>*>(privdata);
    auto& w = *handle;
    w->context = nullptr;
    w->want_read = w->want_write = false;
    boost::system::error_code ignored;
    w->socket.cancel(ignored);
    w->socket.release();  // hiredis closes the descriptor itself
    delete handle;
}

}  // namespace

bool attach(redisAsyncContext* context, net::any_io_executor const& executor) {
    if (context->ev.data != nullptr) return false;
    auto* handle = new std::shared_ptr<watcher>(std::make_shared<watcher>(context, executor));
    context->ev.data = handle;
    context->ev.addRead = add_read;
    context->ev.delRead = del_read;
    context->ev.addWrite = add_write;
    context->ev.delWrite = del_write;
    context->ev.cleanup = cleanup;
    // As hiredis' libevent adapter does: read from the start, and wait for the socket to be
    // writable, which is how a non-blocking connect is seen to finish (or fail).
    add_read(handle);
    add_write(handle);
    return true;
}

}  // namespace duet::redis
