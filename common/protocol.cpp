#include "protocol.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace duet::protocol {

namespace {

constexpr std::array<std::pair<error_code, std::string_view>, 13> error_names{{
    {error_code::invalid_json, "invalid_json"},
    {error_code::invalid_message, "invalid_message"},
    {error_code::unknown_type, "unknown_type"},
    {error_code::invalid_name, "invalid_name"},
    {error_code::name_taken, "name_taken"},
    {error_code::already_logged_in, "already_logged_in"},
    {error_code::not_logged_in, "not_logged_in"},
    {error_code::not_online, "not_online"},
    {error_code::self_call, "self_call"},
    {error_code::no_partner, "no_partner"},
    {error_code::rate_limited, "rate_limited"},
    {error_code::login_timeout, "login_timeout"},
    {error_code::replaced, "replaced"},
}};

decode_error fail(error_code code, std::string message) { return {code, std::move(message)}; }

// nlohmann's parser is iterative but copy, dump and destruction recurse, so deep nesting is
// refused by a linear pre-scan before any tree is built.
bool within_depth(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '{':
            case '[':
                if (++depth > max_depth) return false;
                break;
            case '}':
            case ']':
                if (depth > 0) --depth;
                break;
            default:
                break;
        }
    }
    return true;
}

// Parses a JSON object with a string `type`, without throwing.
decoded<json> parse_object(std::string_view text, limits const& lim) {
    decoded<json> out;
    if (!within_depth(text, lim.max_depth)) {
        out.error = fail(error_code::invalid_json,
                         "Message nested deeper than " + std::to_string(lim.max_depth) + " levels");
        return out;
    }
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        out.error = fail(error_code::invalid_json, "Message is not valid JSON");
        return out;
    }
    if (!doc.is_object()) {
        out.error = fail(error_code::invalid_json, "Message must be a JSON object");
        return out;
    }
    auto type = doc.find("type");
    if (type == doc.end()) {
        out.error = fail(error_code::invalid_message, "Message has no \"type\" field");
        return out;
    }
    if (!type->is_string()) {
        out.error = fail(error_code::invalid_message, "Field \"type\" must be a string");
        return out;
    }
    out.value = std::move(doc);
    return out;
}

