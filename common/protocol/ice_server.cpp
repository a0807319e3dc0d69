#include "protocol/ice_server.hpp"

#include <utility>

namespace duet::protocol {

namespace {

std::string optional_string(json const& doc, char const* key) {
    auto it = doc.find(key);
    return (it != doc.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

}  // namespace

json ice_servers_to_json(std::vector<ice_server> const& servers) {
    json arr = json::array();
    for (auto const& s : servers) {
        json entry = {{"urls", s.urls}};
        if (!s.username.empty()) entry["username"] = s.username;
        if (!s.credential.empty()) entry["credential"] = s.credential;
        arr.push_back(std::move(entry));
    }
    return arr;
}

std::vector<ice_server> ice_servers_from_json(json const& list) {
    std::vector<ice_server> out;
    if (!list.is_array()) return out;
    for (auto const& entry : list) {
        if (!entry.is_object()) continue;
        ice_server server;
        auto urls = entry.find("urls");
        if (urls != entry.end() && urls->is_string()) {
            server.urls.push_back(urls->get<std::string>());
        } else if (urls != entry.end() && urls->is_array()) {
            for (auto const& u : *urls) {
                if (u.is_string()) server.urls.push_back(u.get<std::string>());
            }
        }
        if (server.urls.empty()) continue;
        server.username = optional_string(entry, "username");
        server.credential = optional_string(entry, "credential");
        out.push_back(std::move(server));
    }
    return out;
}

}  // namespace duet::protocol
