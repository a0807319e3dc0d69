// The signaling rules against the registry, driven by a script of messages from up to four
// connections at once, so logins, relays, leaves, floods and disconnects interleave.
//
// Script: records, each one op byte followed by text up to '\n' (or the end).
//   op & 0x03         the connection slot (A B C D are slots 1 2 3 0)
//   (op >> 2) & 0x07  how far the clock moves first (see `clock_steps`; A-D: 50 ms)
//   (op >> 5) & 0x03  3 (lowercase letters): the connection goes away, its text is ignored;
//                     otherwise the text is a message from it
// A slot whose connection went away gets a fresh one when next used. So
//   A{"type":"login","name":"alice"}
//   B{"type":"login","name":"bob"}
//   A{"type":"offer","name":"bob","offer":{"type":"offer","sdp":"v=0\r\n"}}
//   b
// is alice calling bob, and bob's network vanishing.
//
// After every step: every frame anyone got is one the client decodes; relays carry the
// sender's own name and reach only signed-in connections; errors go to whoever caused them;
// a closed connection gets nothing; the registry holds exactly the live signed-in handlers,
// and a partner it names is online.
//
// To watch a script run: DUET_FUZZ_TRACE=1 build/fuzz/tests/fuzz/fuzz_signaling FILE
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "signaling/recipient.hpp"
#include "protocol/protocol.hpp"
#include "signaling/signaling_handler.hpp"
#include "signaling/user_registry.hpp"

