// A user signed in on another node, as the signaling rules see every user: somewhere to send
// text. What is sent goes to that node's channel, `duet:node:{id}` (wire.hpp), published
// through this node's one command connection, so Redis delivers it in the order it was sent:
// order per sender and receiver holds across nodes.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "cluster/wire.hpp"
#include "redis/connection.hpp"
#include "signaling/recipient.hpp"

namespace duet::cluster {

class remote_recipient final : public recipient {
  public:
    remote_recipient(std::weak_ptr<redis::connection> via, std::string channel, std::string conn)
        : via_(std::move(via)), channel_(std::move(channel)), conn_(std::move(conn)) {}

    void send(std::shared_ptr<std::string const> const& text) override { publish(false, *text); }
    void disconnect() override { publish(true, {}); }

  private:
    void publish(bool close, std::string_view text) {
        auto via = via_.lock();
        if (!via) return;
        // At most once, like pub/sub itself: a node gone meanwhile never hears it.
        via->command({"PUBLISH", channel_, wire::node_message_text(close, conn_, text)},
                     [](redis::command_result) {});
    }

    std::weak_ptr<redis::connection> via_;
    std::string channel_;
    std::string conn_;
};

}  // namespace duet::cluster
