#include "identity/name_bindings.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "identity/json_fields.hpp"
#include "protocol/names.hpp"

namespace duet::identity {

namespace {

using json = nlohmann::json;

// Room left for a number: "alice" taken gives "alice2" ... within the name limit.
constexpr std::size_t max_base_code_points = protocol::max_name_code_points - 4;

std::string first_code_points(std::string const& text, std::size_t count) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation
        if (seen++ == count) return text.substr(0, i);
    }
    return text;
}

}  // namespace

std::string account_key(std::string const& subject, std::string const& issuer) {
    return subject + "@" + issuer;
}

std::vector<std::string> name_candidates(id_claims const& claims) {
    std::vector<std::string> out;
    auto at = claims.email.find('@');
    for (auto const& raw :
         {claims.preferred_username,
          at == std::string::npos ? std::string{} : claims.email.substr(0, at), claims.name}) {
        auto name = trimmed(first_code_points(trimmed(raw), max_base_code_points));
        if (!name.empty() && !protocol::validate_name(name)) out.push_back(std::move(name));
    }
    return out;
}

result<std::unique_ptr<name_bindings>> name_bindings::open(std::filesystem::path file) {
    using out_type = result<std::unique_ptr<name_bindings>>;
    std::unique_ptr<name_bindings> bindings(new name_bindings(file));
    std::error_code ec;
    if (file.empty() || !std::filesystem::exists(file, ec))
        return out_type::ok(std::move(bindings));
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto doc = json::parse(text.str(), nullptr, false);
    if (!in || doc.is_discarded() || !doc.is_object() || !doc.contains("bindings") ||
        !doc["bindings"].is_array())
        return out_type::fail(error_code::storage, file.string() + " is not a bindings file");
    for (auto const& entry : doc["bindings"]) {
        if (!entry.is_object() || !entry.contains("account") || !entry.contains("name") ||
            !entry["account"].is_string() || !entry["name"].is_string())
            return out_type::fail(error_code::storage, file.string() + " has a malformed entry");
        auto account = entry["account"].get<std::string>();
        auto name = entry["name"].get<std::string>();
        if (bindings->account_of_.count(name) || bindings->name_of_.count(account))
            return out_type::fail(error_code::storage, file.string() + " binds a name twice");
        bindings->name_of_[account] = name;
        bindings->account_of_[name] = account;
    }
    return out_type::ok(std::move(bindings));
}

std::string name_bindings::holder_of(std::string const& name) const {
    std::lock_guard lock(mutex_);
    auto it = account_of_.find(name);
    return it == account_of_.end() ? std::string{} : it->second;
}

std::size_t name_bindings::size() const {
    std::lock_guard lock(mutex_);
    return name_of_.size();
}

result<std::string> name_bindings::bind(std::string const& account,
                                        std::vector<std::string> const& candidates) {
    using out_type = result<std::string>;
    std::lock_guard lock(mutex_);
    if (auto it = name_of_.find(account); it != name_of_.end()) return out_type::ok(it->second);
    // The best candidate, numbered when another account has it: the next candidates are
    // there for when the best one is not a valid name at all.
    auto const base = candidates.empty() ? std::string("user") : candidates.front();
    std::string chosen = base;
    for (int n = 2; account_of_.count(chosen); ++n) chosen = base + std::to_string(n);
    name_of_[account] = chosen;
    account_of_[chosen] = account;
    if (auto failed = save()) {
        name_of_.erase(account);
        account_of_.erase(chosen);
        return out_type::fail(failed->code, std::move(failed->message));
    }
    return out_type::ok(std::move(chosen));
}

std::optional<error> name_bindings::save() const {
    if (file_.empty()) return std::nullopt;
    json doc{{"bindings", json::array()}};
    for (auto const& [account, name] : name_of_)
        doc["bindings"].push_back({{"account", account}, {"name", name}});
    auto temporary = file_;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << doc.dump(2) << "\n";
        out.flush();
        if (!out) return error{error_code::storage, "cannot write " + temporary.string()};
    }
    // rename() replaces the old file in one step: a reader sees the old list or the new one.
    std::error_code ec;
    std::filesystem::rename(temporary, file_, ec);
    if (ec)
        return error{error_code::storage, "cannot replace " + file_.string() + ": " + ec.message()};
    return std::nullopt;
}

}  // namespace duet::identity