namespace {

namespace proto = duet::protocol;
using clock_type = duet::signaling_handler::clock;
using namespace std::chrono_literals;

[[noreturn]] void fail(char const* what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz_signaling: %s\n", what);
    if (!detail.empty()) {
        std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
    }
    std::abort();
}

void require(bool ok, char const* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

bool const tracing = std::getenv("DUET_FUZZ_TRACE") != nullptr;

void trace(char const* what, std::size_t slot, std::string_view text) {
    if (!tracing) return;
    std::fprintf(stderr, "%s %zu: %.*s\n", what, slot, static_cast<int>(text.size()), text.data());
}

// At 20 messages a second with a burst of 10, 50 ms apart never runs dry and 0 apart floods
// (and is closed) within twenty messages, so the fuzzer reaches both easily.
constexpr std::array<clock_type::duration, 8> clock_steps{50ms,  0ms, 1ms, 10ms,
                                                          100ms, 1s,  10s, 600s};

std::uint64_t tokens_made = 0;

duet::signaling_config const& config() {
    static duet::signaling_config const c = [] {
        duet::signaling_config out;
        out.ice_servers = {
            {{"stun:stun.example.org:3478"}, "", ""},
            {{"turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"},
             "user",
             "secret"}};
        out.messages_per_second = 20;
        out.message_burst = 10;
        // Counted, so a script can reclaim a name with a token the fuzzer can guess.
        out.make_token = [] { return "token-" + std::to_string(++tokens_made); };
        return out;
    }();
    return c;
}

class fake_recipient final : public duet::recipient {
public:
    void send(std::shared_ptr<std::string const> const& text) override {
        require(text != nullptr, "null frame sent");
        inbox.push_back(*text);
    }
    void disconnect() override { disconnect_requested = true; }

    std::vector<std::string> inbox;
    bool disconnect_requested = false;
};

struct connection {
    std::shared_ptr<fake_recipient> self;
    std::unique_ptr<duet::signaling_handler> handler;

    bool open() const { return self != nullptr; }
};

class script {
public:
    script() : registry_(duet::make_local_registry()) { tokens_made = 0; }

    void message(std::size_t slot, std::string_view text) {
        trace("  from", slot, text);
        auto& c = open(slot);
        std::string sender = c.handler->name();
        bool keep = c.handler->on_message(text, c.self, now_);
        check_frames(sender, c);
        // As the session does: a flood that went on after the error closes the connection.
        if (!keep) close(slot);
        close_replaced();
        check_registry();
    }

    void vanish(std::size_t slot) {
        trace("  gone", slot, {});
        if (conns_[slot].open()) close(slot);
        check_registry();
    }

    void advance(clock_type::duration d) { now_ += d; }

    void finish() {
        for (std::size_t slot = 0; slot < conns_.size(); ++slot) {
            if (conns_[slot].open()) close(slot);
        }
        require(registry_->size() == 0, "names left in the registry after everyone left");
    }

private:
    connection& open(std::size_t slot) {
        auto& c = conns_[slot];
        if (!c.open()) {
            c.self = std::make_shared<fake_recipient>();
            c.handler =
                std::make_unique<duet::signaling_handler>(*registry_, presence_, config(), now_);
        }
        return c;
    }

    void close(std::size_t slot) {
        auto& c = conns_[slot];
        std::string sender = c.handler->name();
        c.handler->on_disconnect(c.self.get());
        check_frames(sender, c);
        // The session calls it again from its destructor: it must be a no-op by then.
        c.handler->on_disconnect(c.self.get());
        require(c.self->inbox.empty(), "a second disconnect sent something");
        // Kept alive so that a stale registry entry would still hand it out and be caught.
        closed_.push_back(std::move(c.self));
        c.handler.reset();
    }

    // A connection whose name was reclaimed with its token: the session forgets the name,
    // then closes, and its later disconnect must not touch the new holder's entry.
    void close_replaced() {
        for (std::size_t slot = 0; slot < conns_.size(); ++slot) {
            auto& c = conns_[slot];
            if (!c.open() || !c.self->disconnect_requested) continue;
            c.handler->forget_name();
            close(slot);
        }
    }

    // Checks and empties every inbox after a step taken by `actor`, signed in as `sender`
    // when the step began.
    void check_frames(std::string const& sender, connection const& actor) {
        for (auto const& p : closed_) {
            require(p->inbox.empty(), "a closed connection was sent a frame", p->inbox.front());
        }
        for (std::size_t slot = 0; slot < conns_.size(); ++slot) {
            auto& c = conns_[slot];
            if (!c.open()) continue;
            for (auto const& frame : c.self->inbox) {
                trace("    to", slot, frame);
                check_frame(frame, sender, actor, c);
            }
            c.self->inbox.clear();
        }
    }

    void check_frame(std::string const& frame, std::string const& sender, connection const& actor,
                     connection const& to) {
        auto decoded = proto::to_client::decode(frame);
        require(decoded.value.has_value(), "the client cannot decode a frame", frame);
        bool to_actor = to.self == actor.self;
        std::visit(
            [&](auto const& m) {
                using T = std::decay_t<decltype(m)>;
                if constexpr (std::is_same_v<T, proto::to_client::login_result>) {
                    require(to_actor, "a login reply went to another connection", frame);
                    if (m.success) {
                        require(sender.empty(), "a second login succeeded", frame);
                        require(m.name == actor.handler->name(), "login reply names another",
                                frame);
                        require(!m.token.empty(), "login without a token", frame);
                        require(m.ice_servers.size() == config().ice_servers.size(),
                                "login reply lost ICE servers", frame);
                    } else {
                        require(m.code.has_value() && !m.message.empty(),
                                "a failed login without a reason", frame);
                    }
                } else if constexpr (std::is_same_v<T, proto::to_client::error>) {
                    require(!m.message.empty(), "an error without a message", frame);
                    if (m.code == proto::error_code::replaced) {
                        require(!to_actor, "replaced error sent to the new holder", frame);
                        require(to.handler->name() == m.user && !m.user.empty(),
                                "replaced error went to a connection without that name", frame);
                        require(actor.handler->name() == m.user,
                                "a name was reclaimed but the new holder lacks it", frame);
                    } else {
                        require(to_actor, "an error went to a bystander", frame);
                    }
                } else if constexpr (std::is_same_v<T, proto::to_client::presence>) {
                    // To whoever asked for it, about anyone but themselves.
                    require(!to.handler->name().empty(), "presence to a connection not signed in",
                            frame);
                    for (auto const& u : m.users) {
                        require(u.name != to.handler->name(), "presence lists its recipient",
                                frame);
                    }
                } else if constexpr (std::is_same_v<T, proto::to_client::ice_servers>) {
                    require(to_actor && !sender.empty(), "ice_servers to another connection",
                            frame);
                } else if constexpr (std::is_same_v<T, proto::to_client::accept>) {
                    // Relayed to the caller, or sent to the caller on behalf of a callee
                    // that does not ring (the tutorial's page).
                    require(!sender.empty(), "an accept around a connection not signed in",
                            frame);
                    require(to_actor ? m.from != sender : m.from == sender,
                            "an accept names the wrong user", frame);
                    require(!to.handler->name().empty(),
                            "an accept reached a connection not signed in", frame);
                } else {
                    // offer, answer, candidate, leave, call, missed: from the sender, never
                    // back to it.
                    require(!sender.empty(), "a relay from a connection not signed in", frame);
                    require(m.from == sender, "a relay does not carry the sender's name", frame);
                    require(!to_actor, "a relay came back to its sender", frame);
                    require(!to.handler->name().empty(),
                            "a relay reached a connection not signed in", frame);
                    require(to.handler->name() != sender, "a relay reached the sender's name",
                            frame);
                }
            },
            *decoded.value);
    }

    void check_registry() {
        std::size_t signed_in = 0;
        for (std::size_t slot = 0; slot < conns_.size(); ++slot) {
            auto const& c = conns_[slot];
            if (!c.open() || c.handler->name().empty()) continue;
            ++signed_in;
            auto const& name = c.handler->name();
            require(find(name) == c.self, "registry maps a name to another connection", name);
            // A partner who has gone would take a later nameless leave to whoever next signs
            // in under that name.
            auto partner = at_once<std::string>(
                [&](auto done) { registry_->partner_of(name, std::move(done)); });
            require(partner.empty() || find(partner) != nullptr,
                    "a partner who is no longer online", partner);
            for (std::size_t other = slot + 1; other < conns_.size(); ++other) {
                auto const& o = conns_[other];
                require(!o.open() || o.handler->name() != name, "two connections share a name",
                        name);
            }
        }
        require(registry_->size() == signed_in,
                "registry size differs from the number of signed-in connections");
    }

    // The local registry's answer, which it gives inside the call.
    template <class Result, class Start>
    static Result at_once(Start start) {
        Result out{};
        bool done = false;
        start(duet::completion<Result>(
            [&](Result r) {
                out = std::move(r);
                done = true;
            },
            nullptr));
        require(done, "the local registry did not complete at once");
        return out;
    }

    std::shared_ptr<duet::recipient> find(std::string const& name) const {
        return at_once<std::shared_ptr<duet::recipient>>(
            [&](auto done) { registry_->find(name, std::move(done)); });
    }

    std::unique_ptr<duet::user_registry> registry_;
    duet::presence presence_;
    clock_type::time_point now_{std::chrono::hours(1)};
    std::array<connection, 4> conns_;
    std::vector<std::shared_ptr<fake_recipient>> closed_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view input(reinterpret_cast<char const*>(data), size);
    script s;
    while (!input.empty()) {
        auto op = static_cast<unsigned char>(input.front());
        input.remove_prefix(1);
        auto end = input.find('\n');
        std::string_view text = input.substr(0, end);
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);

        s.advance(clock_steps[(op >> 2) & 0x07]);
        std::size_t slot = op & 0x03;
        if (((op >> 5) & 0x03) == 3) {
            s.vanish(slot);
        } else {
            s.message(slot, text);
        }
    }
    s.finish();
    return 0;
}
