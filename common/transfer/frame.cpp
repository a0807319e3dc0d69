// The file channel's control frames (frame.hpp).
#include "transfer/frame.hpp"

#include "protocol/protocol.hpp"

namespace duet::transfer {

namespace {
using protocol::json;

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

std::optional<std::uint64_t> unsigned_at(json const& j, char const* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned()) return std::nullopt;
    return it->get<std::uint64_t>();
}

std::optional<std::string> string_at(json const& j, char const* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}
}  // namespace

std::string encode(frame const& f) {
    json j = std::visit(overloaded{
                            [](hello const& h) {
                                return json{{"t", "hello"}, {"v", h.version}};
                            },
                            [](offer const& o) {
                                return json{{"t", "offer"},
                                            {"id", o.id},
                                            {"name", o.name},
                                            {"size", o.size},
                                            {"mime", o.mime}};
                            },
                            [](accept const& a) {
                                return json{{"t", "accept"}, {"id", a.id}};
                            },
                            [](decline const& d) {
                                return json{{"t", "decline"}, {"id", d.id}};
                            },
                            [](cancel const& c) {
                                return json{{"t", "cancel"}, {"id", c.id}};
                            },
                            [](done const& d) {
                                return json{{"t", "done"}, {"id", d.id}, {"sha256", d.sha256}};
                            },
                        },
                        f);
    // A name the browser gave us is UTF-16 made UTF-8 and valid; replace, never throw.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<frame> decode(std::string_view text) {
    if (text.size() > max_frame_bytes) return std::nullopt;
    auto j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    auto type = string_at(j, "t");
    if (!type) return std::nullopt;
    if (*type == "hello") {
        hello h;
        auto v = j.find("v");
        if (v != j.end() && v->is_number_integer()) h.version = v->get<int>();
        return h;
    }
    auto id = unsigned_at(j, "id");
    if (!id) return std::nullopt;
    if (*type == "offer") {
        auto name = string_at(j, "name");
        auto size = unsigned_at(j, "size");
        if (!name || !size) return std::nullopt;
        return offer{*id, *name, *size, string_at(j, "mime").value_or("")};
    }
    if (*type == "accept") return accept{*id};
    if (*type == "decline") return decline{*id};
    if (*type == "cancel") return cancel{*id};
    if (*type == "done") {
        auto sha = string_at(j, "sha256");
        if (!sha) return std::nullopt;
        return done{*id, *sha};
    }
    return std::nullopt;
}

}  // namespace duet::transfer
