#include "identity/userinfo.hpp"

#include <nlohmann/json.hpp>

#include "identity/json_fields.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

void fill(std::string& claim, json const& answer, char const* name) {
    if (claim.empty()) claim = string_field(answer, name);
}

}  // namespace

bool lacks_profile_claims(id_claims const& claims) {
    return claims.preferred_username.empty() || claims.email.empty() ||
           !claims.email_verified.has_value() || claims.name.empty();
}

std::string bearer_access_token(std::string_view token_answer) {
    auto doc = json::parse(token_answer, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return {};
    // RFC 6749 5.1: token_type is case-insensitive.
    if (!equal_ignoring_ascii_case(string_field(doc, "token_type"), "Bearer")) return {};
    return string_field(doc, "access_token");
}

result<id_claims> with_userinfo(id_claims claims, unsigned status, std::string_view body) {
    using out_type = result<id_claims>;
    if (status != 200)
        return out_type::fail(error_code::provider,
                              "the userinfo endpoint answered " + std::to_string(status));
    if (body.size() > max_userinfo_bytes)
        return out_type::fail(error_code::provider, "the userinfo answer is too large");
    auto answer = json::parse(body, nullptr, false);
    if (answer.is_discarded() || !answer.is_object())
        return out_type::fail(error_code::bad_encoding, "the userinfo answer is not a JSON object");
    auto const subject = string_field(answer, "sub");
    if (subject.empty())
        return out_type::fail(error_code::missing_claim, "the userinfo answer has no sub");
    if (subject != claims.subject)
        return out_type::fail(error_code::bad_subject,
                              "the userinfo answer is about another subject");

    fill(claims.preferred_username, answer, "preferred_username");
    fill(claims.email, answer, "email");
    fill(claims.name, answer, "name");
    // Whether an email is verified says nothing about another one: taken only when the email
    // we keep (the token's, or the one just filled) is the one userinfo vouches for.
    auto const verified = answer.find("email_verified");
    if (!claims.email_verified && !claims.email.empty() && verified != answer.end() &&
        verified->is_boolean() && claims.email == string_field(answer, "email"))
        claims.email_verified = verified->get<bool>();
    return out_type::ok(std::move(claims));
}

}  // namespace duet::identity
