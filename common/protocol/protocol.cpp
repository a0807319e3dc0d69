#include "protocol/protocol.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <utility>

#include "text/relay_text.hpp"

namespace duet::protocol {

namespace {

constexpr std::array<std::pair<error_code, std::string_view>, 16> error_names{{
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
    {error_code::busy, "busy"},
    {error_code::already_in_call, "already_in_call"},
    {error_code::not_ringing, "not_ringing"},
}};

constexpr std::array<std::pair<end_reason, std::string_view>, 6> end_reason_names{{
    {end_reason::hung_up, "hung_up"},
    {end_reason::declined, "declined"},
    {end_reason::cancelled, "cancelled"},
    {end_reason::no_answer, "no_answer"},
    {end_reason::busy, "busy"},
    {end_reason::connection_lost, "connection_lost"},
}};

constexpr std::array<std::pair<to_client::availability, std::string_view>, 3> availability_names{{
    {to_client::availability::available, "available"},
    {to_client::availability::busy, "busy"},
    {to_client::availability::offline, "offline"},
}};

template <class Table, class Value>
std::string_view name_in(Table const& table, Value value) {
    for (auto const& [v, name] : table) {
        if (v == value) return name;
    }
    return table.front().second;
}

template <class Table>
auto value_in(Table const& table, std::string_view text)
    -> std::optional<typename Table::value_type::first_type> {
    for (auto const& [v, name] : table) {
        if (name == text) return v;
    }
    return std::nullopt;
}

// "a, b or c": the accepted values, for an error message.
template <class Table>
std::string one_of(Table const& table) {
    std::string out;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (i > 0) out += i + 1 == table.size() ? " or " : ", ";
        out += table[i].second;
    }
    return out;
}

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

// An optional string field: absent or null reads as empty; any other type fills `err`.
std::optional<std::string> optional_string_field(json const& doc, char const* key,
                                                 decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return std::string{};
    if (!it->is_string()) {
        err = fail(error_code::invalid_message, std::string("Field \"") + key + "\" must be a string");
        return std::nullopt;
    }
    return it->get<std::string>();
}

// An optional whole number from 0 to INT_MAX; absent keeps `out`; anything else fills `err`.
bool optional_count_field(json const& doc, char const* key, int& out, decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) return true;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() > std::numeric_limits<int>::max()) {
        err = fail(error_code::invalid_message,
                   std::string("Field \"") + key + "\" must be a whole number of seconds");
        return false;
    }
    out = static_cast<int>(it->get<std::int64_t>());
    return true;
}

