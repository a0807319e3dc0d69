// The nodes' pub/sub payloads: see wire.hpp.
#include "cluster/wire.hpp"

#include <charconv>

#include "protocol/enum_names.hpp"

namespace duet::cluster::wire {

std::uint64_t number(std::string_view text) {
    std::uint64_t n = 0;
    std::from_chars(text.data(), text.data() + text.size(), n);
    return n;
}

std::string node_message_text(bool close, std::string_view conn, std::string_view frame) {
    std::string out;
    out.reserve(conn.size() + 2 + frame.size());
    out += close ? 'd' : 'm';
    out += conn;
    out += '\n';
    out += frame;
    return out;
}

std::optional<node_message> parse_node_message(std::string_view payload) {
    auto newline = payload.find('\n');
    if (payload.size() < 2 || newline == std::string_view::npos) return std::nullopt;
    if (payload[0] != 'm' && payload[0] != 'd') return std::nullopt;
    return node_message{payload[0] == 'd', number(payload.substr(1, newline - 1)),
                        payload.substr(newline + 1)};
}

std::optional<presence_change> parse_presence_change(std::string_view payload) {
    auto newline = payload.find('\n');
    if (newline == std::string_view::npos) return std::nullopt;
    presence_change out{number(payload.substr(0, newline)), {false, {}}};
    for (auto start = newline + 1; start < payload.size();) {
        auto end = payload.find('\n', start);
        if (end == std::string_view::npos) end = payload.size();
        auto line = payload.substr(start, end - start);
        start = end + 1;
        auto tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        if (auto status = protocol::to_client::availability_from_string(line.substr(tab + 1))) {
            out.message.users.push_back({std::string(line.substr(0, tab)), *status});
        }
    }
    return out;
}

}  // namespace duet::cluster::wire
