// A signaling client as the handler tests drive it: a fake connection and the handler a
// session would give it, with no sockets.
#pragma once

#include <catch2/catch.hpp>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/protocol.hpp"
#include "signaling/presence.hpp"
#include "signaling/signaling_handler.hpp"
#include "signaling/user_registry.hpp"

namespace duet::testing {

using json = protocol::json;

// A connection as the signaling rules see it: collects what the server sends it.
class fake_recipient final : public recipient {
  public:
    void send(std::shared_ptr<std::string const> const& text) override { sent.push_back(*text); }
    void disconnect() override { ++disconnects; }
    std::deque<std::string> sent;
    int disconnects = 0;
};

inline json const sdp_offer = {{"type", "offer"}, {"sdp", "v=0\r\n"}};
inline json const sdp_answer = {{"type", "answer"}, {"sdp", "v=0\r\n"}};
inline json const ice = {{"candidate", "candidate:1 1 udp 1 192.0.2.1 5000 typ host"},
                         {"sdpMid", "0"},
                         {"sdpMLineIndex", 0}};

// One client connection: a fake recipient and the handler a session would give it.
class client {
  public:
    client(user_registry& registry, presence& sender, signaling_config const& config,
           signaling_handler::clock::time_point now = signaling_handler::clock::now())
        : recipient_(std::make_shared<fake_recipient>()),
          handler_(registry, sender, config, now) {}

    void say(json const& message) { say_raw(message.dump()); }
    void say_raw(std::string_view text) { REQUIRE(handler_.on_message(text, recipient_)); }
    // False when the handler wants the connection closed.
    bool say_at(json const& message, signaling_handler::clock::time_point now) {
        return handler_.on_message(message.dump(), recipient_, now);
    }
    void disconnect() { handler_.on_disconnect(recipient_.get()); }

    // The next message the server sent this client, which must exist and be JSON.
    json next() {
        REQUIRE_FALSE(recipient_->sent.empty());
        auto text = std::move(recipient_->sent.front());
        recipient_->sent.pop_front();
        auto doc = json::parse(text, nullptr, false);
        INFO("frame: " << text);
        REQUIRE(doc.is_object());
        return doc;
    }
    bool quiet() const { return recipient_->sent.empty(); }

    // Logs in and returns the reply, which must be a success. `extra` adds fields to the
    // login (features, peer, token).
    json login(std::string const& name, json const& extra = json::object()) {
        json message = {{"type", "login"}, {"name", name}};
        message.update(extra);
        say(message);
        auto reply = next();
        INFO("reply: " << reply.dump());
        REQUIRE(reply["type"] == "login");
        REQUIRE(reply["success"] == true);
        REQUIRE(handler_.name() == name);
        return reply;
    }

    std::shared_ptr<fake_recipient> const& recipient() const { return recipient_; }
    signaling_handler& handler() { return handler_; }

  private:
    std::shared_ptr<fake_recipient> recipient_;
    signaling_handler handler_;
};

inline void require_error(json const& msg, std::string const& code) {
    INFO("message: " << msg.dump());
    REQUIRE(msg["type"] == "error");
    CHECK(msg["code"] == code);
    REQUIRE(msg["message"].is_string());
    CHECK_FALSE(msg["message"].get<std::string>().empty());
}

inline std::string message_of(json const& msg) { return msg.at("message").get<std::string>(); }

}  // namespace duet::testing
