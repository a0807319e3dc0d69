#include "protocol/to_server.hpp"

#include <utility>

#include "protocol/enum_names.hpp"
#include "protocol/fields.hpp"
#include "protocol/payload_text.hpp"

namespace duet::protocol::to_server {

using namespace fields;

decoded<message> decode(std::string_view text, limits const& lim) {
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
        auto partner = optional_string_field(doc, "peer", err);
        if (!partner) return error_result<message>(err);
        login m{std::move(*name), std::move(*token), {}, std::move(*partner)};
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
    if (type == "search") {
        auto prefix = optional_string_field(doc, "prefix", err);
        if (!prefix) return error_result<message>(err);
        if (prefix->size() > max_search_bytes) {
            return error_result<message>(fail(
                error_code::invalid_message,
                "Field \"prefix\" is longer than " + std::to_string(max_search_bytes) + " bytes"));
        }
        return value_result<message>(search{std::move(*prefix)});
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
                                                          end_reason_choices() + ", not \"" +
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
    if (!m.partner.empty()) doc["peer"] = m.partner;
    return doc.dump();
}
std::string encode(offer const& m) {
    if (auto text = encode_with_payload_text("offer", m.to, m.sdp_text)) return std::move(*text);
    return json{{"type", "offer"}, {"name", m.to}, {"offer", payload_tree(m.sdp, m.sdp_text)}}
        .dump();
}
std::string encode(answer const& m) {
    if (auto text = encode_with_payload_text("answer", m.to, m.sdp_text)) return std::move(*text);
    return json{{"type", "answer"}, {"name", m.to}, {"answer", payload_tree(m.sdp, m.sdp_text)}}
        .dump();
}
std::string encode(candidate const& m) {
    if (auto text = encode_with_payload_text("candidate", m.to, m.candidate_text)) {
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
std::string encode(search const& m) {
    return json{{"type", "search"}, {"prefix", m.prefix}}.dump();
}

}  // namespace duet::protocol::to_server
