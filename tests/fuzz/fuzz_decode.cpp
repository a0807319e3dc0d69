// The message codec on arbitrary bytes: both directions decode without throwing (wasm builds
// run with exceptions off, where a throw aborts the tab), whatever decodes re-encodes to text
// that decodes again to the same message, every failure is reportable as an `error` frame, and
// the server's fast relay decode (server/signaling/relay_text.hpp) gives what the protocol's
// tree decode gives.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "protocol/names.hpp"
#include "protocol/protocol.hpp"
#include "signaling/relay_text.hpp"

namespace {

namespace proto = duet::protocol;
using proto::json;

[[noreturn]] void fail(char const* what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz_decode: %s\n", what);
    if (!detail.empty()) {
        std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
    }
    std::abort();
}

void require(bool ok, char const* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

// Infinity (from "1e999") dumps as null, so such payloads cannot survive a round trip as equal.
bool all_finite(json const& j) {
    if (j.is_number_float()) return std::isfinite(j.get<double>());
    if (j.is_structured()) {
        for (auto const& item : j) {
            if (!all_finite(item)) return false;
        }
    }
    return true;
}

// A payload as a tree, whether the message holds one or the sender's text (the fast decode).
json tree_of(json const& tree, std::string const& text) {
    if (text.empty()) return tree;
    auto parsed = json::parse(text, nullptr, false);
    require(!parsed.is_discarded(), "payload text is not JSON", text);
    return parsed;
}

void require_same_payload(json const& a, std::string const& a_text, json const& b,
                          std::string const& b_text, std::string_view text) {
    auto const x = tree_of(a, a_text);
    require(!all_finite(x) || x == tree_of(b, b_text), "payload changed in a round trip", text);
}

// A failure must be something the server can send back as an `error` frame and the client can
// read: valid UTF-8 (dump would throw otherwise), a message for a person, a known code.
void require_reportable(proto::decode_error const& err) {
    require(!err.message.empty(), "decode failed without a message");
    auto frame = proto::to_client::encode(proto::to_client::make_error(err.code, err.message));
    auto back = proto::to_client::decode(frame);
    require(back.value.has_value(), "error frame does not decode", frame);
    auto const* e = std::get_if<proto::to_client::error>(&*back.value);
    require(e != nullptr && e->code == err.code && e->message == err.message,
            "error frame changed in a round trip", frame);
}

void same(proto::to_server::login const& a, proto::to_server::login const& b, std::string_view t) {
    require(a.name == b.name && a.token == b.token, "login changed in a round trip", t);
    require(a.features == b.features && a.partner == b.partner, "login changed in a round trip", t);
}
void same(proto::to_server::offer const& a, proto::to_server::offer const& b, std::string_view t) {
    require(a.to == b.to, "offer changed in a round trip", t);
    require_same_payload(a.sdp, a.sdp_text, b.sdp, b.sdp_text, t);
}
void same(proto::to_server::answer const& a, proto::to_server::answer const& b,
          std::string_view t) {
    require(a.to == b.to, "answer changed in a round trip", t);
    require_same_payload(a.sdp, a.sdp_text, b.sdp, b.sdp_text, t);
}
void same(proto::to_server::candidate const& a, proto::to_server::candidate const& b,
          std::string_view t) {
    require(a.to == b.to, "candidate changed in a round trip", t);
    require_same_payload(a.candidate, a.candidate_text, b.candidate, b.candidate_text, t);
}
void same(proto::to_server::leave const& a, proto::to_server::leave const& b, std::string_view t) {
    require(a.to == b.to && a.reason == b.reason, "leave changed in a round trip", t);
}
void same(proto::to_server::call const& a, proto::to_server::call const& b, std::string_view t) {
    require(a.to == b.to, "call changed in a round trip", t);
}
void same(proto::to_server::accept const& a, proto::to_server::accept const& b,
          std::string_view t) {
    require(a.to == b.to, "accept changed in a round trip", t);
}
void same(proto::to_server::refresh_ice const&, proto::to_server::refresh_ice const&,
          std::string_view) {}
void same(proto::to_server::search const& a, proto::to_server::search const& b,
          std::string_view t) {
    require(a.prefix == b.prefix, "search changed in a round trip", t);
}

bool same_servers(std::vector<proto::ice_server> const& a, std::vector<proto::ice_server> const& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].urls != b[i].urls || a[i].username != b[i].username ||
            a[i].credential != b[i].credential)
            return false;
    }
    return true;
}

