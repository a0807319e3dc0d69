#include "protocol/to_client.hpp"

#include <utility>

#include "protocol/enum_names.hpp"
#include "protocol/fields.hpp"
#include "protocol/payload_text.hpp"

namespace duet::protocol::to_client {

using namespace fields;

namespace {

std::vector<ice_server> ice_servers_field(json const& doc) {
    auto it = doc.find("iceServers");
    return it == doc.end() ? std::vector<ice_server>{} : ice_servers_from_json(*it);
}

// The server's `identity` of a caller. Lenient, like `reason`: it only adds words beside a
// name, so a malformed one is left out rather than costing the call.
std::optional<caller_identity> identity_field(json const& doc) {
    auto it = doc.find("identity");
    if (it == doc.end() || !it->is_object()) return std::nullopt;
    auto verified = it->find("verified");
    if (verified == it->end() || !verified->is_boolean()) return std::nullopt;
    caller_identity who;
    who.verified = verified->get<bool>();
    if (who.verified) {
        who.name = optional_string(*it, "name");
        who.email = optional_string(*it, "email");
        who.issuer = optional_string(*it, "issuer");
    }
    return who;
}

}  // namespace

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
        r.ice_servers = ice_servers_field(doc);
        r.token = optional_string(doc, "token");
        // Call-control settings: present only from a server that rings (see encode).
        auto policy = optional_string_field(doc, "iceTransportPolicy", err);
        if (!policy) return error_result<message>(err);
        r.ice_transport_policy = std::move(*policy);
        if (!optional_count_field(doc, "iceTtl", r.ice_ttl, err) ||
            !optional_count_field(doc, "ringTimeout", r.ring_timeout, err) ||
            !optional_count_field(doc, "lostTimeout", r.lost_timeout, err) ||
            !optional_bool_field(doc, "presence", r.presence, err) ||
            !optional_count_field(doc, "presenceWindow", r.presence_window, err)) {
            return error_result<message>(err);
        }
        return value_result<message>(std::move(r));
    }
    if (type == "offer" || type == "answer") {
        auto payload = payload_field(doc, type.c_str(), false, err);
        if (!payload) return error_result<message>(err);
        auto from = optional_string(doc, "name");
        if (type == "offer") {
            return value_result<message>(
                offer{std::move(from), std::move(*payload), {}, identity_field(doc)});
        }
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
        if (type == "call") return value_result<message>(call{std::move(*from), identity_field(doc)});
        if (type == "accept") return value_result<message>(accept{std::move(*from)});
        return value_result<message>(missed{std::move(*from)});
    }
    if (type == "presence") {
        presence p;
        if (!optional_bool_field(doc, "full", p.full, err)) return error_result<message>(err);
        if (doc.contains("more")) {
            bool more = false;
            if (!optional_bool_field(doc, "more", more, err)) return error_result<message>(err);
            p.more = more;
        }
        if (doc.contains("prefix")) {
            auto prefix = optional_string_field(doc, "prefix", err);
            if (!prefix) return error_result<message>(err);
            p.prefix = std::move(*prefix);
        }
        auto users = doc.find("users");
        if (users == doc.end() || !users->is_array()) {
            return error_result<message>(
                fail(error_code::invalid_message, "Field \"users\" must be an array"));
        }
        for (auto const& entry : *users) {
            auto const bad = fail(error_code::invalid_message,
                                  "Field \"users\" must hold objects with a string \"name\" and "
                                  "a \"status\" of " +
                                      availability_choices());
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
        m.servers = ice_servers_field(doc);
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
            if (m.presence && m.presence_window > 0) doc["presenceWindow"] = m.presence_window;
        }
    } else {
        if (m.code) doc["code"] = to_string(*m.code);
        doc["message"] = m.message;
    }
    return doc.dump();
}
std::string encode(offer const& m) {
    if (auto text = encode_with_payload_text("offer", m.from, m.sdp_text)) return std::move(*text);
    return json{{"type", "offer"}, {"offer", payload_tree(m.sdp, m.sdp_text)}, {"name", m.from}}
        .dump();
}
std::string encode(answer const& m) {
    if (auto text = encode_with_payload_text("answer", m.from, m.sdp_text)) return std::move(*text);
    return json{{"type", "answer"}, {"answer", payload_tree(m.sdp, m.sdp_text)}, {"name", m.from}}
        .dump();
}
std::string encode(candidate const& m) {
    if (auto text = encode_with_payload_text("candidate", m.from, m.candidate_text)) {
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

std::string encode(call const& m) {
    json doc{{"type", "call"}, {"name", m.from}};
    if (m.identity) doc["identity"] = identity_json(*m.identity);
    return doc.dump();
}
std::string encode(accept const& m) { return json{{"type", "accept"}, {"name", m.from}}.dump(); }
std::string encode(missed const& m) { return json{{"type", "missed"}, {"name", m.from}}.dump(); }
std::string encode(presence const& m) {
    json users = json::array();
    for (auto const& u : m.users) {
        users.push_back({{"name", u.name}, {"status", to_string(u.status)}});
    }
    json doc{{"type", "presence"}, {"full", m.full}, {"users", std::move(users)}};
    if (m.more) doc["more"] = *m.more;
    if (m.prefix) doc["prefix"] = *m.prefix;
    return doc.dump();
}
std::string encode(ice_servers const& m) {
    return json{{"type", "ice_servers"},
                {"iceServers", ice_servers_to_json(m.servers)},
                {"iceTtl", m.ttl}}
        .dump();
}

json identity_json(caller_identity const& who) {
    json out{{"verified", who.verified}};
    if (who.verified) {
        out["name"] = who.name;
        out["email"] = who.email;
        out["issuer"] = who.issuer;
    }
    return out;
}

error make_error(error_code code, std::string text, std::string user) {
    return error{code, std::move(text), std::move(user)};
}

}  // namespace duet::protocol::to_client
