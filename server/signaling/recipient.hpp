// The server's send interface: the one word for "somewhere to send text".
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace duet {

// What the registry and the signaling rules know of a connection: somewhere to send text.
// send() may be called from any thread and never blocks; the connection queues the frame.
// A connection whose queue is over its cap is dropped later, on its own executor, never
// inside send(): a handler that sends sees the registry unchanged by it.
class recipient {
public:
    virtual ~recipient() = default;
    virtual void send(std::shared_ptr<std::string const> const& text) = 0;

    // Ends the connection once what is queued has gone out (its name was reclaimed).
    virtual void disconnect() {}

    // Runs `job` on this connection's executor, after whatever runs there now: how a registry
    // that answers from its own thread brings a result back (completion::later). Without an
    // executor of its own (a test's connection) the job runs at once.
    virtual void post(std::function<void()> job) { job(); }
};

}  // namespace duet