void same(proto::to_client::login_result const& a, proto::to_client::login_result const& b,
          std::string_view t) {
    require(a.success == b.success, "login result changed in a round trip", t);
    // The encoder writes the success fields or the failure fields, never both.
    if (a.success) {
        require(a.name == b.name && a.token == b.token, "login result changed", t);
        require(same_servers(a.ice_servers, b.ice_servers), "iceServers changed", t);
        // The call settings travel together, marked by the transport policy.
        require(a.ice_transport_policy == b.ice_transport_policy, "call settings changed", t);
        if (!a.ice_transport_policy.empty()) {
            require(a.ice_ttl == b.ice_ttl && a.ring_timeout == b.ring_timeout &&
                        a.lost_timeout == b.lost_timeout && a.presence == b.presence,
                    "call settings changed in a round trip", t);
            // The window is written only beside presence lists, and only when there is one.
            require(!a.presence || a.presence_window == b.presence_window,
                    "presenceWindow changed in a round trip", t);
        }
    } else {
        require(a.code == b.code && a.message == b.message, "login failure changed", t);
    }
}
void same(proto::to_client::offer const& a, proto::to_client::offer const& b, std::string_view t) {
    require(a.from == b.from, "offer changed in a round trip", t);
    require_same_payload(a.sdp, a.sdp_text, b.sdp, b.sdp_text, t);
}
void same(proto::to_client::answer const& a, proto::to_client::answer const& b,
          std::string_view t) {
    require(a.from == b.from, "answer changed in a round trip", t);
    require_same_payload(a.sdp, a.sdp_text, b.sdp, b.sdp_text, t);
}
void same(proto::to_client::candidate const& a, proto::to_client::candidate const& b,
          std::string_view t) {
    require(a.from == b.from, "candidate changed in a round trip", t);
    require_same_payload(a.candidate, a.candidate_text, b.candidate, b.candidate_text, t);
}
void same(proto::to_client::leave const& a, proto::to_client::leave const& b, std::string_view t) {
    require(a.from == b.from && a.reason == b.reason, "leave changed in a round trip", t);
}
void same(proto::to_client::call const& a, proto::to_client::call const& b, std::string_view t) {
    require(a.from == b.from, "call changed in a round trip", t);
}
void same(proto::to_client::accept const& a, proto::to_client::accept const& b,
          std::string_view t) {
    require(a.from == b.from, "accept changed in a round trip", t);
}
void same(proto::to_client::missed const& a, proto::to_client::missed const& b,
          std::string_view t) {
    require(a.from == b.from, "missed changed in a round trip", t);
}
void same(proto::to_client::presence const& a, proto::to_client::presence const& b,
          std::string_view t) {
    require(a.full == b.full && a.users.size() == b.users.size() && a.more == b.more &&
                a.prefix == b.prefix,
            "presence changed", t);
    for (std::size_t i = 0; i < a.users.size(); ++i) {
        require(a.users[i].name == b.users[i].name && a.users[i].status == b.users[i].status,
                "presence changed in a round trip", t);
    }
}
void same(proto::to_client::ice_servers const& a, proto::to_client::ice_servers const& b,
          std::string_view t) {
    require(a.ttl == b.ttl && same_servers(a.servers, b.servers), "ice_servers changed", t);
}
void same(proto::to_client::error const& a, proto::to_client::error const& b, std::string_view t) {
    require(a.code == b.code && a.message == b.message && a.user == b.user,
            "error changed in a round trip", t);
}

std::string encode_any(proto::to_server::message const& m) {
    return std::visit([](auto const& x) { return proto::to_server::encode(x); }, m);
}
std::string encode_any(proto::to_client::message const& m) {
    return std::visit([](auto const& x) { return proto::to_client::encode(x); }, m);
}

// decode(text) -> encode -> decode must give the same message, and encoding that gives the
// same text again (a fixed point after one step: "1e999" -> null is the one allowed change).
template <class Decode>
void round_trip(std::string_view text, Decode decode) {
    auto first = decode(text);
    if (!first) {
        auto code = first.error.code;
        require(code == proto::error_code::invalid_json ||
                    code == proto::error_code::invalid_message ||
                    code == proto::error_code::unknown_type,
                "decode failed with a code that is not about the message");
        require_reportable(first.error);
        return;
    }
    std::string once = encode_any(*first.value);
    auto second = decode(once);
    require(second.value.has_value(), "re-encoded message does not decode", once);
    require(first.value->index() == second.value->index(), "message type changed", once);
    std::visit(
        [&](auto const& a) {
            using T = std::decay_t<decltype(a)>;
            same(a, std::get<T>(*second.value), once);
        },
        *first.value);
    require(once == encode_any(*second.value), "encoding is not stable", once);
}

// The fast relay decode against the tree: the same error in the same words, or the same
// message. Its frames are held to the same standard by round_trip.
void same_as_tree(std::string_view text) {
    auto fast = duet::relay_text::decode(text);
    auto tree = proto::to_server::decode(text);
    require(fast.value.has_value() == tree.value.has_value(), "fast decode disagrees with tree",
            text);
    if (!tree.value) {
        require(fast.error.code == tree.error.code && fast.error.message == tree.error.message,
                "fast decode fails differently from tree", text);
        return;
    }
    require(fast.value->index() == tree.value->index(), "fast decode gives another type", text);
    std::visit(
        [&](auto const& a) {
            using T = std::decay_t<decltype(a)>;
            same(a, std::get<T>(*tree.value), text);
        },
        *fast.value);
}

// A name that passes must be one the server can put in a JSON frame (dump throws on bad
// UTF-8) and one a client reads back unchanged.
void check_name(std::string_view text) {
    auto invalid = proto::validate_name(text);
    if (invalid) {
        require(invalid->code == proto::error_code::invalid_name, "name refused with wrong code");
        require_reportable(*invalid);
        return;
    }
    require(!text.empty() && text.size() <= 4 * proto::max_name_code_points,
            "name of impossible length accepted");
    require(text.front() != ' ' && text.back() != ' ', "name with outer spaces accepted");
    std::string name(text);
    auto frame = proto::to_client::encode(proto::to_client::leave{name});
    auto back = proto::to_client::decode(frame);
    require(back.value.has_value(), "a frame with a valid name does not decode", frame);
    require(std::get<proto::to_client::leave>(*back.value).from == name,
            "a valid name changed in a frame", frame);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text(reinterpret_cast<char const*>(data), size);
    // The server's decode: a relay's frames come from its payload text, the rest from the tree.
    round_trip(text, [](std::string_view t) { return duet::relay_text::decode(t); });
    same_as_tree(text);
    round_trip(text, [](std::string_view t) { return proto::to_client::decode(t); });
    check_name(text);
    return 0;
}
