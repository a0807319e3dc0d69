// What call-control clients send (docs/call_control.md), shared by the handler tests and the
// integration tests against the real server.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace duet::testing::call_messages {

using json = nlohmann::json;

inline json const ring = {{"features", {"ring"}}};
inline json const ring_presence = {{"features", {"ring", "presence"}}};

inline json call_to(std::string const& name) { return {{"type", "call"}, {"name", name}}; }
inline json accept_to(std::string const& name) { return {{"type", "accept"}, {"name", name}}; }
inline json leave_to(std::string const& name, std::string const& reason = {}) {
    json m = {{"type", "leave"}, {"name", name}};
    if (!reason.empty()) m["reason"] = reason;
    return m;
}

}  // namespace duet::testing::call_messages
