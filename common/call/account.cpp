// The server's /auth/ answers, read, and what they offer (account.hpp).
#include "call/account.hpp"

#include <nlohmann/json.hpp>

namespace duet::call {

namespace {

using json = nlohmann::json;

// The body as a JSON object, or null: what a 200 carries is checked like any other input.
json object_of(http_reply const& r) {
    if (r.status != 200) return nullptr;
    json doc = json::parse(r.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return nullptr;
    return doc;
}

std::string string_in(json const& doc, char const* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool true_in(json const& doc, char const* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

std::optional<provider> provider_from(http_reply const& r) {
    json doc = object_of(r);
    if (!doc.is_object() || !true_in(doc, "enabled")) return std::nullopt;
    return provider{string_in(doc, "label"), true_in(doc, "required")};
}

std::optional<account_identity> identity_from(http_reply const& r) {
    json doc = object_of(r);
    if (!doc.is_object() || !true_in(doc, "verified")) return std::nullopt;
    account_identity who{string_in(doc, "issuer"), string_in(doc, "sub"), string_in(doc, "name"),
                         string_in(doc, "email"), string_in(doc, "display")};
    // Without a name there is nothing to sign in as: as good as not signed in.
    if (who.name.empty()) return std::nullopt;
    return who;
}

bool account::on_config(http_reply const& r) {
    provider_ = provider_from(r);
    if (!provider_) me_.reset();
    return provider_.has_value();
}

std::optional<std::string> account::on_me(http_reply const& r) {
    me_ = provider_ ? identity_from(r) : std::nullopt;
    if (!me_) return std::nullopt;
    return me_->name;
}

bool account::on_login_refused(std::optional<protocol::error_code> code) {
    if (code != protocol::error_code::identity_required) return false;
    if (provider_) {
        provider_->required = true;
        return false;
    }
    return true;
}

}  // namespace duet::call