bool optional_bool_field(json const& doc, char const* key, bool& out, decode_error& err) {
    auto it = doc.find(key);
    if (it == doc.end()) return true;
    if (!it->is_boolean()) {
        err = fail(error_code::invalid_message, std::string("Field \"") + key + "\" must be a boolean");
        return false;
    }
    out = it->get<bool>();
    return true;
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

// A payload as a tree for the tree encoder: the text decode() kept, parsed, or the tree itself.
json payload_tree(json const& tree, std::string const& text) {
    return text.empty() ? tree : json::parse(text, nullptr, /*allow_exceptions=*/false);
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

std::string_view to_string(error_code code) { return name_in(error_names, code); }

std::optional<error_code> error_code_from_string(std::string_view text) {
    return value_in(error_names, text);
}

std::string_view to_string(end_reason reason) { return name_in(end_reason_names, reason); }

std::optional<end_reason> end_reason_from_string(std::string_view text) {
    return value_in(end_reason_names, text);
}

namespace to_client {

std::string_view to_string(availability a) { return name_in(availability_names, a); }

std::optional<availability> availability_from_string(std::string_view text) {
    return value_in(availability_names, text);
}

}  // namespace to_client

// ---------------------------------------------------------------------------------------
namespace to_server {

decoded<message> decode(std::string_view text, limits const& lim) {
    if (auto relay = relay_text::decode(text, lim)) return value_result<message>(std::move(*relay));
    return decode_via_tree(text, lim);
}

decoded<message> decode_via_tree(std::string_view text, limits const& lim) {
    auto parsed = parse_object(text, lim);
    if (!parsed) return error_result<message>(std::move(parsed.error));
    json& doc = *parsed.value;
    auto const& type = doc["type"].get_ref<std::string const&>();
    decode_error err;

    if (type == "login") {
        auto name = string_field(doc, "name", err);
        if (!name) return error_result<message>(err);
        auto token = optional_string_field(doc, "token", err);
        if (!token) return error_result<message>(err);
        auto peer = optional_string_field(doc, "peer", err);
        if (!peer) return error_result<message>(err);
        login m{std::move(*name), std::move(*token), {}, std::move(*peer)};
        auto features = doc.find("features");
        if (features != doc.end() && !features->is_null()) {
            auto const bad = fail(error_code::invalid_message,
                                  "Field \"features\" must be an array of strings");
            if (!features->is_array()) return error_result<message>(bad);
            for (auto& f : *features) {
                if (!f.is_string()) return error_result<message>(bad);
                m.features.push_back(std::move(f.get_ref<std::string&>()));
            }
        }
        return value_result<message>(std::move(m));
    }
    if (type == "call" || type == "accept") {
        auto to = string_field(doc, "name", err);
        if (!to) return error_result<message>(err);
        if (type == "call") return value_result<message>(call{std::move(*to)});
        return value_result<message>(accept{std::move(*to)});
    }
    if (type == "refresh_ice") return value_result<message>(refresh_ice{});
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
        auto to = optional_string_field(doc, "name", err);
        if (!to) return error_result<message>(err);
        leave m{std::move(*to)};
        auto reason = doc.find("reason");
        if (reason != doc.end() && !reason->is_null()) {
            if (!reason->is_string()) {
                return error_result<message>(
                    fail(error_code::invalid_message, "Field \"reason\" must be a string"));
            }
            auto const& given = reason->get_ref<std::string const&>();
            auto known = end_reason_from_string(given);
            if (!known) {
                return error_result<message>(
                    fail(error_code::invalid_message, "Field \"reason\" must be " +
                                                          one_of(end_reason_names) + ", not \"" +
                                                          given + "\""));
            }
            m.reason = *known;
        }
        return value_result<message>(std::move(m));
    }
    return error_result<message>(
        fail(error_code::unknown_type, "Command not found: " + type));
}

std::string encode(login const& m) {
    json doc = {{"type", "login"}, {"name", m.name}};
    if (!m.token.empty()) doc["token"] = m.token;
    if (!m.features.empty()) doc["features"] = m.features;
    if (!m.peer.empty()) doc["peer"] = m.peer;
    return doc.dump();
}
std::string encode(offer const& m) {
    if (auto text = relay_text::encode("offer", m.to, m.sdp_text)) return std::move(*text);
    return json{{"type", "offer"}, {"name", m.to}, {"offer", payload_tree(m.sdp, m.sdp_text)}}
        .dump();
}
std::string encode(answer const& m) {
    if (auto text = relay_text::encode("answer", m.to, m.sdp_text)) return std::move(*text);
    return json{{"type", "answer"}, {"name", m.to}, {"answer", payload_tree(m.sdp, m.sdp_text)}}
        .dump();
}
std::string encode(candidate const& m) {
    if (auto text = relay_text::encode("candidate", m.to, m.candidate_text)) {
        return std::move(*text);
    }
    return json{{"type", "candidate"},
                {"name", m.to},
                {"candidate", payload_tree(m.candidate, m.candidate_text)}}
        .dump();
}
std::string encode(leave const& m) {
    json doc = {{"type", "leave"}};
    if (!m.to.empty()) doc["name"] = m.to;
    if (m.reason != end_reason::hung_up) doc["reason"] = to_string(m.reason);
    return doc.dump();
}
std::string encode(call const& m) { return json{{"type", "call"}, {"name", m.to}}.dump(); }
std::string encode(accept const& m) { return json{{"type", "accept"}, {"name", m.to}}.dump(); }
std::string encode(refresh_ice const&) { return json{{"type", "refresh_ice"}}.dump(); }

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
        // Call-control settings: present only from a server that rings (see encode).
        auto policy = optional_string_field(doc, "iceTransportPolicy", err);
        if (!policy) return error_result<message>(err);
        r.ice_transport_policy = std::move(*policy);
        if (!optional_count_field(doc, "iceTtl", r.ice_ttl, err) ||
            !optional_count_field(doc, "ringTimeout", r.ring_timeout, err) ||
            !optional_count_field(doc, "lostTimeout", r.lost_timeout, err) ||
            !optional_bool_field(doc, "presence", r.presence, err)) {
            return error_result<message>(err);
        }
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
    if (type == "leave") {
        // Lenient on purpose: a reason this client does not know (from a newer server) still
        // ends the call, as a plain hang-up.
        auto reason = end_reason_from_string(optional_string(doc, "reason"));
        return value_result<message>(
            leave{optional_string(doc, "name"), reason.value_or(end_reason::hung_up)});
    }
    if (type == "call" || type == "accept" || type == "missed") {
        auto from = string_field(doc, "name", err);
        if (!from) return error_result<message>(err);
        if (type == "call") return value_result<message>(call{std::move(*from)});
        if (type == "accept") return value_result<message>(accept{std::move(*from)});
        return value_result<message>(missed{std::move(*from)});
    }
    if (type == "presence") {
        presence p;
        if (!optional_bool_field(doc, "full", p.full, err)) return error_result<message>(err);
        auto users = doc.find("users");
        if (users == doc.end() || !users->is_array()) {
            return error_result<message>(
                fail(error_code::invalid_message, "Field \"users\" must be an array"));
        }
        for (auto const& entry : *users) {
            auto const bad = fail(error_code::invalid_message,
                                  "Field \"users\" must hold objects with a string \"name\" and "
                                  "a \"status\" of " +
                                      one_of(availability_names));
            if (!entry.is_object()) return error_result<message>(bad);
            auto name = entry.find("name");
            auto status = entry.find("status");
            if (name == entry.end() || !name->is_string() || status == entry.end() ||
                !status->is_string()) {
                return error_result<message>(bad);
            }
            auto known = availability_from_string(status->get_ref<std::string const&>());
            if (!known) return error_result<message>(bad);
            p.users.push_back({name->get<std::string>(), *known});
        }
        return value_result<message>(std::move(p));
    }
    if (type == "ice_servers") {
        ice_servers m;
        m.servers = ice_servers_from_json(doc);
        if (!optional_count_field(doc, "iceTtl", m.ttl, err)) return error_result<message>(err);
        return value_result<message>(std::move(m));
    }
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
        // The server fills the policy in only for a login that declared feature::ring, so a
        // tutorial client's reply stays as it always was.
        if (!m.ice_transport_policy.empty()) {
            doc["iceTtl"] = m.ice_ttl;
            doc["iceTransportPolicy"] = m.ice_transport_policy;
            doc["ringTimeout"] = m.ring_timeout;
            doc["lostTimeout"] = m.lost_timeout;
            doc["presence"] = m.presence;
        }
    } else {
        if (m.code) doc["code"] = to_string(*m.code);
        doc["message"] = m.message;
    }
    return doc.dump();
}
std::string encode(offer const& m) {
    if (auto text = relay_text::encode("offer", m.from, m.sdp_text)) return std::move(*text);
    return json{{"type", "offer"}, {"offer", payload_tree(m.sdp, m.sdp_text)}, {"name", m.from}}
        .dump();
}
std::string encode(answer const& m) {
    if (auto text = relay_text::encode("answer", m.from, m.sdp_text)) return std::move(*text);
    return json{{"type", "answer"}, {"answer", payload_tree(m.sdp, m.sdp_text)}, {"name", m.from}}
        .dump();
}
std::string encode(candidate const& m) {
    if (auto text = relay_text::encode("candidate", m.from, m.candidate_text)) {
        return std::move(*text);
    }
    return json{{"type", "candidate"},
                {"candidate", payload_tree(m.candidate, m.candidate_text)},
                {"name", m.from}}
        .dump();
}
std::string encode(leave const& m) {
    json doc = {{"type", "leave"}, {"name", m.from}};
    if (m.reason != end_reason::hung_up) doc["reason"] = to_string(m.reason);
    return doc.dump();
}
std::string encode(error const& m) {
    json doc = {{"type", "error"}, {"code", to_string(m.code)}, {"message", m.message}};
    if (!m.user.empty()) doc["user"] = m.user;
    return doc.dump();
}

std::string encode(call const& m) { return json{{"type", "call"}, {"name", m.from}}.dump(); }
std::string encode(accept const& m) { return json{{"type", "accept"}, {"name", m.from}}.dump(); }
std::string encode(missed const& m) { return json{{"type", "missed"}, {"name", m.from}}.dump(); }
std::string encode(presence const& m) {
    json users = json::array();
    for (auto const& u : m.users) {
        users.push_back({{"name", u.name}, {"status", to_string(u.status)}});
    }
    return json{{"type", "presence"}, {"full", m.full}, {"users", std::move(users)}}.dump();
}
std::string encode(ice_servers const& m) {
    return json{{"type", "ice_servers"},
                {"iceServers", ice_servers_to_json(m.servers)},
                {"iceTtl", m.ttl}}
        .dump();
}

error make_error(error_code code, std::string text, std::string user) {
    return error{code, std::move(text), std::move(user)};
}

}  // namespace to_client

}  // namespace duet::protocol
