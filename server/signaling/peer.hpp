#pragma once

#include <memory>
#include <string>

namespace duet {

// What the registry and the signaling rules know of a connection: somewhere to send text.
// send() may be called from any thread and never blocks; the connection queues the frame.
class peer {
public:
    virtual ~peer() = default;
    virtual void send(std::shared_ptr<std::string const> const& text) = 0;

    // Ends the connection once what is queued has gone out (its name was reclaimed).
    virtual void disconnect() {}
};

}  // namespace duet