// Reads a required string field; on failure fills `err` and returns nullopt.
std::optional<std::string> string_field(json const& doc, char const* key, decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) {
        err = fail(error_code::invalid_message, std::string("Missing field \"") + key + "\"");
        return std::nullopt;
    }
    if (!it->is_string()) {
        err = fail(error_code::invalid_message, std::string("Field \"") + key + "\" must be a string");
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::string optional_string(json const& doc, char const* key) {
    auto it = doc.find(key);
    return (it != doc.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

// Session descriptions are objects; a candidate is an object or null (end of candidates).
std::optional<json> payload_field(json& doc, char const* key, bool null_allowed,
                                  decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) {
        err = fail(error_code::invalid_message, std::string("Missing field \"") + key + "\"");
        return std::nullopt;
    }
    if (!(it->is_object() || (null_allowed && it->is_null()))) {
        err = fail(error_code::invalid_message,
                   std::string("Field \"") + key + "\" must be an object" +
                       (null_allowed ? " or null" : ""));
        return std::nullopt;
    }
    return std::move(*it);
}

template <class T>
decoded<T> error_result(decode_error err) {
    decoded<T> out;
    out.error = std::move(err);
    return out;
}

template <class T, class M>
decoded<T> value_result(M&& m) {
    decoded<T> out;
    out.value = T{std::forward<M>(m)};
    return out;
}

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

std::vector<ice_server> ice_servers_from_json(json const& doc) {
    std::vector<ice_server> out;
    auto it = doc.find("iceServers");
    if (it == doc.end() || !it->is_array()) return out;
    for (auto const& entry : *it) {
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

}  // namespace

std::string_view to_string(error_code code) {
    for (auto const& [c, name] : error_names) {
        if (c == code) return name;
    }
    return "invalid_message";
}

std::optional<error_code> error_code_from_string(std::string_view text) {
    for (auto const& [c, name] : error_names) {
        if (name == text) return c;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
namespace to_server {

decoded<message> decode(std::string_view text, limits const& lim) {
    auto parsed = parse_object(text, lim);
    if (!parsed) return error_result<message>(std::move(parsed.error));
    json& doc = *parsed.value;
    auto const& type = doc["type"].get_ref<std::string const&>();
    decode_error err;

    if (type == "login") {
        auto name = string_field(doc, "name", err);
        if (!name) return error_result<message>(err);
        auto token = doc.find("token");
        if (token != doc.end() && !token->is_string() && !token->is_null()) {
            return error_result<message>(
                fail(error_code::invalid_message, "Field \"token\" must be a string"));
        }
        return value_result<message>(login{std::move(*name), optional_string(doc, "token")});
    }
    if (type == "offer" || type == "answer" || type == "candidate") {
        auto to = string_field(doc, "name", err);
        if (!to) return error_result<message>(err);
        if (type == "candidate") {
            auto payload = payload_field(doc, "candidate", true, err);
            if (!payload) return error_result<message>(err);
            return value_result<message>(candidate{std::move(*to), std::move(*payload)});
        }
        auto payload = payload_field(doc, type.c_str(), false, err);
        if (!payload) return error_result<message>(err);
        if (type == "offer") return value_result<message>(offer{std::move(*to), std::move(*payload)});
        return value_result<message>(answer{std::move(*to), std::move(*payload)});
    }
    if (type == "leave") {
        // The tutorial's client sends leave without a name when it has no partner.
        auto it = doc.find("name");
        if (it == doc.end() || it->is_null()) return value_result<message>(leave{});
        if (!it->is_string()) {
            return error_result<message>(
                fail(error_code::invalid_message, "Field \"name\" must be a string"));
        }
        return value_result<message>(leave{it->get<std::string>()});
    }
    return error_result<message>(
        fail(error_code::unknown_type, "Command not found: " + type));
}

std::string encode(login const& m) {
    json doc = {{"type", "login"}, {"name", m.name}};
    if (!m.token.empty()) doc["token"] = m.token;
    return doc.dump();
}
std::string encode(offer const& m) {
    return json{{"type", "offer"}, {"name", m.to}, {"offer", m.sdp}}.dump();
}
std::string encode(answer const& m) {
    return json{{"type", "answer"}, {"name", m.to}, {"answer", m.sdp}}.dump();
}
std::string encode(candidate const& m) {
    return json{{"type", "candidate"}, {"name", m.to}, {"candidate", m.candidate}}.dump();
}
std::string encode(leave const& m) {
    json doc = {{"type", "leave"}};
    if (!m.to.empty()) doc["name"] = m.to;
    return doc.dump();
}

}  // namespace to_server

// ---------------------------------------------------------------------------------------
namespace to_client {

decoded<message> decode(std::string_view text, limits const& lim) {
    auto parsed = parse_object(text, lim);
    if (!parsed) return error_result<message>(std::move(parsed.error));
    json& doc = *parsed.value;
    auto const type = doc["type"].get<std::string>();
    decode_error err;

    if (type == "login") {
        auto success = doc.find("success");
        if (success == doc.end() || !success->is_boolean()) {
            return error_result<message>(
                fail(error_code::invalid_message, "Field \"success\" must be a boolean"));
        }
        login_result r;
        r.success = success->get<bool>();
        r.name = optional_string(doc, "name");
        r.message = optional_string(doc, "message");
        r.code = error_code_from_string(optional_string(doc, "code"));
        r.ice_servers = ice_servers_from_json(doc);
        r.token = optional_string(doc, "token");
        return value_result<message>(std::move(r));
    }
    if (type == "offer" || type == "answer") {
        auto payload = payload_field(doc, type.c_str(), false, err);
        if (!payload) return error_result<message>(err);
        auto from = optional_string(doc, "name");
        if (type == "offer") return value_result<message>(offer{std::move(from), std::move(*payload)});
        return value_result<message>(answer{std::move(from), std::move(*payload)});
    }
    if (type == "candidate") {
        auto payload = payload_field(doc, "candidate", true, err);
        if (!payload) return error_result<message>(err);
        return value_result<message>(candidate{optional_string(doc, "name"), std::move(*payload)});
    }
    if (type == "leave") return value_result<message>(leave{optional_string(doc, "name")});
    if (type == "error") {
        error e;
        e.code = error_code_from_string(optional_string(doc, "code"))
                     .value_or(error_code::invalid_message);
        e.message = optional_string(doc, "message");
        e.user = optional_string(doc, "user");
        return value_result<message>(std::move(e));
    }
    return error_result<message>(fail(error_code::unknown_type, "Unknown message type: " + type));
}

std::string encode(login_result const& m) {
    json doc = {{"type", "login"}, {"success", m.success}};
    if (m.success) {
        doc["name"] = m.name;
        doc["iceServers"] = ice_servers_to_json(m.ice_servers);
        if (!m.token.empty()) doc["token"] = m.token;
    } else {
        if (m.code) doc["code"] = to_string(*m.code);
        doc["message"] = m.message;
    }
    return doc.dump();
}
std::string encode(offer const& m) {
    return json{{"type", "offer"}, {"offer", m.sdp}, {"name", m.from}}.dump();
}
std::string encode(answer const& m) {
    return json{{"type", "answer"}, {"answer", m.sdp}, {"name", m.from}}.dump();
}
std::string encode(candidate const& m) {
    return json{{"type", "candidate"}, {"candidate", m.candidate}, {"name", m.from}}.dump();
}
std::string encode(leave const& m) { return json{{"type", "leave"}, {"name", m.from}}.dump(); }
std::string encode(error const& m) {
    json doc = {{"type", "error"}, {"code", to_string(m.code)}, {"message", m.message}};
    if (!m.user.empty()) doc["user"] = m.user;
    return doc.dump();
}

error make_error(error_code code, std::string text, std::string user) {
    return error{code, std::move(text), std::move(user)};
}

}  // namespace to_client

}  // namespace duet::protocol
