#include "signaling/relay_text.hpp"

#include <array>
#include <span>
#include <utility>

#include "text/json_scan.hpp"

namespace duet::relay_text {

namespace to_server = protocol::to_server;
using text::json_kind;
using text::json_member;

namespace {

// A relay has three members; a client's few extra fields still take this path.
constexpr std::size_t max_members = 8;

// A string member's value when it is written without escapes, so that the text between the
// quotes is the value itself (the scan has checked it is UTF-8).
std::optional<std::string_view> plain_string(json_member const* m) {
    if (m == nullptr || m->kind != json_kind::string) return std::nullopt;
    auto inner = m->value.substr(1, m->value.size() - 2);
    if (inner.find('\\') != std::string_view::npos) return std::nullopt;
    return inner;
}

bool is_object(json_member const* m) { return m != nullptr && m->kind == json_kind::object; }

}  // namespace

std::optional<to_server::message> scan(std::string_view text, protocol::limits const& lim) {
    std::array<json_member, max_members> storage;
    auto const count = text::scan_object(text, lim.max_depth, storage);
    if (!count) return std::nullopt;

    json_member const* type = nullptr;
    json_member const* name = nullptr;
    json_member const* offer = nullptr;
    json_member const* answer = nullptr;
    json_member const* candidate = nullptr;
    for (auto const& m : std::span(storage).first(*count)) {
        // An escaped key may spell one of ours ("typ\u0065"); the tree decodes it.
        if (m.key.find('\\') != std::string_view::npos) return std::nullopt;
        json_member const** slot = m.key == "type"        ? &type
                                   : m.key == "name"      ? &name
                                   : m.key == "offer"     ? &offer
                                   : m.key == "answer"    ? &answer
                                   : m.key == "candidate" ? &candidate
                                                          : nullptr;
        if (slot == nullptr) continue;
        // nlohmann keeps the last of duplicate keys; the tree decides such a message.
        if (*slot != nullptr) return std::nullopt;
        *slot = &m;
    }

    auto const kind = plain_string(type);
    auto const to = plain_string(name);
    if (!kind || !to) return std::nullopt;
    if (*kind == "offer" && is_object(offer)) {
        return to_server::offer{std::string(*to), {}, std::string(offer->value)};
    }
    if (*kind == "answer" && is_object(answer)) {
        return to_server::answer{std::string(*to), {}, std::string(answer->value)};
    }
    // A candidate may be null: the end of candidates.
    if (*kind == "candidate" &&
        (is_object(candidate) || (candidate != nullptr && candidate->kind == json_kind::null))) {
        return to_server::candidate{std::string(*to), {}, std::string(candidate->value)};
    }
    return std::nullopt;
}

protocol::decoded<protocol::to_server::message> decode(std::string_view text,
                                                       protocol::limits const& lim) {
    if (auto relay = scan(text, lim)) {
        protocol::decoded<protocol::to_server::message> out;
        out.value = std::move(*relay);
        return out;
    }
    return protocol::to_server::decode(text, lim);
}

}  // namespace duet::relay_text
